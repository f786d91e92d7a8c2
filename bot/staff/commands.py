"""`bot user create USERNAME`: add a dashboard account from the shell.

The password is read without echo (or from stdin with `--password-stdin` for scripts), never from
the command line, where it would end up in shell history and the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.staff.passwords import WeakPasswordError
from bot.staff.service import StaffError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `bot user ...`."""
    user = subparsers.add_parser("user", help="dashboard accounts")
    commands = user.add_subparsers(dest="user_command", required=True)
    create = commands.add_parser("create", help="add a staff account for the dashboard")
    create.add_argument("username", help="2-40 lowercase letters, digits, . _ -")
    create.add_argument("--name", default="", help="name shown in the dashboard")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first stdin line"
    )
    create.set_defaults(handler=_create)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise StaffError("the two passwords differ")
    return first


def _create(args: argparse.Namespace) -> int:
    from bot.wiring import current_services

    try:
        password = _read_password(args.password_stdin)
        user = current_services().staff.create_user(args.username, args.name, password)
    except (StaffError, WeakPasswordError) as error:
        print(f"bot: {error}", file=sys.stderr)
        return 1
    print(f"bot: created dashboard account {user.username}")
    return 0
