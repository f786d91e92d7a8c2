"""The hardened REST channel: bounded input, no spoofed channel or metadata, token when set."""

from __future__ import annotations

import logging
from typing import List

import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.rest import PrivateRestInput, _is_loopback

Sanic.test_mode = True


def app_with(channel: PrivateRestInput, received: List[UserMessage], fail: bool = False) -> Sanic:
    async def on_new_message(message: UserMessage) -> None:
        received.append(message)
        if fail:
            raise RuntimeError("tracker store is down")
        await message.output_channel.send_text_message(message.sender_id or "", "noted")

    app = Sanic(f"rest_test_{len(received)}_{id(channel)}")
    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/rest")
    return app


def post(app: Sanic, payload: object, **kwargs: object) -> tuple:
    _request, answer = app.test_client.post("/webhooks/rest/webhook", json=payload, **kwargs)
    return answer.status, answer.json


def test_message_reaches_rasa_as_rest_without_client_metadata() -> None:
    received: List[UserMessage] = []
    app = app_with(PrivateRestInput(None), received)
    status, body = post(
        app,
        {
            "sender": "patient-7",
            "message": "héllo 👋",
            "input_channel": "twilio",
            "metadata": {"sms": {"phone": "+15555550199"}},
        },
    )
    assert status == 200
    assert body == [{"recipient_id": "patient-7", "text": "noted"}]
    assert received[0].input_channel == "rest"
    assert not received[0].metadata
    assert received[0].text == "héllo 👋"


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ("not an object", 400),
        ({"message": "hi"}, 400),
        ({"sender": "", "message": "hi"}, 400),
        ({"sender": "x" * 200, "message": "hi"}, 400),
        ({"sender": "sms-0123abcd", "message": "hi"}, 400),
        ({"sender": "web-0123abcd", "message": "hi"}, 400),
        ({"sender": "p", "message": 42}, 400),
        ({"sender": "p", "message": "x" * 5001}, 413),
    ],
)
def test_bad_input_gets_a_clear_answer(payload: object, status: int) -> None:
    received: List[UserMessage] = []
    got, body = post(app_with(PrivateRestInput(None), received), payload)
    assert got == status
    assert body["error"]
    assert received == []


def test_malformed_json_is_a_400() -> None:
    app = app_with(PrivateRestInput(None), [])
    _request, answer = app.test_client.post(
        "/webhooks/rest/webhook", content="{not json", headers={"content-type": "application/json"}
    )
    assert answer.status == 400


def test_failure_is_logged_without_text(caplog: pytest.LogCaptureFixture) -> None:
    app = app_with(PrivateRestInput(None), [], fail=True)
    with caplog.at_level(logging.DEBUG):
        status, body = post(app, {"sender": "p", "message": "my secret diagnosis"})
    assert status == 503
    assert "could not answer" in body["error"]
    assert "secret diagnosis" not in caplog.text
    assert "RuntimeError" in caplog.text


def test_token_is_required_when_configured() -> None:
    received: List[UserMessage] = []
    app = app_with(PrivateRestInput("rest-token-0123456789"), received)
    assert post(app, {"sender": "p", "message": "hi"})[0] == 401
    wrong = {"authorization": "Bearer nope"}
    assert post(app, {"sender": "p", "message": "hi"}, headers=wrong)[0] == 401
    right = {"authorization": "Bearer rest-token-0123456789"}
    assert post(app, {"sender": "p", "message": "hi"}, headers=right)[0] == 200
    assert len(received) == 1


def test_only_loopback_without_token() -> None:
    assert _is_loopback("127.0.0.1")
    assert _is_loopback("::1")
    assert not _is_loopback("203.0.113.9")
    assert not _is_loopback("")
