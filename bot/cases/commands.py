"""`bot cases list [--json]`: what the office has on file, for scripts and for IT."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Dict

from bot.cases.records import CaseRecord
from bot.cases.repository import CaseFilter
from bot.cases.vocabulary import Status

if TYPE_CHECKING:
    from bot.cli import Context


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `bot cases ...`."""
    cases = subparsers.add_parser("cases", help="cases on file")
    commands = cases.add_subparsers(dest="cases_command", required=True)
    listing = commands.add_parser("list", help="list cases, newest first")
    listing.add_argument("--json", action="store_true", help="one JSON array on stdout")
    listing.add_argument("--status", choices=[status.value for status in Status])
    listing.add_argument("--limit", type=int, default=200)
    listing.set_defaults(handler=_list)


def case_json(case: CaseRecord) -> Dict[str, Any]:
    """A case as JSON-ready values (enums as their names, times as ISO 8601)."""
    data = asdict(case)
    for key, value in data.items():
        if hasattr(value, "isoformat"):
            data[key] = value.isoformat()
        elif hasattr(value, "value"):
            data[key] = value.value
    return data


def _list(args: argparse.Namespace) -> int:
    context: Context = args.context
    status = Status(args.status) if args.status else None
    cases = context.services.cases.list(CaseFilter(status=status, limit=args.limit))
    if args.json:
        print(json.dumps([case_json(case) for case in cases], indent=2))
        return 0
    for case in cases:
        print(
            f"{case.reference:8} {case.created_at:%Y-%m-%d %H:%M} {case.status.value:12} "
            f"{case.urgency.value:9} {case.category.value}"
        )
    if not cases:
        print("no cases on file")
    return 0
