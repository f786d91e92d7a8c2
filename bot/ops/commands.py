"""`bot check`, `bot db upgrade`, `bot train`, `bot serve PROCESS`."""

from __future__ import annotations

import argparse
import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.cli import Context


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the operations commands."""
    check = subparsers.add_parser("check", help="validate the settings and exit")
    check.set_defaults(handler=_check)

    db = subparsers.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply migrations").set_defaults(handler=_db_upgrade)

    train = subparsers.add_parser("train", help="train the model if its inputs changed")
    train.add_argument("--force", action="store_true", help="train even if nothing changed")
    train.set_defaults(handler=_train)

    serve = subparsers.add_parser("serve", help="run one process in the foreground")
    serve.add_argument("process", choices=sorted(PROCESSES))
    serve.add_argument("--port", type=int, help="listen on this port instead of the default")
    serve.set_defaults(handler=_serve)


def _check(args: argparse.Namespace) -> int:
    context: Context = args.context
    settings = context.settings
    sms = (
        "sent through Twilio"
        if settings.sms_enabled
        else "recorded, not sent (no Twilio credentials)"
    )
    print(f"bot: settings are valid; SMS will be {sms}")
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from bot.db.engine import make_engine
    from bot.db.migrate import upgrade
    from bot.db.readiness import require_reachable

    context: Context = args.context
    url = context.settings.database_url
    engine = make_engine(url)
    try:
        require_reachable(engine)
    finally:
        engine.dispose()
    upgrade(url)
    print("bot: database schema is up to date")
    return 0


def _train(args: argparse.Namespace) -> int:
    from bot.ops.training import train_if_changed

    train_if_changed(force=args.force)
    return 0


def _serve(args: argparse.Namespace) -> int:
    context: Context = args.context
    module_name, function_name = PROCESSES[args.process].split(":")
    getattr(importlib.import_module(module_name), function_name)(context.services, args.port)
    return 0


# Each process is started by `function(services, port)`, imported only when chosen; the
# services are built and their database checked once, by `bot.cli`.
PROCESSES = {
    "rasa": "bot.ops.serve:serve_rasa",
    "actions": "bot.ops.serve:serve_actions",
    "web": "bot.web.app:serve",
    "worker": "bot.notify.serve:serve_worker",
}
