"""A bot with the SMS webhook open (Twilio credentials set, nothing sent: no worker runs), so
dialogue tests can talk to it as an SMS patient and as a web patient."""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.support.servers import RunningBot, running_bot

OFFICE_NUMBER = "+15555550100"


@pytest.fixture(scope="session")
def intake_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    """The real Rasa, action and web servers on SQLite stores for the dialogue tests."""
    root = tmp_path_factory.mktemp("intake-bot")
    env = {
        "BOT_VAR_DIR": str(root / "var"),
        "SECRET_KEY": "intake-secret-key-0123456789",
        "ACTION_SERVER_TOKEN": "intake-action-token-0123456789",
        "MANAGER_PHONES": "+15555550101,+15555550102",
        "OFFICE_NAME": "Maple Street Clinic",
        "OFFICE_PHONE": "+15555550100",
        "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
        "TWILIO_AUTH_TOKEN": "intake-twilio-token-0123456789",
        "TWILIO_FROM_NUMBER": OFFICE_NUMBER,
    }
    with running_bot(env, root / "logs") as bot:
        yield bot
