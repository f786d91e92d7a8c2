"""Fixtures of the SMS channel tests: settings with Twilio configured, the channel on a Sanic app."""

from __future__ import annotations

import uuid
from typing import Dict, Iterator

import pytest
from sanic import Sanic

from bot.channels.twilio import TwilioChannel, build_turns
from bot.settings import Settings, load_settings
from bot.wiring import Services, build_services
from tests.channels.sms_support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    OFFICE_NUMBER,
    PUBLIC_BASE_URL,
    ScriptedBot,
)


@pytest.fixture
def sms_env(base_env: Dict[str, str], database_url: str) -> Dict[str, str]:
    return {
        **base_env,
        "DATABASE_URL": database_url,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": OFFICE_NUMBER,
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
    }


@pytest.fixture
def sms_settings(sms_env: Dict[str, str]) -> Settings:
    return load_settings(sms_env)


@pytest.fixture
def sms_services(sms_settings: Settings) -> Iterator[Services]:
    built = build_services(sms_settings)
    yield built
    built.engine.dispose()


@pytest.fixture
def scripted_bot() -> ScriptedBot:
    return ScriptedBot()


@pytest.fixture
def channel(sms_settings: Settings, sms_services: Services) -> TwilioChannel:
    return TwilioChannel(
        sms_settings, build_turns(sms_settings, sms_services), sms_services.flood_guard
    )


@pytest.fixture
def sms_app(channel: TwilioChannel, scripted_bot: ScriptedBot) -> Sanic:
    """A Sanic app with only our blueprint, mounted where Rasa mounts it."""
    Sanic.test_mode = True
    app = Sanic(f"sms_{uuid.uuid4().hex[:8]}")
    app.blueprint(channel.blueprint(scripted_bot), url_prefix="/webhooks/twilio")
    return app
