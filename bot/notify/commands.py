"""`bot outbox list|send-due|requeue` and `bot manager-sms`: look at and drive SMS delivery from a shell.

Listings show masked numbers and never message text, so they can be pasted into a ticket.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import TYPE_CHECKING, Any, Dict, List

from sqlalchemy import select

from bot.notify.outbox import OutboxStatus

if TYPE_CHECKING:
    from bot.cli import Context


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `bot outbox ...` and `bot manager-sms`."""
    outbox = subparsers.add_parser("outbox", help="queued and sent SMS")
    commands = outbox.add_subparsers(dest="outbox_command", required=True)
    listing = commands.add_parser("list", help="newest first; numbers masked, no message text")
    listing.add_argument("--status", choices=[status.value for status in OutboxStatus])
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true", help="one JSON array on stdout")
    listing.set_defaults(handler=_list)
    drain = commands.add_parser("send-due", help="send what is due now once, then exit")
    drain.set_defaults(handler=_send_due)
    requeue = commands.add_parser(
        "requeue", help="send failed messages again (e.g. after fixing Twilio credentials)"
    )
    requeue.add_argument("ids", nargs="+", type=int, metavar="ID")
    requeue.set_defaults(handler=_requeue)

    manager = subparsers.add_parser(
        "manager-sms", help="run a manager SMS command as if texted (ACK 1042, STATUS, ...)"
    )
    manager.add_argument("text")
    manager.add_argument("--from", dest="from_number", required=True)
    manager.set_defaults(handler=_manager_sms)


def _list(args: argparse.Namespace) -> int:
    context: Context = args.context
    from bot.notify.models import OutboxMessageRow
    from bot.privacy.phones import mask

    query = select(OutboxMessageRow).order_by(OutboxMessageRow.id.desc()).limit(args.limit)
    if args.status:
        query = query.where(OutboxMessageRow.status == args.status)
    with context.services.sessions() as session:
        rows: List[Dict[str, Any]] = [
            {
                "id": row.id,
                "case_id": row.case_id,
                "purpose": row.purpose,
                "to": mask(row.to_number),
                "status": row.status,
                "attempts": row.attempts,
                "last_error": row.last_error,
                "twilio_sid": row.twilio_sid,
                "created_at": row.created_at.isoformat(),
                "sent_at": row.sent_at.isoformat() if row.sent_at else None,
            }
            for row in session.execute(query).scalars()
        ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        print(f"{row['id']:6} {row['purpose']:16} {row['to']:9} {row['status']:10} "
              f"tries={row['attempts']:<3} {row['twilio_sid'] or row['last_error'] or ''}")
    if not rows:
        print("the outbox is empty")
    return 0


def _send_due(args: argparse.Namespace) -> int:
    context: Context = args.context
    from bot.notify.serve import build_worker

    worker = build_worker(context.services)

    async def once() -> int:
        try:
            return await worker.run_once()
        finally:
            await worker.close()

    print(f"bot: attempted {asyncio.run(once())} message(s)")
    return 0


def _requeue(args: argparse.Namespace) -> int:
    context: Context = args.context
    from sqlalchemy import update

    from bot.db.engine import unit_of_work
    from bot.db.types import utcnow
    from bot.notify.models import OutboxMessageRow

    with unit_of_work(context.services.sessions) as session:
        result = session.execute(
            update(OutboxMessageRow)
            .where(OutboxMessageRow.id.in_(args.ids),
                   OutboxMessageRow.status == OutboxStatus.FAILED.value)
            .values(status=OutboxStatus.PENDING.value, attempts=0, next_attempt_at=utcnow(),
                    claimed_by=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
    print(f"bot: {result.rowcount} failed message(s) queued again")
    return 0


def _manager_sms(args: argparse.Namespace) -> int:
    context: Context = args.context
    reply = context.services.manager_commands.handle(args.from_number, args.text)
    if reply is None:
        print("bot: not a manager number; nothing done")
        return 1
    print(reply)
    return 0
