"""The additive CaseService methods the dashboard uses, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.cases.records import CaseDraft
from bot.cases.repository import CaseFilter, CaseNotFoundError
from bot.cases.service import CaseService
from bot.cases.vocabulary import Category, Channel, Urgency
from bot.insights.corrections import Move, corrections
from bot.wiring import Services


def file(services: Services, description: str) -> int:
    draft = CaseDraft(
        channel=Channel.SMS,
        conversation_id="conv",
        description=description,
        category=Category.BILLING,
        urgency=Urgency.ROUTINE,
    )
    return services.cases.file(draft).id


def test_view_assign_due_and_note_are_audit_events(services: Services) -> None:
    case_id = file(services, "Charged twice for one visit.")
    cases = services.cases
    cases.record_view(case_id, "staff:alice")
    assert cases.assign(case_id, "bob", "staff:alice").assignee == "bob"
    due = datetime(2026, 12, 4, 22, 0, tzinfo=timezone.utc)
    assert cases.set_due(case_id, due, "staff:alice").due_at == due
    assert cases.set_due(case_id, None, "staff:bob").due_at is None
    assert cases.assign(case_id, None, "staff:bob").assignee is None
    cases.add_note(case_id, "  Asked billing for the ledger. ", "staff:bob")
    trail = [(e.action, e.actor, e.detail) for e in cases.audit_trail(case_id)]
    assert trail == [
        ("created", "patient", "urgency=routine"),
        ("viewed", "staff:alice", None),
        ("assigned", "staff:alice", "bob"),
        ("due_set", "staff:alice", due.isoformat()),
        ("due_set", "staff:bob", "cleared"),
        ("assigned", "staff:bob", "unassigned"),
        ("note_added", "staff:bob", "Asked billing for the ledger."),
    ]


def test_reclassify_keeps_the_assistants_reading_in_the_trail(services: Services) -> None:
    case_id = file(services, "They sent my results to my old address.")
    cases = services.cases
    unchanged = cases.reclassify(case_id, Category.BILLING, Urgency.ROUTINE, "staff:alice")
    assert (unchanged.category, unchanged.urgency) == (Category.BILLING, Urgency.ROUTINE)
    moved = cases.reclassify(case_id, Category.PRIVACY, Urgency.ROUTINE, "staff:alice")
    assert (moved.category, moved.urgency) == (Category.PRIVACY, Urgency.ROUTINE)
    raised = cases.reclassify(case_id, Category.PRIVACY, Urgency.URGENT, "staff:bob")
    assert cases.get(case_id).urgency is Urgency.URGENT and raised.updated_at >= moved.updated_at
    trail = [(e.action, e.actor, e.detail) for e in cases.audit_trail(case_id)]
    assert trail == [
        ("created", "patient", "urgency=routine"),
        ("category_changed", "staff:alice", "billing->privacy"),
        ("urgency_changed", "staff:bob", "routine->urgent"),
        ("manager_alert_queued", "system:escalation", "to=***0101"),
    ]
    with pytest.raises(CaseNotFoundError):
        cases.reclassify(4242, Category.OTHER, Urgency.ROUTINE, "staff:alice")


def test_corrections_count_what_staff_changed_in_the_period(services: Services) -> None:
    now = datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc)
    clock = {"now": now - timedelta(days=40)}
    cases = CaseService(services.sessions, clock=lambda: clock["now"])
    draft = CaseDraft(Channel.WEB, "web-1", "Rude at the desk.", Category.BILLING, Urgency.ROUTINE)
    old = cases.file(draft).id
    cases.reclassify(old, Category.STAFF_COMMUNICATION, Urgency.ROUTINE, "staff:alice")
    clock["now"] = now
    recent = [cases.file(draft).id for _ in range(5)]
    cases.reclassify(recent[0], Category.STAFF_COMMUNICATION, Urgency.ROUTINE, "staff:alice")
    cases.reclassify(recent[0], Category.PRIVACY, Urgency.URGENT, "staff:bob")
    cases.reclassify(recent[1], Category.BILLING, Urgency.URGENT, "staff:bob")
    cases.reclassify(recent[2], Category.FACILITY, Urgency.ROUTINE, "staff:bob")
    cases.reclassify(recent[2], Category.BILLING, Urgency.ROUTINE, "staff:alice")  # set back
    cases.reclassify(recent[3], Category.PRIVACY, Urgency.ROUTINE, "staff:alice")
    cases.reclassify(recent[4], Category.FACILITY, Urgency.ROUTINE, "staff:alice")
    counted = corrections(cases.corrected(now - timedelta(days=28)))
    assert (counted.category, counted.urgency) == (3, 2)
    assert counted.moves == (
        Move(Category.BILLING, Category.PRIVACY, 2),
        Move(Category.BILLING, Category.FACILITY, 1),
    )


def test_missing_cases_and_empty_notes_are_refused(services: Services) -> None:
    with pytest.raises(CaseNotFoundError):
        services.cases.record_view(4242, "staff:alice")
    with pytest.raises(CaseNotFoundError):
        services.cases.add_note(4242, "note", "staff:alice")
    case_id = file(services, "Charged twice.")
    with pytest.raises(ValueError, match="empty"):
        services.cases.add_note(case_id, "   ", "staff:alice")


def test_search_finds_a_reference_or_description_words_literally(services: Services) -> None:
    first = file(services, "Charged 100% twice for one visit.")
    second = file(services, "The parking_lot gate was broken.")
    file(services, "Rude reception.")
    reference = services.cases.get(first).reference

    def found(text: str) -> list[int]:
        return [case.id for case in services.cases.list(CaseFilter(search=text))]

    assert found(reference) == [first]
    assert found("CHARGED") == [first]
    assert found("100%") == [first]
    assert found("parking_lot") == [second]
    assert found("parking%lot") == []
    assert found("_") == [second]
