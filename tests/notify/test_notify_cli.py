"""`bot outbox list`, `bot manager-sms` and the worker settings, as IT would use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Dict

import pytest

from bot.settings import PROJECT_ROOT, ConfigError, load_settings
from bot.wiring import build_services
from tests.notify.conftest import PATIENT_TEXT, file_case


def _bot(env: Dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], env={**os.environ, **env},
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)


def test_outbox_list_and_manager_sms_from_the_shell(base_env: Dict[str, str]) -> None:
    from bot.db.migrate import upgrade

    url = f"sqlite:///{base_env['BOT_VAR_DIR']}/cli.db"
    env = {**base_env, "DATABASE_URL": url}
    upgrade(url)
    services = build_services(load_settings(env))
    case = file_case(services)
    services.engine.dispose()

    reply = _bot(env, "manager-sms", f"ACK {case.reference}", "--from", "+15555550101")
    assert reply.returncode == 0 and reply.stdout.startswith(f"{case.reference} acknowledged")
    refused = _bot(env, "manager-sms", "STATUS", "--from", "+15555550199")
    assert refused.returncode == 1 and "not a manager number" in refused.stdout

    drained = _bot(env, "outbox", "send-due")
    assert drained.returncode == 0 and "attempted 2 message(s)" in drained.stdout
    listed = _bot(env, "outbox", "list", "--json")
    rows = json.loads(listed.stdout)
    assert [(row["purpose"], row["to"], row["status"]) for row in rows] == [
        ("manager_reply", "***0101", "recorded"),
        ("escalation", "***0101", "recorded"),
    ]
    for secret in ("+15555550101", PATIENT_TEXT, case.reference):
        assert secret not in listed.stdout


def test_requeue_gives_failed_messages_another_chance(base_env: Dict[str, str]) -> None:
    from sqlalchemy import update

    from bot.db.migrate import upgrade
    from bot.notify.models import OutboxMessageRow

    url = f"sqlite:///{base_env['BOT_VAR_DIR']}/requeue.db"
    env = {**base_env, "DATABASE_URL": url}
    upgrade(url)
    services = build_services(load_settings(env))
    file_case(services)
    with services.sessions.begin() as session:
        session.execute(update(OutboxMessageRow).values(status="failed", last_error="http_401",
                                                        attempts=3))
    services.engine.dispose()
    assert "1 failed message(s) queued again" in _bot(env, "outbox", "requeue", "1").stdout
    assert "0 failed message(s)" in _bot(env, "outbox", "requeue", "1").stdout
    [row] = json.loads(_bot(env, "outbox", "list", "--json").stdout)
    assert (row["status"], row["attempts"]) == ("pending", 0)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OUTBOX_POLL_SECONDS", "fast", "OUTBOX_POLL_SECONDS must be a number"),
        ("OUTBOX_POLL_SECONDS", "0", "OUTBOX_POLL_SECONDS must be between"),
        ("OUTBOX_LEASE_SECONDS", "1", "OUTBOX_LEASE_SECONDS must be between"),
        ("OUTBOX_RETRY_BASE_SECONDS", "-1", "OUTBOX_RETRY_BASE_SECONDS must be between"),
    ],
)
def test_worker_settings_are_validated(
    base_env: Dict[str, str], name: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({**base_env, name: value})


def test_worker_settings_defaults(base_env: Dict[str, str]) -> None:
    settings = load_settings(base_env)
    assert (settings.outbox_poll_seconds, settings.outbox_lease_seconds,
            settings.outbox_retry_base_seconds) == (0.2, 60, 2.0)
