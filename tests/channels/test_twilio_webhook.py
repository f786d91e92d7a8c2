"""The SMS webhook on a Sanic app with a scripted bot: signatures, idempotency, keywords, media,
long and Unicode messages, numbered choices, the first-contact notice and failure handling."""

from __future__ import annotations

import logging
from typing import Dict, Optional, Tuple

import pytest
from sanic import Sanic

from bot.cases.records import CaseDraft
from bot.cases.vocabulary import Category, Channel, Status, Urgency
from bot.channels.twilio import TwilioChannel
from bot.privacy.phones import phone_key
from bot.settings import load_settings
from bot.sms import optouts
from bot.wiring import Services, build_services
from tests.channels.sms_support import (
    AUTH_TOKEN,
    MANAGER,
    PATIENT,
    PUBLIC_BASE_URL,
    WEBHOOK_PATH,
    ScriptedBot,
    outbox_bodies,
    signed,
    twilio_form,
)

NOTICE = "automated complaint line"


async def post(
    app: Sanic,
    form: Dict[str, str],
    token: str = AUTH_TOKEN,
    headers: Optional[Dict[str, str]] = None,
) -> Tuple[int, str, str]:
    body, signed_headers = signed(form, token)
    _, answer = await app.asgi_client.post(
        WEBHOOK_PATH, content=body, headers=headers if headers is not None else signed_headers
    )
    return answer.status, answer.text, answer.headers.get("content-type", "")


async def text(app: Sanic, channel: TwilioChannel, body: str, **form: object) -> Tuple[int, str]:
    """Post one signed inbound SMS and wait until its background turn has finished."""
    status, twiml, _ = await post(app, twilio_form(body, **form))  # type: ignore[arg-type]
    await channel.wait_idle()
    return status, twiml


@pytest.mark.asyncio
async def test_signed_message_answers_empty_twiml_and_queues_the_reply(
    sms_app: Sanic, channel: TwilioChannel, scripted_bot: ScriptedBot, sms_services: Services
) -> None:
    status, twiml, content_type = await post(sms_app, twilio_form("I was charged twice"))
    await channel.wait_idle()

    assert status == 200
    assert content_type.startswith("text/xml")
    assert "<Message>" not in twiml and "<Response" in twiml
    [message] = scripted_bot.received
    assert message.text == "I was charged twice"
    assert message.sender_id == phone_key(PATIENT, sms_services.settings.secret_key)
    assert PATIENT not in message.sender_id
    assert message.input_channel == "twilio"
    assert message.output_channel.name() == "twilio"
    assert message.metadata == {"sms": {"phone": PATIENT}}
    [reply] = outbox_bodies(sms_services, PATIENT)
    assert reply.startswith("This is the automated complaint line of Maple Street Clinic")
    assert "Thanks.\n\nShould I save this complaint?" in reply
    assert reply.endswith("Reply 1 for Yes, 2 for No.")
    assert "/affirm" not in reply


