"""Settings: defaults that work with nothing typed, one clear line for every bad value."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

import pytest

from bot.cli import main
from bot.settings import ConfigError, load_settings, parse_phone

VALID_SID = "AC" + "0" * 32


def test_embedded_defaults_need_nothing(tmp_path: Path) -> None:
    settings = load_settings({"BOT_VAR_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'cases.db'}"
    assert settings.tracker_database_url == f"sqlite:///{tmp_path / 'tracker.db'}"
    assert settings.redis_url is None
    assert settings.twilio is None and not settings.sms_enabled
    assert settings.manager_phones == ()


def test_generated_secrets_persist_and_are_private(tmp_path: Path) -> None:
    first = load_settings({"BOT_VAR_DIR": str(tmp_path)})
    second = load_settings({"BOT_VAR_DIR": str(tmp_path)})
    assert first.secret_key == second.secret_key
    assert first.action_server_token == second.action_server_token
    assert first.secret_key != first.action_server_token
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_postgres_shares_the_database_with_rasa_tracker(tmp_path: Path) -> None:
    url = "postgresql://intake@127.0.0.1:5432/intake"
    settings = load_settings({"BOT_VAR_DIR": str(tmp_path), "DATABASE_URL": url})
    assert settings.tracker_database_url == url


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
        ({"DATABASE_URL": "sqlite://"}, "DATABASE_URL"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"TWILIO_ACCOUNT_SID": VALID_SID}, "TWILIO_AUTH_TOKEN"),
        ({"TWILIO_AUTH_TOKEN": "secret"}, "TWILIO_ACCOUNT_SID"),
        ({"TWILIO_ACCOUNT_SID": "AC12", "TWILIO_AUTH_TOKEN": "x"}, "TWILIO_ACCOUNT_SID"),
        ({"TWILIO_ACCOUNT_SID": VALID_SID, "TWILIO_AUTH_TOKEN": "x"}, "TWILIO_FROM_NUMBER"),
        (
            {"TWILIO_ACCOUNT_SID": VALID_SID, "TWILIO_AUTH_TOKEN": "x", "TWILIO_FROM_NUMBER": "12"},
            "TWILIO_FROM_NUMBER",
        ),
        ({"MANAGER_PHONES": "+15555550101,call me"}, "MANAGER_PHONES"),
        ({"PUBLIC_BASE_URL": "ftp://example.org"}, "PUBLIC_BASE_URL"),
        ({"RESPONSE_BUSINESS_DAYS": "soon"}, "RESPONSE_BUSINESS_DAYS"),
        ({"RESPONSE_BUSINESS_DAYS": "0"}, "RESPONSE_BUSINESS_DAYS"),
        ({"OFFICE_TIMEZONE": "Mars/Olympus"}, "OFFICE_TIMEZONE"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
    ],
)
def test_bad_settings_name_the_variable(tmp_path: Path, env: Dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"BOT_VAR_DIR": str(tmp_path), **env})
    message = str(raised.value)
    assert message.startswith(named)
    assert "\n" not in message


def test_secret_values_never_appear_in_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"BOT_VAR_DIR": str(tmp_path), "TWILIO_AUTH_TOKEN": "hunter2-token-value"})
    assert "hunter2" not in str(raised.value)


def test_full_twilio_settings(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "BOT_VAR_DIR": str(tmp_path),
            "TWILIO_ACCOUNT_SID": VALID_SID,
            "TWILIO_AUTH_TOKEN": "token",
            "TWILIO_FROM_NUMBER": "(555) 555-0100",
            "MANAGER_PHONES": "555-555-0101, +1 555 555 0102",
        }
    )
    assert settings.twilio is not None
    assert settings.twilio.from_number == "+15555550100"
    assert settings.twilio.api_base_url == "https://api.twilio.com"
    assert settings.manager_phones == ("+15555550101", "+15555550102")


def test_parse_phone() -> None:
    assert parse_phone("555-555-0142") == "+15555550142"
    assert parse_phone("not a phone") is None
    assert parse_phone("12") is None
    assert parse_phone("555-0142") is None  # no area code: cannot be texted


def test_cli_prints_one_line_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "oracle://nope")
    assert main(["check"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "bot: configuration error: DATABASE_URL must be a sqlite:// or postgresql:// URL"
    ]
