"""`bot templates lint` and `bot templates lock`.

The lint (and its readability scores, which load nltk) is imported only when one of these runs:
at module level it would add a second to the start of every other `bot` command.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.settings import PROJECT_ROOT


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the template commands."""
    templates = subparsers.add_parser("templates", help="response templates")
    commands = templates.add_subparsers(dest="templates_command", required=True)
    lint_command = commands.add_parser("lint", help="check every template and reference")
    lint_command.add_argument("--root", type=Path, default=PROJECT_ROOT, help=argparse.SUPPRESS)
    lint_command.set_defaults(handler=_lint)
    lock_command = commands.add_parser("lock", help="record new template versions")
    lock_command.add_argument("--root", type=Path, default=PROJECT_ROOT, help=argparse.SUPPRESS)
    lock_command.set_defaults(handler=_lock)


def _lint(args: argparse.Namespace) -> int:
    from bot.templates.lint import lint

    templates, problems = lint(args.root)
    for problem in problems:
        print(f"bot templates lint: {problem}")
    verdict = "FAILED" if problems else "ok"
    print(f"bot templates lint: {len(templates)} templates, {len(problems)} problems: {verdict}")
    return 1 if problems else 0


def _lock(args: argparse.Namespace) -> int:
    from bot.templates.lint import load_all
    from bot.templates.versions import LOCK_NAME, check, read_lock, updated, write_lock

    directory = args.root / "data" / "templates"
    templates, _parse_problems = load_all(directory)  # `bot templates lint` reports those
    path = directory / LOCK_NAME
    lock = read_lock(path)
    new_lock = updated(templates, lock)
    added = sum(len(v) for v in new_lock.values()) - sum(len(v) for v in lock.values())
    write_lock(path, new_lock)
    refused = check(templates, new_lock)
    for problem in refused:
        print(f"bot templates lock: {problem.template_id}: {problem.message}")
    print(f"bot templates lock: {added} new versions locked, {len(refused)} refused")
    return 1 if refused else 0
