"""Case storage against SQLite and PostgreSQL: filing, status checks, workflow, audit."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cases.models import CaseAuditRow, CaseRow
from bot.cases.records import CaseDraft, CaseRecord, TranscriptLine
from bot.cases.repository import CaseFilter, CaseNotFoundError
from bot.cases.service import CaseService
from bot.cases.vocabulary import Category, Channel, Status, Urgency
from bot.cases.workflow import TransitionError
from bot.db.types import utcnow
from bot.wiring import Services


def draft(conversation_id: str = "conv-1", **overrides: object) -> CaseDraft:
    values = dict(
        channel=Channel.WEB,
        conversation_id=conversation_id,
        description="I waited 3 hours and nobody told me why — très long 😡",
        category=Category.SCHEDULING_WAIT,
        urgency=Urgency.ROUTINE,
        transcript=(
            TranscriptLine("patient", "I waited 3 hours", utcnow()),
            TranscriptLine("bot", "I'm sorry.", utcnow(), "utter_ack", 2),
        ),
    )
    values.update(overrides)
    return CaseDraft(**values)  # type: ignore[arg-type]


def test_file_keeps_the_patients_words_and_transcript(services: Services) -> None:
    case = services.cases.file(draft())
    assert case.reference == f"C-{1000 + case.id}"
    assert case.status is Status.NEW
    stored = services.cases.get(case.id)
    assert stored.description == "I waited 3 hours and nobody told me why — très long 😡"
    lines = services.cases.transcript(case.id)
    assert [(line.sender, line.template_id, line.template_version) for line in lines] == [
        ("patient", None, None),
        ("bot", "utter_ack", 2),
    ]
    assert lines[0].sent_at.tzinfo is not None
    trail = services.cases.audit_trail(case.id)
    assert [(entry.action, entry.actor) for entry in trail] == [("created", "patient")]


def test_status_check_needs_the_filing_conversation(services: Services) -> None:
    case = services.cases.file(draft("conv-owner"))
    assert services.cases.status_for(case.id, "conv-owner") == case
    assert services.cases.status_for(case.id, "conv-stranger") is None
    assert services.cases.status_for(case.id + 99, "conv-owner") is None


def test_workflow_and_audit(services: Services) -> None:
    case = services.cases.file(draft())
    acknowledged = services.cases.change_status(case.id, Status.ACKNOWLEDGED, "manager:0101")
    assert acknowledged.acknowledged_at is not None
    resolved = services.cases.change_status(case.id, Status.RESOLVED, "manager:0101", "Refunded")
    assert resolved.resolution_note == "Refunded"
    assert resolved.resolved_at is not None
    with pytest.raises(TransitionError):
        services.cases.change_status(case.id, Status.IN_PROGRESS, "manager:0101")
    reopened = services.cases.change_status(case.id, Status.REOPENED, "staff:ana")
    assert reopened.resolved_at is None
    actions = [(e.action, e.detail) for e in services.cases.audit_trail(case.id)]
    assert actions == [
        ("created", "urgency=routine"),
        ("status_changed", "new->acknowledged"),
        ("status_changed", "acknowledged->resolved"),
        ("closing_message_queued", "channel=web"),
        ("status_changed", "resolved->reopened"),
    ]


def test_list_filters_and_order(services: Services) -> None:
    first = services.cases.file(draft(category=Category.BILLING))
    second = services.cases.file(draft(urgency=Urgency.URGENT, channel=Channel.SMS))
    assert [case.id for case in services.cases.list()] == [second.id, first.id]
    assert [c.id for c in services.cases.list(CaseFilter(category=Category.BILLING))] == [first.id]
    assert [c.id for c in services.cases.list(CaseFilter(urgency=Urgency.URGENT))] == [second.id]
    assert [c.id for c in services.cases.list(CaseFilter(channel=Channel.SMS))] == [second.id]
    assert services.cases.list(CaseFilter(status=Status.CLOSED)) == []


def test_unknown_case(services: Services) -> None:
    with pytest.raises(CaseNotFoundError):
        services.cases.get(4242)


class ExplodingHook:
    """A filing hook that fails, as an outbox write would on a broken database."""

    def after_filed(self, session: Session, case: CaseRecord, now: datetime) -> None:
        raise RuntimeError("outbox write failed")


def test_filing_is_one_transaction(services: Services) -> None:
    failing = CaseService(services.sessions, filing_hooks=[ExplodingHook()])
    with pytest.raises(RuntimeError):
        failing.file(draft())
    with services.sessions() as session:
        assert session.execute(select(func.count()).select_from(CaseRow)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(CaseAuditRow)).scalar_one() == 0


def test_reference_numbers_are_unique_under_many_filings(services: Services) -> None:
    references = {services.cases.file(draft(f"conv-{n}")).reference for n in range(25)}
    assert len(references) == 25
