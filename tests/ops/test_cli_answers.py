"""Every `bot` command, tried as a new user would in a fresh folder: against a missing, an
unmigrated and an unreachable database, with a missing model and with a bad setting. Each answers
with one line on stderr that says what is wrong and what to run, and exits non-zero."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from tests.support.services import free_port

# Every command that works on the cases database (the serve commands check it before starting).
DATABASE_COMMANDS: List[List[str]] = [
    ["cases", "list", "--json"],
    ["outbox", "list"],
    ["outbox", "send-due"],
    ["outbox", "requeue", "1"],
    ["manager-sms", "STATUS", "--from", "+15555550101"],
    ["user", "create", "dana", "--password-stdin"],
    ["user", "password", "dana", "--password-stdin"],
    ["user", "stop", "dana"],
    ["user", "restart", "dana"],
    ["user", "list"],
    ["sms", "hello", "--from", "+15555550123"],
    ["serve", "rasa"],
    ["serve", "actions"],
    ["serve", "web"],
    ["serve", "worker"],
]
# Commands that read the settings but need no database.
SETTINGS_COMMANDS: List[List[str]] = [["check"], ["db", "upgrade"]]


def run_bot(folder: Path, env: Dict[str, str], args: List[str]) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` in `folder`, with only `env` and the system's basics set."""
    basics = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=folder,
        env={**basics, "RASA_TELEMETRY_ENABLED": "false", "BOT_VAR_DIR": str(folder / "var"),
             **env},
        input="a long enough password\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line(result: subprocess.CompletedProcess[str], *hints: str) -> str:
    """Non-zero exit, no traceback, one line on stderr containing each hint."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for hint in hints:
        assert hint in lines[0]
    return lines[0]


@pytest.mark.parametrize("args", DATABASE_COMMANDS, ids=" ".join)
def test_a_missing_database_is_named_and_not_created(tmp_path: Path, args: List[str]) -> None:
    database = tmp_path / "cases.db"
    result = run_bot(tmp_path, {"DATABASE_URL": f"sqlite:///{database}"}, args)
    line = assert_one_line(result, str(database), "bot db upgrade")
    assert line.startswith("bot: no database")
    assert not database.exists()


@pytest.mark.parametrize("args", DATABASE_COMMANDS, ids=" ".join)
def test_an_unmigrated_database_asks_for_the_upgrade(tmp_path: Path, args: List[str]) -> None:
    database = tmp_path / "cases.db"
    sqlite3.connect(database).close()  # the file exists, as after a test run, but has no tables
    result = run_bot(tmp_path, {"DATABASE_URL": f"sqlite:///{database}"}, args)
    assert_one_line(result, "no tables yet", "bot db upgrade")


@pytest.mark.parametrize("args", [*DATABASE_COMMANDS, ["db", "upgrade"]], ids=" ".join)
def test_an_unreachable_database_is_named_without_its_password(
    tmp_path: Path, args: List[str]
) -> None:
    url = f"postgresql://bot:hunter2-secret@127.0.0.1:{free_port()}/bot"
    result = run_bot(tmp_path, {"DATABASE_URL": url}, args)
    line = assert_one_line(result, "cannot reach the database at 127.0.0.1:", "DATABASE_URL")
    assert "hunter2-secret" not in result.stderr + result.stdout
    assert line.startswith("bot: ")


def test_a_database_behind_this_version_asks_for_the_upgrade(tmp_path: Path) -> None:
    database = tmp_path / "cases.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('0001_core')")
    result = run_bot(tmp_path, {"DATABASE_URL": f"sqlite:///{database}"}, ["cases", "list"])
    assert_one_line(result, "not fully migrated", "bot db upgrade")


@pytest.mark.parametrize("args", [["triage", "hello"], ["triage", "--jsonl"]], ids=" ".join)
def test_a_missing_model_says_to_train(tmp_path: Path, args: List[str]) -> None:
    missing = tmp_path / "models" / "intake.tar.gz"
    result = run_bot(tmp_path, {}, [*args, "--model", str(missing)])
    assert_one_line(result, str(missing), "bot train")


@pytest.mark.parametrize("args", [*DATABASE_COMMANDS, *SETTINGS_COMMANDS], ids=" ".join)
def test_a_bad_setting_is_named(tmp_path: Path, args: List[str]) -> None:
    database = tmp_path / "cases.db"
    result = run_bot(
        tmp_path, {"DATABASE_URL": f"sqlite:///{database}", "OFFICE_TIMEZONE": "Mars/Base"}, args
    )
    assert_one_line(result, "configuration error: OFFICE_TIMEZONE")
    assert result.returncode == 2
    assert not database.exists()


def test_a_fresh_folder_works_after_the_upgrade(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cases.db'}"}
    upgraded = run_bot(tmp_path, env, ["db", "upgrade"])
    assert upgraded.returncode == 0, upgraded.stderr
    listed = run_bot(tmp_path, env, ["cases", "list", "--json"])
    assert (listed.returncode, listed.stdout.strip(), listed.stderr) == (0, "[]", "")
