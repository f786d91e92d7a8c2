"""A case opened at the first urgent message: alerted at once, completed by the intake, never
filed twice, and left incomplete (still alerted, listed and in the digest) when the patient stops.
On SQLite and PostgreSQL, through the wired services (escalation hook included)."""

from __future__ import annotations

from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.cases.records import CaseDraft, TranscriptLine
from bot.cases.repository import CaseFilter, CaseNotFoundError
from bot.cases.vocabulary import Category, Channel, Status, Urgency
from bot.db.types import utcnow
from bot.notify.digest import DailyDigest
from bot.notify.outbox import Purpose
from bot.wiring import Services
from tests.notify.conftest import outbox_rows

FIRST_WORDS = "the front desk read my diagnosis out loud to the whole room"


def early(conversation_id: str = "conv-early", **overrides: object) -> CaseDraft:
    """What the intake holds after the first urgent message: the words, little else."""
    values = dict(
        channel=Channel.SMS,
        conversation_id=conversation_id,
        description=FIRST_WORDS,
        category=Category.PRIVACY,
        urgency=Urgency.URGENT,
        transcript=(TranscriptLine("patient", FIRST_WORDS, utcnow()),),
    )
    values.update(overrides)
    return CaseDraft(**values)  # type: ignore[arg-type]


def confirmed(conversation_id: str = "conv-early", **overrides: object) -> CaseDraft:
    """The same intake after the read-back was confirmed."""
    values = dict(
        occurred_text="this morning",
        people_involved="the receptionist",
        desired_outcome="an apology",
        contact_phone="+15555550123",
        contact_consent=True,
        transcript=(
            TranscriptLine("patient", FIRST_WORDS, utcnow()),
            TranscriptLine("bot", "When did it happen?", utcnow(), "utter_ask_occurred_text", 1),
            TranscriptLine("patient", "this morning", utcnow()),
        ),
    )
    values.update(overrides)
    return early(conversation_id, **values)


def test_the_first_urgent_message_opens_an_incomplete_case_and_alerts_at_once(
    services: Services,
) -> None:
    case = services.cases.open_draft(early())
    assert case.incomplete and case.status is Status.NEW
    [alert] = outbox_rows(services)
    assert alert.purpose == Purpose.ESCALATION.value and alert.case_id == case.id
    assert case.reference in alert.body and FIRST_WORDS not in alert.body
    trail = [(entry.action, entry.detail) for entry in services.cases.audit_trail(case.id)]
    assert trail[0] == ("created", "urgency=urgent; incomplete")


def test_the_intake_completes_the_same_case_without_a_second_alert(services: Services) -> None:
    opened = services.cases.open_draft(early())
    filed = services.cases.file(confirmed(), opened=opened.id)
    assert filed.id == opened.id and not filed.incomplete
    assert filed.contact_phone == "+15555550123" and filed.desired_outcome == "an apology"
    assert [line.text for line in services.cases.transcript(filed.id)] == [
        FIRST_WORDS,
        "When did it happen?",
        "this morning",
    ]
    assert len(services.cases.list()) == 1
    assert [row.purpose for row in outbox_rows(services)] == [Purpose.ESCALATION.value]
    assert services.cases.audit_trail(filed.id)[-1].action == "completed"


def test_filing_again_changes_nothing_and_files_no_second_case(services: Services) -> None:
    opened = services.cases.open_draft(early())
    first = services.cases.file(confirmed(), opened=opened.id)
    again = services.cases.file(confirmed(desired_outcome="something else"), opened=opened.id)
    assert again == first
    assert len(services.cases.list()) == 1


def test_each_answer_updates_the_open_case_and_its_urgency_only_rises(
    services: Services,
) -> None:
    opened = services.cases.open_draft(early(urgency=Urgency.CRISIS))
    updated = services.cases.update_draft(
        opened.id, early(urgency=Urgency.URGENT, occurred_text="today")
    )
    assert updated.incomplete and updated.occurred_text == "today"
    assert updated.urgency is Urgency.CRISIS
    raised = services.cases.update_draft(opened.id, early(urgency=Urgency.EMERGENCY))
    assert raised.urgency is Urgency.EMERGENCY
    actions = [entry.detail for entry in services.cases.audit_trail(opened.id)
               if entry.action == "urgency_raised"]
    assert actions == ["crisis->emergency"]
    assert len(outbox_rows(services)) == 1


def test_another_conversation_cannot_complete_or_update_the_case(services: Services) -> None:
    opened = services.cases.open_draft(early())
    with pytest.raises(CaseNotFoundError):
        services.cases.update_draft(opened.id, early("conv-stranger"))
    with pytest.raises(CaseNotFoundError):
        services.cases.file(confirmed("conv-stranger"), opened=opened.id)
    assert services.cases.get(opened.id).incomplete


def test_an_abandoned_intake_stays_listed_and_goes_into_the_digest(services: Services) -> None:
    opened = services.cases.open_draft(early())
    services.cases.file(
        CaseDraft(channel=Channel.WEB, conversation_id="conv-done", description="rude nurse",
                  category=Category.STAFF_COMMUNICATION, urgency=Urgency.ROUTINE)
    )
    [listed] = services.cases.list(CaseFilter(incomplete=True))
    assert listed.id == opened.id and listed.description == FIRST_WORDS
    tomorrow = utcnow().astimezone(ZoneInfo("America/New_York")) + timedelta(days=1)
    nine = tomorrow.replace(hour=9, minute=5).astimezone(timezone.utc)
    assert DailyDigest(services.settings, services.sessions, services.cases).run_if_due(nine)
    digest = [row for row in outbox_rows(services) if row.purpose == Purpose.DIGEST.value]
    assert len(digest) == 1
    assert f"1 open case was left incomplete: {opened.reference}." in digest[0].body
    assert FIRST_WORDS not in digest[0].body
