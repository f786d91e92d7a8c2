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
from tests.notify.conftest import prism_url  # noqa: F401 - Prism fixture shared with notify
from tests.support.servers import RunningBot, running_bot


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
    return TwilioChannel(sms_settings, build_turns(sms_settings, sms_services))


@pytest.fixture
def sms_app(channel: TwilioChannel, scripted_bot: ScriptedBot) -> Sanic:
    """A Sanic app with only our blueprint, mounted where Rasa mounts it."""
    Sanic.test_mode = True
    app = Sanic(f"sms_{uuid.uuid4().hex[:8]}")
    app.blueprint(channel.blueprint(scripted_bot), url_prefix="/webhooks/twilio")
    return app


@pytest.fixture(scope="session")
def sms_bot(
    tmp_path_factory: pytest.TempPathFactory,
    prism_url: str,  # noqa: F811 - the fixture imported above
) -> Iterator[RunningBot]:
    """The real Rasa and action servers with Twilio configured (the API pointed at Prism), so the
    SMS webhook accepts signed requests and the outbox worker can send through the real client."""
    root = tmp_path_factory.mktemp("sms-bot")
    env = {
        "BOT_VAR_DIR": str(root / "var"),
        "SECRET_KEY": "sms-e2e-secret-key-0123456789",
        "ACTION_SERVER_TOKEN": "sms-e2e-action-token-0123456789",
        "MANAGER_PHONES": "+15555550101,+15555550102",
        "OFFICE_NAME": "Maple Street Clinic",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": OFFICE_NUMBER,
        "TWILIO_API_BASE_URL": prism_url,
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
    }
    with running_bot(env, root / "logs") as bot:
        yield bot
