"""The `bot` command, the entry point of every process. Each concern registers its own
subcommands in its `commands` module, so a newcomer finds a command next to the code it drives.

This is also the composition root: `main` gives each command (as `args.context`) one `Context`
per process, which loads the settings and builds the services the first time the command asks
for them (one that needs neither, such as `bot templates lint`, touches no database), and
disposes of them at the end.

And it is the one place that turns the problems an operator can fix into one line on stderr
that says what is wrong and what to run, with a non-zero exit and no traceback: a bad setting
(`ConfigError`), a database that is missing, unreachable or not migrated (`DatabaseNotReadyError`),
or a database that fails mid-command (SQLAlchemy's message would quote the SQL and its
parameters, which may be a patient's words).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import TYPE_CHECKING, List, Optional

from bot.settings import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from bot.wiring import Services

COMMAND_MODULES = (
    "bot.ops.commands",
    "bot.ops.backup",
    "bot.cases.commands",
    "bot.notify.commands",
    "bot.staff.commands",
    "bot.templates.commands",
    "bot.sms.commands",
    "bot.triage.commands",
)

CONFIG_EXIT = 2  # a setting to fix (as argparse exits 2 for a wrong command line)
NOT_READY_EXIT = 3  # the database or another part to prepare first


class Context:
    """The settings and services of this process, built once when first asked for."""

    def __init__(self) -> None:
        self._settings: Optional[Settings] = None
        self._services: Optional[Services] = None

    @property
    def settings(self) -> Settings:
        """The validated settings (`ConfigError` names a bad variable)."""
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    @property
    def services(self) -> Services:
        """The services, on a database checked to be there, reachable and migrated."""
        if self._services is None:
            from bot.db.readiness import DatabaseNotReadyError, require_ready
            from bot.wiring import build_services

            services = build_services(self.settings)
            try:
                require_ready(services.engine)
            except DatabaseNotReadyError:
                services.engine.dispose()
                raise
            self._services = services
        return self._services

    def close(self) -> None:
        """Release the database connections, if any were opened."""
        if self._services is not None:
            self._services.engine.dispose()


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every concern's subcommands."""
    parser = argparse.ArgumentParser(prog="bot", description="Patient-complaint intake assistant")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Run one command; a problem the operator can fix prints one line and exits non-zero."""
    from sqlalchemy.exc import DBAPIError

    from bot.db.readiness import DatabaseNotReadyError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    args = build_parser().parse_args(argv)
    context = args.context = Context()
    try:
        return int(args.handler(args) or 0)
    except ConfigError as error:
        return _refuse(f"configuration error: {error}", CONFIG_EXIT)
    except DatabaseNotReadyError as error:
        return _refuse(str(error), NOT_READY_EXIT)
    except DBAPIError as error:
        reason = type(error.orig).__name__ if error.orig is not None else type(error).__name__
        return _refuse(
            f"the database failed ({reason}); check that it runs and run 'bot db upgrade'",
            NOT_READY_EXIT,
        )
    finally:
        context.close()


def _refuse(message: str, status: int) -> int:
    print(f"bot: {message}", file=sys.stderr)
    return status