@pytest.mark.asyncio
async def test_forged_and_unsigned_requests_are_refused_and_logged_without_the_body(
    sms_app: Sanic,
    channel: TwilioChannel,
    scripted_bot: ScriptedBot,
    sms_services: Services,
    caplog: pytest.LogCaptureFixture,
) -> None:
    form = twilio_form("secret complaint text")
    caplog.set_level(logging.INFO)

    forged = await post(sms_app, form, token="not-the-auth-token-0000")
    unsigned = await post(
        sms_app, form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    body, headers = signed(form)
    _, tampered = await sms_app.asgi_client.post(
        WEBHOOK_PATH, content=body.replace("secret", "altered"), headers=headers
    )
    wrong_url_body, wrong_url_headers = signed(form, url=PUBLIC_BASE_URL + "/elsewhere")
    _, wrong_url = await sms_app.asgi_client.post(
        WEBHOOK_PATH, content=wrong_url_body, headers=wrong_url_headers
    )
    await channel.wait_idle()

    assert [forged[0], unsigned[0], tampered.status, wrong_url.status] == [403, 403, 403, 403]
    assert scripted_bot.received == []
    assert outbox_bodies(sms_services, PATIENT) == []
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 4
    assert all("***0142" in line for line in refusals)
    assert "complaint text" not in caplog.text
    assert PATIENT not in caplog.text and PATIENT[1:] not in caplog.text


@pytest.mark.asyncio
async def test_without_an_auth_token_every_request_is_refused(
    base_env: Dict[str, str], database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings({**base_env, "DATABASE_URL": database_url})
    services = build_services(settings)
    from bot.channels.twilio import build_turns

    channel = TwilioChannel(settings, build_turns(settings, services), services.flood_guard)
    bot = ScriptedBot()
    Sanic.test_mode = True
    app = Sanic("sms_no_token")
    app.blueprint(channel.blueprint(bot), url_prefix="/webhooks/twilio")
    caplog.set_level(logging.INFO)
    try:
        statuses = [(await post(app, twilio_form("hello")))[0] for _ in range(3)]
    finally:
        services.engine.dispose()

    assert statuses == [403, 403, 403]
    assert bot.received == []
    assert caplog.text.count("TWILIO_AUTH_TOKEN is not set") == 1


@pytest.mark.asyncio
async def test_a_retried_message_sid_is_processed_once(
    sms_app: Sanic, channel: TwilioChannel, scripted_bot: ScriptedBot, sms_services: Services
) -> None:
    form = twilio_form("the waiting room was freezing")
    answers = [await post(sms_app, form) for _ in range(3)]
    await channel.wait_idle()

    assert [answer[0] for answer in answers] == [200, 200, 200]
    assert len(scripted_bot.received) == 1
    assert len(outbox_bodies(sms_services, PATIENT)) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "word", ["STOP", "stop", " StopAll ", "UNSUBSCRIBE", "cancel", "End", "QUIT\n"]
)
async def test_every_opt_out_keyword_opts_out_with_one_confirmation(
    word: str,
    sms_app: Sanic,
    channel: TwilioChannel,
    scripted_bot: ScriptedBot,
    sms_services: Services,
) -> None:
    first = await text(sms_app, channel, word)
    again = await text(sms_app, channel, word)
    after = await text(sms_app, channel, "I still want to complain")

    assert first[0] == again[0] == after[0] == 200
    assert "<Message>You will not get more texts from Maple Street Clinic" in first[1]
    assert "<Message>" not in again[1]
    with sms_services.sessions() as session:
        assert optouts.is_opted_out(session, phone_key(PATIENT, sms_services.settings.secret_key))
    assert [m.text for m in scripted_bot.received] == ["I still want to complain"]
    assert outbox_bodies(sms_services, PATIENT) == []


@pytest.mark.asyncio
@pytest.mark.parametrize("word", ["START", " unstop "])
async def test_start_opts_back_in_and_help_explains_the_line(
    word: str, sms_app: Sanic, channel: TwilioChannel, sms_services: Services
) -> None:
    await text(sms_app, channel, "STOP")
    await text(sms_app, channel, word)
    await text(sms_app, channel, "help")

    with sms_services.sessions() as session:
        key = phone_key(PATIENT, sms_services.settings.secret_key)
        assert not optouts.is_opted_out(session, key)
    opted_in, help_text = outbox_bodies(sms_services, PATIENT)
    assert "text the Maple Street Clinic complaint line again" in opted_in
    assert help_text.startswith("Maple Street Clinic complaint line.")
    assert "Reply STOP to opt out." in help_text and "911" in help_text


@pytest.mark.asyncio
async def test_media_only_message_gets_a_polite_text_answer(
    sms_app: Sanic, channel: TwilioChannel, scripted_bot: ScriptedBot, sms_services: Services
) -> None:
    status, twiml = await text(sms_app, channel, "", num_media=2)
    empty_status, _ = await text(sms_app, channel, "   ")

    assert (status, empty_status) == (200, 200)
    assert "<Message>" not in twiml
    assert scripted_bot.received == []
    media, empty = outbox_bodies(sms_services, PATIENT)
    assert NOTICE in media and "I can only read text" in media
    assert NOTICE not in empty and "came through empty" in empty


@pytest.mark.asyncio
async def test_long_and_unicode_messages_reach_the_bot_intact_up_to_1600_characters(
    sms_app: Sanic, channel: TwilioChannel, scripted_bot: ScriptedBot, sms_services: Services
) -> None:
    full = ("La recepción fue grosera 😡 " * 80)[:1600]
    too_long = "x" * 1700
    await text(sms_app, channel, full)
    await text(sms_app, channel, "Ärztin 👩‍⚕️ ignored me — 待ち時間が長い")
    await text(sms_app, channel, too_long)

    received = [m.text for m in scripted_bot.received]
    assert received[0] == full.strip()
    assert received[1] == "Ärztin 👩‍⚕️ ignored me — 待ち時間が長い"
    assert len(received) == 2  # past 1,600 characters the text is answered, not passed on
    assert "too long for us to read" in outbox_bodies(sms_services, PATIENT)[-1]


@pytest.mark.asyncio
async def test_a_number_answers_the_last_offered_choice(
    sms_app: Sanic, channel: TwilioChannel, scripted_bot: ScriptedBot, sms_services: Services
) -> None:
    await text(sms_app, channel, "the nurse never called me back")
    await text(sms_app, channel, " 1 ")
    await text(sms_app, channel, "2")

    assert [m.text for m in scripted_bot.received] == [
        "the nurse never called me back",
        "/affirm",
        "2",
    ]
    bodies = outbox_bodies(sms_services, PATIENT)
    assert bodies[1] == "Noted: affirm."
    assert sum(NOTICE in body for body in bodies) == 1


@pytest.mark.asyncio
async def test_a_failed_turn_is_answered_with_a_retry_notice(
    sms_app: Sanic,
    channel: TwilioChannel,
    scripted_bot: ScriptedBot,
    sms_services: Services,
    caplog: pytest.LogCaptureFixture,
) -> None:
    scripted_bot.fail_next = True
    caplog.set_level(logging.INFO)
    status, twiml = await text(sms_app, channel, "my bill is wrong again")

    assert status == 200 and "<Message>" not in twiml
    [reply] = outbox_bodies(sms_services, PATIENT)
    assert "something went wrong on our side" in reply
    assert "RuntimeError" in caplog.text
    assert "bill is wrong" not in caplog.text and "the model failed" not in caplog.text


@pytest.mark.asyncio
async def test_manager_texts_go_to_the_manager_commands(
    sms_app: Sanic, channel: TwilioChannel, scripted_bot: ScriptedBot, sms_services: Services
) -> None:
    await text(sms_app, channel, "status", sender=MANAGER)
    await text(sms_app, channel, "HELP", sender=MANAGER)

    assert scripted_bot.received == []
    status_reply, help_reply = outbox_bodies(sms_services, MANAGER)
    assert NOTICE not in status_reply
    assert "ACK" in help_reply and "complaint line" not in help_reply


@pytest.mark.asyncio
async def test_a_satisfaction_answer_after_a_resolved_case_is_recorded_not_chatted(
    sms_app: Sanic, channel: TwilioChannel, scripted_bot: ScriptedBot, sms_services: Services
) -> None:
    case = sms_services.cases.file(
        CaseDraft(
            channel=Channel.SMS,
            conversation_id=phone_key(PATIENT, sms_services.settings.secret_key),
            description="billed twice",
            category=Category.BILLING,
            urgency=Urgency.ROUTINE,
            contact_phone=PATIENT,
            contact_consent=True,
        )
    )
    sms_services.cases.change_status(case.id, Status.RESOLVED, "staff:lee", note="Refunded.")

    await text(sms_app, channel, "4")

    assert scripted_bot.received == []
    assert sms_services.cases.get(case.id).satisfaction == 4
    assert outbox_bodies(sms_services, PATIENT)[-1].endswith(
        "Thank you for your answer. It helps Maple Street Clinic do better."
    )
