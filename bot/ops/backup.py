"""`bot backup PATH` and `bot restore PATH [--force]`: a copy of the whole database, safe to take
while the bot runs.

SQLite goes through sqlite3's online backup API (a consistent snapshot page by page, even with
writers in WAL mode; copying the file could catch a half-written page or miss the `-wal` file).
A restore uses the same API in the other direction, so processes that keep the file open see the
restored data instead of a replaced file they still hold. PostgreSQL goes through `pg_dump` in
custom format and `pg_restore --clean` in a single transaction, so a failed restore leaves the
database as it was.

A restore refuses to overwrite a database that holds cases unless `--force`: the usual mistake is
pointing it at the live database instead of a fresh one. Rasa's `events` table is in the copy
whenever it lives in `DATABASE_URL` (the PostgreSQL default); the SQLite default keeps it in its
own file (`TRACKER_DATABASE_URL`), which this command does not copy. Neither copy holds
`SECRET_KEY`: without it the encrypted contacts and conversations cannot be read.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from sqlalchemy.engine import URL, make_url

CASES_TABLE = "cases"
COUNT_CASES = "SELECT count(*) FROM cases"


class BackupError(Exception):
    """A backup or restore could not be done; the message says why (never a password)."""


@dataclass(frozen=True)
class Outcome:
    """What a backup or restore did: the engine, the number of cases and the file's size."""

    engine: str
    cases: int
    size_bytes: int


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `bot backup` and `bot restore`."""
    backup_cmd = subparsers.add_parser("backup", help="copy the database to a file, live")
    backup_cmd.add_argument("path", type=Path, help="the backup file to write")
    backup_cmd.set_defaults(handler=_backup)
    restore_cmd = subparsers.add_parser("restore", help="put a backup file back into the database")
    restore_cmd.add_argument("path", type=Path, help="a file written by `bot backup`")
    restore_cmd.add_argument(
        "--force", action="store_true", help="overwrite a database that already holds cases"
    )
    restore_cmd.set_defaults(handler=_restore)


def _backup(args: argparse.Namespace) -> int:
    try:
        outcome = backup(args.context.settings.database_url, args.path)
    except BackupError as error:
        print(f"bot: backup failed: {error}", file=sys.stderr)
        return 1
    print(
        f"bot: backed up the {outcome.engine} database ({outcome.cases} cases, "
        f"{_size(outcome.size_bytes)}) to {args.path}"
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    try:
        outcome = restore(args.context.settings.database_url, args.path, force=args.force)
    except BackupError as error:
        print(f"bot: restore failed: {error}", file=sys.stderr)
        return 1
    print(f"bot: restored {args.path} into the {outcome.engine} database ({outcome.cases} cases)")
    return 0


def backup(database_url: str, path: Path) -> Outcome:
    """Write a consistent copy of `database_url` to `path` (replaced atomically when done)."""
    url = make_url(database_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if url.get_backend_name() == "sqlite":
            source = _sqlite_file(url)
            if not source.exists():
                raise BackupError(f"the SQLite database {source} does not exist")
            _sqlite_copy(source, partial)
            cases = _sqlite_cases(partial)
        else:
            _run(_pg_tool("pg_dump"), ["--format=custom", f"--file={partial}"], url)
            cases = _postgres_cases(url)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Outcome(_engine_name(url), cases if cases is not None else 0, path.stat().st_size)


def restore(database_url: str, path: Path, force: bool = False) -> Outcome:
    """Replace the contents of `database_url` with the backup at `path`."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    url = make_url(database_url)
    sqlite = url.get_backend_name() == "sqlite"
    held = _sqlite_cases(_sqlite_file(url)) if sqlite else _postgres_cases(url)
    if held and not force:
        raise BackupError(
            f"the database already holds {held} cases; restore into an empty database "
            "or pass --force to overwrite them"
        )
    if sqlite:
        if not _is_sqlite_database(path):
            raise BackupError(f"{path} is not a SQLite database")
        target = _sqlite_file(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(path, target)
        cases = _sqlite_cases(target)
    else:
        _run(
            _pg_tool("pg_restore"),
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(path)],
            url,
        )
        cases = _postgres_cases(url)
    return Outcome(_engine_name(url), cases or 0, path.stat().st_size)


def _engine_name(url: URL) -> str:
    return "SQLite" if url.get_backend_name() == "sqlite" else "PostgreSQL"


def _size(size_bytes: int) -> str:
    return (
        f"{size_bytes / 1024:.0f} KB" if size_bytes < 1024**2 else f"{size_bytes / 1024**2:.1f} MB"
    )


# --- SQLite -------------------------------------------------------------------------------


def _sqlite_file(url: URL) -> Path:
    return Path(str(url.database))


def _sqlite_copy(source: Path, target: Path) -> None:
    """sqlite3's online backup from `source` into `target` (created if missing)."""
    try:
        with _sqlite_connect(source) as src, _sqlite_connect(target) as dst:
            src.backup(dst)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite copy failed: {error}") from None


def _sqlite_connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(str(path), timeout=30)
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


def _sqlite_tables(path: Path) -> List[str]:
    with _sqlite_connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return [str(row[0]) for row in rows]


def _sqlite_cases(path: Path) -> Optional[int]:
    """The number of cases in the SQLite file, or None when it holds no cases table."""
    if not path.exists() or CASES_TABLE not in _sqlite_tables(path):
        return None
    with _sqlite_connect(path) as connection:
        return int(connection.execute(COUNT_CASES).fetchone()[0])


def _is_sqlite_database(path: Path) -> bool:
    try:
        _sqlite_tables(path)
    except sqlite3.DatabaseError:
        return False
    return True


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """`pg_dump` / `pg_restore` from PATH, else the newest under /usr/lib/postgresql (Debian)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda item: int(Path(item).parent.parent.name),
    )
    if not candidates:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")
    return candidates[-1]


def _libpq(url: URL) -> tuple[str, Dict[str, str]]:
    """The connection URI for libpq tools, with the password moved to PGPASSWORD so that it
    never shows in the process list."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _run(tool: str, arguments: List[str], url: URL) -> None:
    uri, env = _libpq(url)
    result = subprocess.run(
        [tool, f"--dbname={uri}", *arguments], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise BackupError(f"{Path(tool).name} exited with {result.returncode}: {detail}")


def _postgres_cases(url: URL) -> Optional[int]:
    """The number of cases in the PostgreSQL database, or None when it has no cases table."""
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(CASES_TABLE):
                return None
            return int(connection.execute(text(COUNT_CASES)).scalar_one())
    except SQLAlchemyError as error:
        raise BackupError(f"PostgreSQL is not reachable: {type(error).__name__}") from None
    finally:
        engine.dispose()
