"""`bot sms "text" --from +15555550100`: the SMS twin of `rasa shell`.

Sends a correctly signed Twilio-style webhook to the running bot and prints what the patient
would receive. Without a text it reads one message per line (an interactive conversation).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Iterator

from bot.settings import ConfigError, parse_phone

if TYPE_CHECKING:
    from bot.cli import Context
    from bot.sms.simulator import SmsSimulator

DEFAULT_FROM = "+15555550100"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `bot sms ...`."""
    sms = subparsers.add_parser(
        "sms", help="text the running bot as Twilio would (signed webhook) and print the replies"
    )
    sms.add_argument("text", nargs="?", help="the message; omit it to chat line by line")
    sms.add_argument("--from", dest="from_number", default=DEFAULT_FROM, help="sender number")
    sms.add_argument("--url", help="Rasa server base URL (default RASA_URL)")
    sms.add_argument("--media", type=int, default=0, help="pretend N pictures are attached")
    sms.add_argument(
        "--wait", type=float, default=60.0, help="seconds to wait for the queued replies"
    )
    sms.set_defaults(handler=_sms)


def _sms(args: argparse.Namespace) -> int:
    from bot.sms.simulator import SmsSimulator

    context: Context = args.context
    settings = context.settings
    sender = parse_phone(args.from_number, settings.default_region)
    if sender is None:
        raise ConfigError("--from is not a phone number")
    simulator = SmsSimulator(settings, context.services.sessions, rasa_url=args.url)
    if args.text is not None:
        return _exchange(simulator, args.text, sender, args.media, args.wait)
    status = 0
    for line in _read_lines():
        status = _exchange(simulator, line, sender, args.media, args.wait)
    return status


def _read_lines() -> Iterator[str]:
    """Lines typed (or piped) on stdin, with a prompt when a person is typing."""
    while True:
        if sys.stdin.isatty():
            print("you> ", end="", flush=True)
        line = sys.stdin.readline()
        if line == "":
            return
        yield line.rstrip("\n")


def _exchange(simulator: SmsSimulator, text: str, sender: str, media: int, wait: float) -> int:
    import requests

    try:
        result = simulator.send(text, sender, num_media=media, wait_seconds=wait)
    except requests.ConnectionError:
        print(f"bot sms: no bot answers at {simulator.post_url}: start it with 'make run'",
              file=sys.stderr)
        return 1
    if result.status != 200:
        print(f"bot sms: the webhook answered HTTP {result.status}", file=sys.stderr)
        return 1
    for body in [*result.immediate, *result.queued]:
        print("bot> " + body.replace("\n", "\n     "))
    if not result.immediate and not result.queued:
        print("bot> (no reply)")
    return 0
