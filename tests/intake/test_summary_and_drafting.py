"""Read-back, promise, transcript and case draft."""

from __future__ import annotations

from datetime import date
from typing import Dict

from bot.cases.vocabulary import Category, Channel, Urgency
from bot.intake.drafting import draft_case
from bot.intake.summary import contact_line, promise_values, summary_text
from bot.intake.transcript import transcript_from_events
from bot.settings import load_settings

SLOTS = {
    "description": "I was charged twice for one visit. " * 10,
    "category": "billing",
    "occurred_text": "last Tuesday",
    "occurred_on": "2026-11-17",
    "people_involved": "the billing office",
    "contact_consent": True,
    "contact_phone": "+15555550142",
    "desired_outcome": "a refund",
}


def test_summary_lists_the_answers_and_masks_the_phone() -> None:
    text = summary_text(SLOTS, Channel.WEB)
    assert "About: a bill or payment" in text
    assert "When: last Tuesday" in text
    assert "Contact: phone ending 0142" in text
    assert "+1555555" not in text
    assert "You'd like: a refund" in text


def test_sms_summary_is_short() -> None:
    assert len(summary_text(SLOTS, Channel.SMS)) < 260


def test_contact_line_without_consent() -> None:
    assert (
        contact_line({"contact_consent": False, "contact_email": "pat@example.com"}) == "no contact"
    )
    assert contact_line({"contact_consent": True, "contact_email": "pat@example.com"}) == (
        "pat@example.com"
    )


def test_promise_counts_business_days(base_env: Dict[str, str]) -> None:
    assert promise_values(load_settings(base_env)) == {"days": "2 business days"}
    one = load_settings({**base_env, "RESPONSE_BUSINESS_DAYS": "1"})
    assert promise_values(one) == {"days": "1 business day"}


def test_transcript_keeps_template_ids_of_the_current_session() -> None:
    events = [
        {"event": "user", "text": "old session", "timestamp": 1.0},
        {"event": "session_started", "timestamp": 2.0},
        {"event": "user", "text": "I was charged twice", "timestamp": 3.0},
        {
            "event": "bot",
            "text": "I'm sorry.",
            "timestamp": 4.0,
            "metadata": {"template_id": "utter_complaint_ack", "template_version": 1},
        },
        {"event": "slot", "name": "x", "value": 1, "timestamp": 5.0},
    ]
    lines = transcript_from_events(events)
    assert [(line.sender, line.text) for line in lines] == [
        ("patient", "I was charged twice"),
        ("bot", "I'm sorry."),
    ]
    assert lines[1].template_id == "utter_complaint_ack"
    assert lines[1].template_version == 1


def test_draft_drops_contact_details_without_consent() -> None:
    draft = draft_case(
        {**SLOTS, "contact_consent": False},
        channel=Channel.SMS,
        conversation_id="sms-abc",
        urgency=Urgency.URGENT,
        wants_callback=True,
        transcript=(),
    )
    assert draft.category is Category.BILLING
    assert draft.occurred_on == date(2026, 11, 17)
    assert draft.contact_phone is None and not draft.contact_consent
    assert draft.wants_callback and draft.urgency is Urgency.URGENT
