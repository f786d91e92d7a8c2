"""Urgent means now, with the real servers: the first urgent message opens the case and queues the
manager's alert, whatever the patient does next (issue 38).

- An SMS from a new number that never writes again leaves an incomplete case, alerted.
- A crisis on the widget (socket.io) with no contact details reaches the manager, whose case
  shows what the patient was told.
- An urgent intake taken to the end completes that same case: one case, one alert.
- A poisoning is answered with Poison Control first.

No outbox worker runs in the shared bot, so the alert is seen as the queued outbox row; the
escalation bench (`bench/escalation_latency.py`) times its delivery.
"""

from __future__ import annotations

import asyncio
import time
from typing import Callable, List, Optional

import pytest
from sqlalchemy import select

from bot.cases.records import CaseRecord
from bot.cases.vocabulary import Channel, Urgency
from bot.notify.models import OutboxMessageRow
from bot.notify.outbox import Purpose
from bot.settings import load_settings
from bot.wiring import build_services
from tests.dialogue.conversation import Conversation
from tests.dialogue.test_conversations import WEB_ANSWERS, _keep
from tests.support.servers import RunningBot
from tests.web.test_socketio_channel import Client

MANAGER = "+15555550101"


def _case_where(bot: RunningBot, match: Callable[[CaseRecord], bool]) -> List[CaseRecord]:
    services = build_services(load_settings(bot.env))
    try:
        return [case for case in services.cases.list() if match(case)]
    finally:
        services.engine.dispose()


def _alerts_for(bot: RunningBot, case_id: int) -> List[str]:
    """Bodies of the manager alerts queued for a case."""
    services = build_services(load_settings(bot.env))
    try:
        with services.sessions() as session:
            rows = session.execute(
                select(OutboxMessageRow).where(
                    OutboxMessageRow.case_id == case_id,
                    OutboxMessageRow.purpose == Purpose.ESCALATION.value,
                )
            ).scalars()
            return [row.body for row in rows if row.to_number == MANAGER]
    finally:
        services.engine.dispose()


def _transcript(bot: RunningBot, case_id: int) -> List[str]:
    services = build_services(load_settings(bot.env))
    try:
        return [f"{line.sender}: {line.text}" for line in services.cases.transcript(case_id)]
    finally:
        services.engine.dispose()


@pytest.mark.servers
def test_an_sms_patient_who_stops_after_an_urgent_first_message_still_has_a_case(
    running: RunningBot,
) -> None:
    text = "the front desk announced my HIV status to everyone in the waiting room"
    exchange = running.sms("+15555550161", text)
    assert exchange.status == 200 and exchange.queued  # answered, then silence
    [case] = _case_where(running, lambda case: case.description == text)
    assert case.incomplete and case.urgency is Urgency.URGENT and case.channel is Channel.SMS
    [alert] = _alerts_for(running, case.id)
    assert case.reference in alert and "HIV" not in alert and text not in alert


@pytest.mark.servers
def test_a_widget_crisis_with_no_contact_reaches_the_manager_with_what_was_said(
    running: RunningBot,
) -> None:
    text = "my son keeps threatening to take his own life and I don't know what to do"

    async def talk() -> List[str]:
        client = Client()
        try:
            await client.session(running.rasa_url, origin=running.web_url)
            await client.say(text)
            deadline = time.monotonic() + 60
            while not client.bot and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            return list(client.bot)
        finally:
            await client.sio.disconnect()

    replies = asyncio.run(talk())
    assert replies and "988" in replies[0]
    [case] = _case_where(running, lambda case: case.description == text)
    assert case.urgency is Urgency.CRISIS and case.channel is Channel.WEB
    assert case.contact_phone is None and case.contact_email is None
    assert _alerts_for(running, case.id)
    lines = _transcript(running, case.id)
    assert lines[0] == f"patient: {text}" and "988" in lines[1]


@pytest.mark.servers
def test_an_urgent_intake_taken_to_the_end_is_one_case_alerted_once(running: RunningBot) -> None:
    chat = Conversation(running.rest, "patient-urgent-to-the-end")
    opening = "The receptionist told the whole waiting room about my diagnosis"
    replies = chat.say(opening)
    [opened] = _case_where(running, lambda case: case.conversation_id == chat.sender)
    assert opened.incomplete and opened.urgency is Urgency.URGENT
    answers = {**WEB_ANSWERS, "utter_ask_description": opening}
    question: Optional[str] = next((tid for tid in reversed(replies) if tid in answers), None)
    assert question is not None, chat.transcript()
    chat.answer_until(answers[question], answers, "utter_case_filed_urgent")
    _keep(running, "urgent-to-the-end", chat)
    [case] = _case_where(running, lambda case: case.conversation_id == chat.sender)
    assert case.id == opened.id and not case.incomplete
    assert case.reference in chat.bot_text()
    assert len(_alerts_for(running, case.id)) == 1


@pytest.mark.servers
def test_a_poisoning_is_answered_with_poison_control_first(running: RunningBot) -> None:
    chat = Conversation(running.rest, "patient-poisoning")
    text = "my 2 year old got into the pill box and ate some of the pink ones"
    replies = chat.say(text)
    assert replies[0] == "utter_poisoning"
    assert "1-800-222-1222" in chat.bot_text() and "911" in chat.bot_text()
    [case] = _case_where(running, lambda case: case.conversation_id == chat.sender)
    assert case.urgency is Urgency.EMERGENCY and case.incomplete
    assert any("1-800-222-1222" in line for line in _transcript(running, case.id))
