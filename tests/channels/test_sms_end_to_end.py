"""The SMS channel inside the real Rasa server: a signed webhook in, replies queued in the
outbox, then sent by the outbox worker through the real twilio client to Prism (Twilio's own
OpenAPI contract)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Dict

import pytest
import requests
from sqlalchemy import select

from bot.db.engine import make_engine, make_session_factory
from bot.notify.models import OutboxMessageRow
from bot.notify.outbox import SMS_MAX_CHARS
from bot.notify.sender import TwilioSender
from bot.notify.store import OutboxStore
from bot.notify.worker import OutboxWorker
from bot.settings import PROJECT_ROOT, load_settings
from tests.channels.sms_support import WEBHOOK_PATH, twilio_form
from tests.support.servers import RunningBot

PATIENT = "+15555550143"


async def deliver_outbox(bot: RunningBot) -> Dict[str, str]:
    """Run outbox worker passes with the real Twilio sender until nothing is due; return
    {body: status} for PATIENT."""
    settings = load_settings(bot.env)
    assert settings.twilio is not None
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    worker = OutboxWorker(
        OutboxStore(sessions, settings.secret_key),
        TwilioSender(settings.twilio, timeout=20),
        poll_seconds=0.05,
        lease_seconds=60,
    )
    try:
        # the shared bot's outbox also holds other tests' messages: drain it
        while await worker.run_once():
            pass
    finally:
        await worker.close()
    with sessions() as session:
        rows = session.execute(
            select(OutboxMessageRow).where(OutboxMessageRow.to_number == PATIENT)
        ).scalars()
        outcome = {str(row.body): f"{row.status}:{bool(row.twilio_sid)}" for row in rows}
    engine.dispose()
    return outcome


@pytest.mark.servers
@pytest.mark.asyncio
async def test_sms_conversation_through_the_real_servers_and_twilio_client(
    running: RunningBot,
) -> None:
    first = await asyncio.to_thread(running.sms, PATIENT, "Hello")
    assert first.status == 200 and first.immediate == []
    assert first.queued, "the turn queued no reply"
    assert first.queued[0].startswith("This is the automated complaint line of Maple Street")
    assert all(0 < len(body) <= SMS_MAX_CHARS for body in first.queued)
    assert not any("/affirm" in body or "/deny" in body for body in first.queued)
    sent = await deliver_outbox(running)
    assert {sent[body] for body in first.queued} == {"sent:True"}

    unsigned = requests.post(
        running.rasa_url + WEBHOOK_PATH, data=twilio_form("hello", sender=PATIENT), timeout=30
    )
    assert unsigned.status_code == 403

    media = await asyncio.to_thread(running.sms, PATIENT, "", 1)
    assert media.queued == [
        "Sorry, I can only read text, not pictures or files. Please type what happened in a few words."
    ]
    stop = await asyncio.to_thread(running.sms, PATIENT, " stop ")
    assert len(stop.immediate) == 1 and "You will not get more texts" in stop.immediate[0]
    assert stop.queued == []
    after_stop = await deliver_outbox(running)
    assert after_stop[media.queued[0]] == "suppressed:False"


@pytest.mark.servers
def test_bot_sms_command_prints_the_replies_one_message_or_a_conversation(
    running: RunningBot,
) -> None:
    bot_sms = [sys.executable, "-m", "bot", "sms", "--from", "+1 555 555 0144"]
    one = subprocess.run(
        [*bot_sms, "HELP"], env=running.env, cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    chat = subprocess.run(
        bot_sms,
        input="STOP\nSTART\n",
        env=running.env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    unsigned_env = {**running.env, "TWILIO_AUTH_TOKEN": "some-other-token-0123456789"}
    forged = subprocess.run(
        [*bot_sms, "hello"], env=unsigned_env, cwd=PROJECT_ROOT, capture_output=True, text=True
    )

    assert one.returncode == 0, one.stderr
    assert one.stdout.startswith("bot> Maple Street Clinic complaint line.")
    assert chat.returncode == 0, chat.stderr
    assert chat.stdout.splitlines() == [
        "bot> You will not get more texts from Maple Street Clinic. Reply START to text us again.",
        "bot> You can text the Maple Street Clinic complaint line again. Reply STOP to opt out.",
    ]
    assert forged.returncode == 1
    assert "the webhook answered HTTP 403" in forged.stderr
