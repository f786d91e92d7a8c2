"""Case use cases: file a case, check its status, move it along the workflow, correct its reading.

Filing is one unit of work: the case, its transcript, its `created` audit event and whatever the
filing hooks add (the escalation SMS in the outbox) commit together or not at all. An urgent
conversation's case is opened at its first urgent message (`open_draft`, the same unit of work,
marked `incomplete`) and completed by `file` when the intake ends: one intake, one case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, List, Optional, Protocol, Sequence, Tuple

from sqlalchemy.orm import Session, sessionmaker

from bot.cases.records import AuditEntry, CaseDraft, CaseRecord, TranscriptLine
from bot.cases.repository import (
    CATEGORY_CHANGED,
    URGENCY_CHANGED,
    CaseFilter,
    CaseNotFoundError,
    CaseRepository,
)
from bot.cases.vocabulary import Category, Status, Urgency
from bot.db.engine import unit_of_work
from bot.db.types import utcnow


class FilingHook(Protocol):
    """Something that must happen in the same transaction as a new case (e.g. an alert)."""

    def after_filed(self, session: Session, case: CaseRecord, now: datetime) -> None:
        """Add rows for `case` to the open transaction in `session`."""


class StatusHook(Protocol):
    """Something that must happen in the same transaction as a status change."""

    def after_status_change(
        self, session: Session, case: CaseRecord, actor: str, note: Optional[str], now: datetime
    ) -> None:
        """Add rows for the changed `case` to the open transaction in `session`."""


class ReclassifyHook(Protocol):
    """Something that must happen in the same transaction as a corrected category or urgency."""

    def after_reclassified(
        self, session: Session, before: CaseRecord, case: CaseRecord, now: datetime
    ) -> None:
        """Add rows for `case`, read until now as `before`, to the open transaction."""


class CaseService:
    """The one entry point for reading and changing cases."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        filing_hooks: Sequence[FilingHook] = (),
        status_hooks: Sequence[StatusHook] = (),
        reclassify_hooks: Sequence[ReclassifyHook] = (),
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._filing_hooks = tuple(filing_hooks)
        self._status_hooks = tuple(status_hooks)
        self._reclassify_hooks = tuple(reclassify_hooks)
        self._clock = clock

    def file(
        self, draft: CaseDraft, actor: str = "patient", opened: Optional[int] = None
    ) -> CaseRecord:
        """Save the case the patient confirmed, with everything that belongs to it, atomically.

        `opened` names the case `open_draft` made for this intake: it is completed rather than a
        second one filed, and its alert is not sent again. Filing it twice (a retried action)
        returns it unchanged.
        """
        if opened is not None:
            return self._rewrite(opened, draft, completed_by=actor)
        return self._open(draft, actor, incomplete=False)

    def open_draft(self, draft: CaseDraft, actor: str = "patient") -> CaseRecord:
        """Open the case at a conversation's first urgent message, before the intake is done.

        The manager must hear of it now, not when (or if) the patient finishes answering: the
        case and its alert (the filing hooks) commit together, and the case stays `incomplete`
        until `file` completes it, so a patient who stops answering still leaves a case with
        what was said on the dashboard. The status is `new` as for any case: incomplete says
        what the office holds, not where the case stands in the workflow.
        """
        return self._open(draft, actor, incomplete=True)

    def update_draft(self, case_id: int, draft: CaseDraft) -> CaseRecord:
        """Keep an incomplete case up to date with the intake's answers and transcript.

        A case already completed, or another conversation's, is left alone and returned as is.
        """
        return self._rewrite(case_id, draft, completed_by=None)

    def _open(self, draft: CaseDraft, actor: str, incomplete: bool) -> CaseRecord:
        now = self._clock()
        with unit_of_work(self._sessions) as session:
            repo = CaseRepository(session)
            case = repo.add(draft, now, incomplete=incomplete)
            detail = f"urgency={case.urgency.value}" + ("; incomplete" if incomplete else "")
            repo.audit(case.id, "created", actor, now, detail=detail)
            for hook in self._filing_hooks:
                hook.after_filed(session, case, now)
        return case

    def _rewrite(
        self, case_id: int, draft: CaseDraft, completed_by: Optional[str]
    ) -> CaseRecord:
        """Write the intake's answers over this conversation's incomplete case; `completed_by`
        (the patient who confirmed) completes it. A completed case is returned as it is."""
        now = self._clock()
        with unit_of_work(self._sessions) as session:
            repo = CaseRepository(session)
            found = repo.draft_of(case_id, draft.conversation_id)
            if found is None:
                raise CaseNotFoundError(case_id)
            if not found.incomplete:
                return found
            case = repo.rewrite_draft(case_id, draft, now, incomplete=completed_by is None)
            _audit_raised(repo, found, case, now)
            if completed_by is not None:
                repo.audit(case_id, "completed", completed_by, now)
        return case

    def status_for(self, case_id: int, conversation_id: str) -> Optional[CaseRecord]:
        """A case for its own patient only: the filing conversation must match."""
        with unit_of_work(self._sessions) as session:
            return CaseRepository(session).find_for_conversation(case_id, conversation_id)

    def get(self, case_id: int) -> CaseRecord:
        """One case by id (staff use)."""
        with unit_of_work(self._sessions) as session:
            return CaseRepository(session).get(case_id)

    def list(self, case_filter: Optional[CaseFilter] = None) -> List[CaseRecord]:
        """Cases newest first (staff use)."""
        with unit_of_work(self._sessions) as session:
            return CaseRepository(session).list(case_filter or CaseFilter())

    def transcript(self, case_id: int) -> List[TranscriptLine]:
        """The conversation kept with a case."""
        with unit_of_work(self._sessions) as session:
            return CaseRepository(session).transcript(case_id)

    def audit_trail(self, case_id: int) -> List[AuditEntry]:
        """The audit events of a case."""
        with unit_of_work(self._sessions) as session:
            return CaseRepository(session).audit_trail(case_id)

    def change_status(
        self, case_id: int, target: Status, actor: str, note: Optional[str] = None
    ) -> CaseRecord:
        """Move a case along the workflow with its audit event and hooks, atomically."""
        now = self._clock()
        with unit_of_work(self._sessions) as session:
            repo = CaseRepository(session)
            before, case = repo.change_status(case_id, target, now)
            if note is not None and target is Status.RESOLVED:
                case = repo.update_fields(case_id, now, resolution_note=note)
            repo.audit(
                case_id,
                "status_changed",
                actor,
                now,
                detail=f"{before.status.value}->{target.value}",
            )
            for hook in self._status_hooks:
                hook.after_status_change(session, case, actor, note, now)
        return case

    def reclassify(
        self, case_id: int, category: Category, urgency: Urgency, actor: str
    ) -> CaseRecord:
        """Replace the assistant's category and urgency with a person's, atomically.

        The model files about one real complaint in four under another category than a person
        would, and the trends page counts cases by category: a correction keeps the patterns
        true. Each changed field is its own audit event (`category_changed`, `urgency_changed`,
        detail `old->new`), so the assistant's reading is never lost and the trends can count how
        often, and where, staff disagreed with it (`bot.insights.corrections`). Changing nothing
        records nothing.
        """
        now = self._clock()
        with unit_of_work(self._sessions) as session:
            repo = CaseRepository(session)
            before, case = repo.reclassify(case_id, category, urgency, now)
            if case == before:
                return case
            changes = (
                (CATEGORY_CHANGED, before.category.value, category.value),
                (URGENCY_CHANGED, before.urgency.value, urgency.value),
            )
            for action, old, new in changes:
                if old != new:
                    repo.audit(case_id, action, actor, now, detail=f"{old}->{new}")
            for hook in self._reclassify_hooks:
                hook.after_reclassified(session, before, case, now)
        return case

    def corrected(self, created_from: datetime) -> List[Tuple[CaseRecord, List[AuditEntry]]]:
        """Cases filed since `created_from` that staff re-categorised or re-graded, each with
        those events (`bot.insights.corrections` sums them up)."""
        with unit_of_work(self._sessions) as session:
            return CaseRepository(session).corrected(created_from)

    def record_view(self, case_id: int, actor: str) -> None:
        """Note that `actor` opened a case: who saw patient data, and when, is itself audited."""
        with unit_of_work(self._sessions) as session:
            repo = CaseRepository(session)
            repo.get(case_id)
            repo.audit(case_id, "viewed", actor, self._clock())

    def record_export(self, case_ids: Sequence[int], actor: str) -> None:
        """Note that `actor` downloaded these cases: an export is a view of each of them."""
        now = self._clock()
        with unit_of_work(self._sessions) as session:
            repo = CaseRepository(session)
            for case_id in case_ids:
                repo.audit(case_id, "exported", actor, now)

    def assign(self, case_id: int, assignee: Optional[str], actor: str) -> CaseRecord:
        """Give a case to a staff member (`None` takes it back), with its audit event."""
        now = self._clock()
        with unit_of_work(self._sessions) as session:
            repo = CaseRepository(session)
            case = repo.update_fields(case_id, now, assignee=assignee)
            repo.audit(case_id, "assigned", actor, now, detail=assignee or "unassigned")
        return case

    def set_due(self, case_id: int, due_at: Optional[datetime], actor: str) -> CaseRecord:
        """Set or clear the date the office promises to act by, with its audit event."""
        now = self._clock()
        with unit_of_work(self._sessions) as session:
            repo = CaseRepository(session)
            case = repo.update_fields(case_id, now, due_at=due_at)
            detail = due_at.isoformat() if due_at is not None else "cleared"
            repo.audit(case_id, "due_set", actor, now, detail=detail)
        return case

    def add_note(self, case_id: int, text: str, actor: str) -> None:
        """Keep an internal staff note as a `note_added` audit event.

        Notes are append-only facts of who wrote what and when, exactly what the audit trail
        already stores, so they live there rather than in a second table with the same columns.
        """
        note = text.strip()
        if not note:
            raise ValueError("an empty note")
        with unit_of_work(self._sessions) as session:
            repo = CaseRepository(session)
            repo.get(case_id)
            repo.audit(case_id, "note_added", actor, self._clock(), detail=note)


def _audit_raised(
    repo: CaseRepository, before: CaseRecord, case: CaseRecord, now: datetime
) -> None:
    """Note an early case whose urgency the rest of the intake raised (crisis after urgent).

    Its own action, not `urgency_changed`: that one counts staff correcting the assistant.
    """
    if case.urgency is not before.urgency:
        repo.audit(
            case.id,
            "urgency_raised",
            "patient",
            now,
            detail=f"{before.urgency.value}->{case.urgency.value}",
        )
