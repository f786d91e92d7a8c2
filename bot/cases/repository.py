"""Case persistence. Takes a session from the caller's unit of work; returns plain records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.cases.models import CaseAuditRow, CaseMessageRow, CaseRow
from bot.cases.records import AuditEntry, CaseDraft, CaseRecord, TranscriptLine
from bot.cases.reference import case_id_from_reference, reference_for
from bot.cases.vocabulary import Category, Channel, Status, Urgency, most_pressing
from bot.cases.workflow import check_transition

# Audit actions of a person correcting the assistant's reading; detail "old->new".
CATEGORY_CHANGED = "category_changed"
URGENCY_CHANGED = "urgency_changed"
RECLASSIFY_ACTIONS = (CATEGORY_CHANGED, URGENCY_CHANGED)


class CaseNotFoundError(Exception):
    """No case with that id (or not one the caller may see)."""


@dataclass(frozen=True)
class CaseFilter:
    """What the case list may be narrowed to; `None` means any."""

    status: Optional[Status] = None
    category: Optional[Category] = None
    urgency: Optional[Urgency] = None
    channel: Optional[Channel] = None
    created_from: Optional[datetime] = None
    created_to: Optional[datetime] = None
    incomplete: Optional[bool] = None  # opened at the first urgent message, not yet confirmed
    limit: int = 200
    search: Optional[str] = None  # a reference number ("C-1042") or words of the description


class CaseRepository:
    """All reads and writes of cases, their transcripts and audit events within one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, draft: CaseDraft, now: datetime, incomplete: bool = False) -> CaseRecord:
        """Insert a new case with its transcript; the reference number follows from the id."""
        row = CaseRow(
            status=Status.NEW.value,
            channel=draft.channel.value,
            conversation_id=draft.conversation_id,
            incomplete=incomplete,
            created_at=now,
        )
        _fill(row, draft, now)
        self._session.add(row)
        self._session.flush()
        row.reference = reference_for(row.id)
        self.add_transcript(row.id, draft.transcript)
        self._session.flush()
        return _record(row)

    def draft_of(self, case_id: int, conversation_id: str) -> Optional[CaseRecord]:
        """The case opened early in `conversation_id` (locked for the caller's change), or None
        when it is not that conversation's."""
        row = self._session.execute(
            select(CaseRow).where(CaseRow.id == case_id).with_for_update()
        ).scalar_one_or_none()
        if row is None or row.conversation_id != conversation_id:
            return None
        return _record(row)

    def rewrite_draft(
        self, case_id: int, draft: CaseDraft, now: datetime, incomplete: bool
    ) -> CaseRecord:
        """Replace what an early case holds with `draft` (answers and the transcript so far).

        The urgency never falls: the manager was alerted at the level first seen.
        """
        row = self._row(case_id, for_update=True)
        kept = Urgency(row.urgency)
        _fill(row, draft, now)
        row.urgency = most_pressing((kept, draft.urgency)).value
        row.incomplete = incomplete
        self._session.execute(delete(CaseMessageRow).where(CaseMessageRow.case_id == case_id))
        self.add_transcript(case_id, draft.transcript)
        self._session.flush()
        return _record(row)

    def add_transcript(self, case_id: int, lines: Sequence[TranscriptLine]) -> None:
        """Append conversation lines to a case."""
        self._session.add_all(
            CaseMessageRow(
                case_id=case_id,
                sender=line.sender,
                text=line.text,
                template_id=line.template_id,
                template_version=line.template_version,
                sent_at=line.sent_at,
            )
            for line in lines
        )

    def get(self, case_id: int) -> CaseRecord:
        """The case with `case_id`, or `CaseNotFoundError`."""
        return _record(self._row(case_id))

    def find_for_conversation(self, case_id: int, conversation_id: str) -> Optional[CaseRecord]:
        """The case only if it was filed from `conversation_id`: the status-check rule."""
        row = self._session.get(CaseRow, case_id)
        if row is None or row.conversation_id != conversation_id:
            return None
        return _record(row)

    def list(self, case_filter: CaseFilter) -> List[CaseRecord]:
        """Cases newest first, narrowed by `case_filter`."""
        query = select(CaseRow).order_by(CaseRow.created_at.desc(), CaseRow.id.desc())
        for column, value in (
            (CaseRow.status, case_filter.status),
            (CaseRow.category, case_filter.category),
            (CaseRow.urgency, case_filter.urgency),
            (CaseRow.channel, case_filter.channel),
        ):
            if value is not None:
                query = query.where(column == value.value)
        if case_filter.incomplete is not None:
            query = query.where(CaseRow.incomplete.is_(case_filter.incomplete))
        if case_filter.created_from is not None:
            query = query.where(CaseRow.created_at >= case_filter.created_from)
        if case_filter.created_to is not None:
            query = query.where(CaseRow.created_at < case_filter.created_to)
        if case_filter.search:
            query = query.where(_matches(case_filter.search))
        rows = self._session.execute(query.limit(case_filter.limit)).scalars()
        return [_record(row) for row in rows]

    def transcript(self, case_id: int) -> List[TranscriptLine]:
        """The conversation kept with a case, in order."""
        rows = self._session.execute(
            select(CaseMessageRow)
            .where(CaseMessageRow.case_id == case_id)
            .order_by(CaseMessageRow.sent_at, CaseMessageRow.id)
        ).scalars()
        return [
            TranscriptLine(
                sender=row.sender,
                text=row.text,
                sent_at=row.sent_at,
                template_id=row.template_id,
                template_version=row.template_version,
            )
            for row in rows
        ]

    def change_status(
        self, case_id: int, target: Status, now: datetime
    ) -> Tuple[CaseRecord, CaseRecord]:
        """Move a case along the workflow, stamping the matching time; raises on a bad move.
        Returns the case as it was (read under the row lock, as in `reclassify`, so the audit
        names the status a move really left) and as it is."""
        row = self._row(case_id, for_update=True)
        before = _record(row)
        check_transition(before.status, target)
        row.status = target.value
        row.updated_at = now
        if target is Status.ACKNOWLEDGED and row.acknowledged_at is None:
            row.acknowledged_at = now
        elif target is Status.RESOLVED:
            row.resolved_at = now
            row.acknowledged_at = row.acknowledged_at or now
        elif target is Status.CLOSED:
            row.closed_at = now
        elif target is Status.REOPENED:
            row.resolved_at = None
            row.closed_at = None
        self._session.flush()
        return before, _record(row)

    def update_fields(self, case_id: int, now: datetime, **values: object) -> CaseRecord:
        """Set plain fields (assignee, due date, resolution note, satisfaction)."""
        allowed = {"assignee", "due_at", "resolution_note", "satisfaction", "wants_callback"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"not an updatable case field: {sorted(unknown)}")
        row = self._row(case_id, for_update=True)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now
        self._session.flush()
        return _record(row)

    def reclassify(
        self, case_id: int, category: Category, urgency: Urgency, now: datetime
    ) -> Tuple[CaseRecord, CaseRecord]:
        """Set the category and urgency a person chose over the assistant's reading; return the
        case as it was (read under the row lock, so two people correcting at once each see the
        other's change) and as it is. Choosing what it already has touches nothing."""
        row = self._row(case_id, for_update=True)
        before = _record(row)
        if (before.category, before.urgency) == (category, urgency):
            return before, before
        row.category = category.value
        row.urgency = urgency.value
        row.updated_at = now
        self._session.flush()
        return before, _record(row)

    def corrected(self, created_from: datetime) -> List[Tuple[CaseRecord, List[AuditEntry]]]:
        """Cases filed since `created_from` whose category or urgency staff changed, each with
        those change events, oldest first."""
        rows = self._session.execute(
            select(CaseRow, CaseAuditRow)
            .join(CaseAuditRow, CaseAuditRow.case_id == CaseRow.id)
            .where(
                CaseRow.created_at >= created_from,
                CaseAuditRow.action.in_(RECLASSIFY_ACTIONS),
            )
            .order_by(CaseRow.id, CaseAuditRow.created_at, CaseAuditRow.id)
        ).all()
        found: Dict[int, Tuple[CaseRecord, List[AuditEntry]]] = {}
        for case_row, audit_row in rows:
            _, events = found.setdefault(case_row.id, (_record(case_row), []))
            events.append(_entry(audit_row))
        return list(found.values())

    def audit(
        self, case_id: int, action: str, actor: str, now: datetime, detail: Optional[str] = None
    ) -> None:
        """Record an audit event in the caller's transaction."""
        self._session.add(
            CaseAuditRow(case_id=case_id, action=action, actor=actor, detail=detail, created_at=now)
        )

    def audit_trail(self, case_id: int) -> List[AuditEntry]:
        """Every audit event of a case, oldest first."""
        rows = self._session.execute(
            select(CaseAuditRow)
            .where(CaseAuditRow.case_id == case_id)
            .order_by(CaseAuditRow.created_at, CaseAuditRow.id)
        ).scalars()
        return [_entry(row) for row in rows]

    def _row(self, case_id: int, for_update: bool = False) -> CaseRow:
        query = select(CaseRow).where(CaseRow.id == case_id)
        if for_update:
            query = query.with_for_update()
        row = self._session.execute(query).scalar_one_or_none()
        if row is None:
            raise CaseNotFoundError(case_id)
        return row


