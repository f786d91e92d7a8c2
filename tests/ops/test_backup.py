"""`bot backup` / `bot restore` round trips on SQLite and PostgreSQL: every case, transcript line
and audit event comes back, a live database is not overwritten by mistake, and on PostgreSQL the
conversation store (Rasa's `events` table in the same database) comes back too."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest
from sqlalchemy.engine import make_url

from bot.cases.records import CaseDraft, TranscriptLine
from bot.cases.vocabulary import Category, Channel, Status, Urgency
from bot.cli import main
from bot.db.migrate import upgrade
from bot.db.types import utcnow
from bot.ops.backup import BackupError, restore
from bot.settings import load_settings
from bot.wiring import Services, build_services
from tests.support.services import postgres_database

Snapshot = List[Tuple[object, ...]]


def _file_cases(services: Services) -> None:
    for number, category in enumerate(
        (Category.BILLING, Category.SCHEDULING_WAIT, Category.FACILITY)
    ):
        case = services.cases.file(
            CaseDraft(
                channel=Channel.SMS,
                conversation_id=f"sms-backup-{number}",
                description=f"Charged twice for visit {number}",
                category=category,
                urgency=Urgency.ROUTINE,
                transcript=(TranscriptLine("patient", f"charged twice {number}", utcnow()),),
            )
        )
        if number == 0:
            services.cases.change_status(case.id, Status.ACKNOWLEDGED, "manager")


def _snapshot(services: Services) -> Snapshot:
    """Every case with its transcript and audit trail, as comparable tuples."""
    rows: Snapshot = []
    for case in sorted(services.cases.list(), key=lambda item: item.id):
        transcript = tuple((line.sender, line.text) for line in services.cases.transcript(case.id))
        trail = tuple(
            (entry.action, entry.actor, entry.detail, entry.created_at)
            for entry in services.cases.audit_trail(case.id)
        )
        rows.append((case, transcript, trail))
    return rows


@pytest.fixture
def env(
    base_env: Dict[str, str], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Dict[str, str]:
    """The CLI's environment: the test installation on `database_url`."""
    values = {**base_env, "DATABASE_URL": database_url}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    return values


def test_round_trip_gives_back_every_case_and_audit_event(
    env: Dict[str, str], services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _file_cases(services)
    before = _snapshot(services)
    path = tmp_path / "backups" / "intake.backup"

    assert main(["backup", str(path)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("bot: backed up the ") and "(3 cases, " in line and str(path) in line

    # Changes after the backup: one more case, one more status change.
    services.cases.file(
        CaseDraft(
            channel=Channel.WEB,
            conversation_id="web-after-backup",
            description="Filed after the backup",
            category=Category.OTHER,
            urgency=Urgency.ROUTINE,
        )
    )
    services.cases.change_status(before[1][0].id, Status.ACKNOWLEDGED, "manager")  # type: ignore[attr-defined]
    assert _snapshot(services) != before

    assert main(["restore", str(path)]) == 1
    refused = capsys.readouterr()
    assert "already holds 4 cases" in refused.err and "--force" in refused.err

    assert main(["restore", "--force", str(path)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"bot: restored {path} into the {'SQLite' if env['DATABASE_URL'].startswith('sqlite') else 'PostgreSQL'} "
        "database (3 cases)"
    )
    assert _snapshot(services) == before
    # The restored database keeps working: new cases get fresh ids.
    again = services.cases.file(
        CaseDraft(
            channel=Channel.WEB,
            conversation_id="web-after-restore",
            description="Filed after the restore",
            category=Category.OTHER,
            urgency=Urgency.ROUTINE,
        )
    )
    assert again.id > max(case.id for case, _, _ in before)  # type: ignore[attr-defined]


@pytest.fixture
def empty_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database on the same engine as `database_url`."""
    if make_url(database_url).get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh' / 'cases.db'}"
        return
    with postgres_database() as url:
        yield url


def test_restore_into_an_empty_database_needs_no_force(
    env: Dict[str, str], services: Services, empty_database: str, tmp_path: Path
) -> None:
    _file_cases(services)
    before = _snapshot(services)
    path = tmp_path / "intake.backup"
    assert main(["backup", str(path)]) == 0

    outcome = restore(empty_database, path)
    assert outcome.cases == 3
    fresh = build_services(load_settings({**env, "DATABASE_URL": empty_database}))
    try:
        assert _snapshot(fresh) == before
        upgrade(empty_database)  # already at the newest revision: nothing to apply
    finally:
        fresh.engine.dispose()


def test_restore_refuses_what_is_not_a_backup(
    env: Dict[str, str], services: Services, tmp_path: Path
) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database", encoding="utf-8")
    with pytest.raises(BackupError):
        restore(env["DATABASE_URL"], junk)
    with pytest.raises(BackupError, match="is not a file"):
        restore(env["DATABASE_URL"], tmp_path / "missing.backup")


@pytest.mark.postgres
def test_postgres_backup_includes_the_conversation_store(
    base_env: Dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL Rasa's `events` table shares DATABASE_URL, so the same file restores it."""
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.channels.stores import ProtectedSQLTrackerStore

    with postgres_database() as url:
        upgrade(url)
        for name, value in {**base_env, "DATABASE_URL": url}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
        store = ProtectedSQLTrackerStore()
        tracker = DialogueStateTracker.from_events("sms-backup-tracker", [UserUttered("hello")])
        asyncio.run(store.save(tracker))
        path = tmp_path / "with-events.backup"
        assert main(["backup", str(path)]) == 0

        with store.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM events")
        assert main(["restore", str(path)]) == 0  # no cases on file: no --force needed
        restored = asyncio.run(store.retrieve("sms-backup-tracker"))
        store.engine.dispose()
        assert restored is not None
        assert [event.text for event in restored.events if isinstance(event, UserUttered)] == [
            "hello"
        ]
