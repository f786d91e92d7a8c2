"""The staff branch migrates down and up again without touching the other branches."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect

from bot.db.migrate import alembic_config, upgrade

STAFF_TABLES = {"staff_users", "staff_sessions", "staff_login_failures"}


def test_staff_branch_downgrades_and_upgrades(database_url: str) -> None:
    engine = create_engine(database_url, future=True)
    try:
        assert set(inspect(engine).get_table_names()) >= STAFF_TABLES
        command.downgrade(alembic_config(database_url), "staff@-1")
        tables = set(inspect(engine).get_table_names())
        assert not STAFF_TABLES & tables
        assert {"cases", "case_audit"} <= tables
        upgrade(database_url)
        assert set(inspect(engine).get_table_names()) >= STAFF_TABLES
    finally:
        engine.dispose()
