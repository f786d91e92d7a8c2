"""`bot user create`: passwords never on the command line; settings for session lifetimes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import Dict, List

import pytest

from bot import cli
from bot.settings import PROJECT_ROOT, ConfigError, load_settings
from bot.wiring import Services, build_services

PASSWORD = "correct horse battery"


def run_bot(args: List[str], env: Dict[str, str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        env={**os.environ, **env},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_create_user_reads_the_password_from_stdin(
    base_env: Dict[str, str], database_url: str, services: Services
) -> None:
    env = {**base_env, "DATABASE_URL": database_url}
    created = run_bot(["user", "create", "Dana", "--name", "Dana Lee", "--password-stdin"], env,
                      PASSWORD + "\n")
    assert created.returncode == 0, created.stderr
    assert "created dashboard account dana" in created.stdout
    assert PASSWORD not in created.stdout + created.stderr
    token, _ = services.staff.sign_in("dana", PASSWORD, "127.0.0.1")
    assert services.staff.session_for(token) is not None

    again = run_bot(["user", "create", "dana", "--password-stdin"], env, PASSWORD + "\n")
    assert again.returncode == 1
    assert "taken" in again.stderr
    weak = run_bot(["user", "create", "erin", "--password-stdin"], env, "short\n")
    assert weak.returncode == 1
    assert "12 characters" in weak.stderr


def test_create_user_prompts_twice_without_echo(
    base_env: Dict[str, str], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {**base_env, "DATABASE_URL": database_url}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    answers = iter([PASSWORD, PASSWORD + " typo"])
    prompts: List[str] = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert cli.main(["user", "create", "frank"]) == 1
    assert prompts == ["Password: ", "Password again: "]
    services = build_services(load_settings(env))
    try:
        assert services.staff.users() == []
    finally:
        services.engine.dispose()


@pytest.mark.parametrize(
    ("name", "value"), [("STAFF_IDLE_MINUTES", "0"), ("STAFF_SESSION_HOURS", "many")]
)
def test_session_lifetimes_are_validated(base_env: Dict[str, str], name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({**base_env, name: value})


def test_session_lifetimes_default(base_env: Dict[str, str]) -> None:
    settings = load_settings(base_env)
    assert (settings.staff_idle_minutes, settings.staff_session_hours) == (30, 12)


def test_password_stop_restart_and_list_from_the_shell(
    base_env: Dict[str, str], database_url: str, services: Services
) -> None:
    env = {**base_env, "DATABASE_URL": database_url}
    services.staff.create_user("dana", "Dana Lee", PASSWORD)
    token, _ = services.staff.sign_in("dana", PASSWORD, "127.0.0.1")

    changed = run_bot(["user", "password", "Dana", "--password-stdin"], env, "a new long password\n")
    assert changed.returncode == 0, changed.stderr
    assert "a new long password" not in changed.stdout + changed.stderr
    assert services.staff.session_for(token) is None
    stopped = run_bot(["user", "stop", "dana"], env, "")
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    listed = run_bot(["user", "list"], env, "")
    assert listed.stdout.splitlines() == ["dana\tstopped\tDana Lee"]
    restarted = run_bot(["user", "restart", "dana"], env, "")
    assert restarted.returncode == 0
    assert services.staff.sign_in("dana", "a new long password", "127.0.0.1")[1].user.active
    unknown = run_bot(["user", "stop", "nobody"], env, "")
    assert unknown.returncode == 1 and "no account nobody" in unknown.stderr
