"""Closing messages and the 1-5 satisfaction answer, for SMS and web patients."""

from __future__ import annotations

import pytest

from bot.cases.vocabulary import Channel, Status, Urgency
from bot.notify.closing import parse_score
from bot.notify.outbox import Purpose
from bot.wiring import Services
from tests.notify.conftest import PATIENT_PHONE, file_case, outbox_rows


@pytest.mark.parametrize(("text", "score"), [("5", 5), (" 1 ", 1), ("4!", 4), ("3/5", 3),
                                             ("2 stars", 2), ("6", None), ("0", None),
                                             ("5 people were rude", None), ("yes", None)])
def test_parse_score(text: str, score: object) -> None:
    assert parse_score(text) == score


def test_sms_patient_gets_closing_sms_and_answer_is_stored(services: Services) -> None:
    case = file_case(services, urgency=Urgency.ROUTINE)
    assert services.surveys.try_record(PATIENT_PHONE, "5") is False  # nothing asked yet
    services.cases.change_status(case.id, Status.RESOLVED, "staff:lee", note="We refunded you.")
    [closing] = outbox_rows(services)
    assert closing.purpose == Purpose.PATIENT_CLOSING.value
    assert closing.to_number == PATIENT_PHONE
    assert "We refunded you." in closing.body and "Reply 1" in closing.body
    assert services.surveys.try_record("+1 555 555 0199", "5") is False  # another number
    assert services.surveys.try_record(PATIENT_PHONE, "it was fine") is False  # goes to Rasa
    assert services.surveys.try_record("(555) 555-0123", "4") is True
    assert services.surveys.try_record(PATIENT_PHONE, "5") is False  # answered already
    assert services.cases.get(case.id).satisfaction == 4
    trail = services.cases.audit_trail(case.id)
    assert ("satisfaction_recorded", "score=4") in [(e.action, e.detail) for e in trail]


@pytest.mark.parametrize(("phone", "consent"), [(None, True), (PATIENT_PHONE, False)])
def test_no_closing_sms_without_a_number_or_consent(
    services: Services, phone: object, consent: bool
) -> None:
    case = file_case(services, urgency=Urgency.ROUTINE, phone=phone, consent=consent)  # type: ignore[arg-type]
    services.cases.change_status(case.id, Status.RESOLVED, "staff:lee", note="Done.")
    assert outbox_rows(services) == []


def test_web_patient_sees_closing_message_once_and_can_answer(services: Services) -> None:
    case = file_case(services, urgency=Urgency.ROUTINE, channel=Channel.WEB, phone=None,
                     conversation_id="web-session-7")
    services.cases.change_status(case.id, Status.RESOLVED, "staff:lee", note="Ramp repaired.")
    assert outbox_rows(services) == []
    assert services.surveys.try_record_web("web-session-7", "5") is False  # not shown yet
    message = services.surveys.pending_web_message("web-session-7")
    assert message is not None and "Ramp repaired." in message and case.reference in message
    assert services.surveys.pending_web_message("web-session-7") is None
    assert services.surveys.pending_web_message("someone-else") is None
    assert services.surveys.try_record_web("web-session-7", "3") is True
    assert services.cases.get(case.id).satisfaction == 3
