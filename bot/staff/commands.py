"""`bot user create|password|stop|restart|list`: dashboard accounts from the shell.

A password is read without echo (or from stdin with `--password-stdin` for scripts), never from
the command line, where it would end up in shell history and the process list. A new password and
a stopped account sign the account out of every browser at once.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from bot.staff.passwords import WeakPasswordError
from bot.staff.service import StaffError, normalise_username

if TYPE_CHECKING:
    from bot.cli import Context


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
    password = commands.add_parser(
        "password", help="set a new password (signs the account out everywhere)"
    )
    password.add_argument("username")
    password.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first stdin line"
    )
    password.set_defaults(handler=_password)
    stop = commands.add_parser("stop", help="stop an account signing in (someone who left)")
    stop.add_argument("username")
    stop.set_defaults(handler=_switch, active=False)
    restart = commands.add_parser("restart", help="let a stopped account sign in again")
    restart.add_argument("username")
    restart.set_defaults(handler=_switch, active=True)
    listing = commands.add_parser("list", help="every account and whether it may sign in")
    listing.set_defaults(handler=_list)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise StaffError("the two passwords differ")
    return first


def _create(args: argparse.Namespace) -> int:
    context: Context = args.context
    try:
        password = _read_password(args.password_stdin)
        user = context.services.staff.create_user(args.username, args.name, password)
    except (StaffError, WeakPasswordError) as error:
        print(f"bot: {error}", file=sys.stderr)
        return 1
    print(f"bot: created dashboard account {user.username}")
    return 0


def _password(args: argparse.Namespace) -> int:
    context: Context = args.context
    try:
        password = _read_password(args.password_stdin)
        context.services.staff.set_password(args.username, password)
    except (StaffError, WeakPasswordError) as error:
        print(f"bot: {error}", file=sys.stderr)
        return 1
    name = normalise_username(args.username)
    print(f"bot: new password set for {name}; signed out everywhere")
    return 0


def _switch(args: argparse.Namespace) -> int:
    context: Context = args.context
    try:
        context.services.staff.set_active(args.username, args.active)
    except StaffError as error:
        print(f"bot: {error}", file=sys.stderr)
        return 1
    name = normalise_username(args.username)
    done = "may sign in again" if args.active else "is stopped and signed out everywhere"
    print(f"bot: {name} {done}")
    return 0


def _list(args: argparse.Namespace) -> int:
    context: Context = args.context
    for user in context.services.staff.accounts():
        state = "active" if user.active else "stopped"
        print(f"{user.username}\t{state}\t{user.display_name}")
    return 0
