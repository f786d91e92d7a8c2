"""Is the database there, reachable and migrated? Asked once when a process starts.

Without this check a fresh installation fails in the middle of its first command with
SQLAlchemy's traceback, which quotes the SQL (and may quote a patient's words as a parameter).
Here each way of not being ready is one `DatabaseNotReadyError` whose message says what is wrong and
what to run; the message names the database by file or host, never by its password.
"""

from __future__ import annotations

from pathlib import Path
from typing import Set

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError

from bot.db.migrate import alembic_config

VERSION_TABLE = "alembic_version"  # where Alembic records the revisions a database is at
UPGRADE = "run 'bot db upgrade' (make run does it too)"


class DatabaseNotReadyError(Exception):
    """The database is missing, unreachable or not migrated; the message says what to run."""


def describe(url: str) -> str:
    """The database as an operator would name it: its file, or host:port/name (no password)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database)
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.host or 'localhost'}{port}/{parsed.database or ''}"


def _unreachable(url: str, error: DBAPIError) -> DatabaseNotReadyError:
    """The error for a database that refused or dropped the connection."""
    return DatabaseNotReadyError(
        f"cannot reach the database at {describe(url)} ({_reason(error)}): check that it runs "
        "and that DATABASE_URL names it"
    )


def _reason(error: DBAPIError) -> str:
    """The driver's first line, after the address it repeats ("... port 1 failed: Connection
    refused"); a connection error quotes no SQL, and no driver quotes the password."""
    if error.orig is None:
        return type(error).__name__
    first = (str(error.orig).strip().splitlines() or [type(error.orig).__name__])[0]
    return first.rsplit(" failed: ", 1)[-1].strip()


def require_reachable(engine: Engine) -> None:
    """Raise `DatabaseNotReadyError` unless a connection can be opened (before migrating)."""
    try:
        with engine.connect():
            pass
    except DBAPIError as error:
        raise _unreachable(engine.url.render_as_string(hide_password=False), error) from None


def require_ready(engine: Engine) -> None:
    """Raise `DatabaseNotReadyError` unless the schema is at this code's newest revisions."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.url.get_backend_name() == "sqlite":
        path = Path(str(engine.url.database))
        if not path.exists():
            raise DatabaseNotReadyError(f"no database at {path}: {UPGRADE}")
    try:
        with engine.connect() as connection:
            current = _current_revisions(connection)
    except DBAPIError as error:
        raise _unreachable(url, error) from None
    where = describe(url)
    if not current:
        raise DatabaseNotReadyError(f"the database at {where} has no tables yet: {UPGRADE}")
    scripts = ScriptDirectory.from_config(alembic_config(url))
    if current - {revision.revision for revision in scripts.walk_revisions()}:
        raise DatabaseNotReadyError(
            f"the database at {where} was migrated by a newer version of the bot: run that "
            "version, or restore a backup made for this one"
        )
    if current != set(scripts.get_heads()):
        raise DatabaseNotReadyError(f"the database at {where} is not fully migrated: {UPGRADE}")


def _current_revisions(connection: Connection) -> Set[str]:
    if not inspect(connection).has_table(VERSION_TABLE):
        return set()
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))  # noqa: S608
    return {str(row[0]) for row in rows}