def _matches(search: str) -> ColumnElement[bool]:
    """A reference number finds its case; otherwise the text is looked for in descriptions
    (case-insensitively, with LIKE wildcards in the search taken literally)."""
    text = search.strip()
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    condition = CaseRow.description.ilike(f"%{escaped}%", escape="\\")
    case_id = case_id_from_reference(text)
    if case_id is not None:
        return or_(CaseRow.id == case_id, condition)
    return condition


def _fill(row: CaseRow, draft: CaseDraft, now: datetime) -> None:
    """Copy what the patient told into `row` (a new case, or an early one being completed)."""
    row.category = draft.category.value
    row.urgency = draft.urgency.value
    row.description = draft.description
    row.occurred_text = draft.occurred_text
    row.occurred_on = draft.occurred_on
    row.people_involved = draft.people_involved
    row.desired_outcome = draft.desired_outcome
    row.contact_phone = draft.contact_phone
    row.contact_email = draft.contact_email
    row.contact_consent = draft.contact_consent
    row.wants_callback = draft.wants_callback
    row.triage_confidence = draft.triage_confidence
    row.updated_at = now


def _entry(row: CaseAuditRow) -> AuditEntry:
    return AuditEntry(
        case_id=row.case_id,
        action=row.action,
        actor=row.actor,
        detail=row.detail,
        created_at=row.created_at,
    )


def _record(row: CaseRow) -> CaseRecord:
    return CaseRecord(
        id=row.id,
        reference=row.reference or reference_for(row.id),
        status=Status(row.status),
        category=Category(row.category),
        urgency=Urgency(row.urgency),
        channel=Channel(row.channel),
        conversation_id=row.conversation_id,
        description=row.description,
        occurred_text=row.occurred_text,
        occurred_on=row.occurred_on,
        people_involved=row.people_involved,
        desired_outcome=row.desired_outcome,
        contact_phone=row.contact_phone,
        contact_email=row.contact_email,
        contact_consent=bool(row.contact_consent),
        wants_callback=bool(row.wants_callback),
        triage_confidence=row.triage_confidence,
        assignee=row.assignee,
        due_at=row.due_at,
        resolution_note=row.resolution_note,
        satisfaction=row.satisfaction,
        created_at=row.created_at,
        updated_at=row.updated_at,
        acknowledged_at=row.acknowledged_at,
        resolved_at=row.resolved_at,
        closed_at=row.closed_at,
        incomplete=bool(row.incomplete),
    )
