"""The `bot` command. Each concern registers its own subcommands in its `commands` module, so a
newcomer finds a command next to the code it drives."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import List, Optional

from bot.settings import ConfigError

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


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every concern's subcommands."""
    parser = argparse.ArgumentParser(prog="bot", description="Patient-complaint intake assistant")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Run one command; configuration errors print one clear line and exit 2."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except ConfigError as error:
        print(f"bot: configuration error: {error}", file=sys.stderr)
        return 2
