"""The SMS branch of the schema can be removed and re-applied on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from bot.db.engine import make_engine
from bot.db.migrate import alembic_config, upgrade

SMS_TABLES = {"sms_inbound_messages", "sms_contacts"}


def test_sms_branch_downgrades_and_upgrades_alone(database_url: str) -> None:
    config = alembic_config(database_url)
    engine = make_engine(database_url)
    try:
        assert set(inspect(engine).get_table_names()) >= SMS_TABLES
        command.downgrade(config, "sms@-1")
        tables = set(inspect(engine).get_table_names())
        assert not SMS_TABLES & tables
        assert {"cases", "sms_optouts", "outbox_messages"} <= tables
        upgrade(database_url)
        assert set(inspect(engine).get_table_names()) >= SMS_TABLES
    finally:
        engine.dispose()
