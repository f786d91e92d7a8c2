"""Bot messages as SMS: buttons become numbered choices, nothing is split on blank lines, and
no body exceeds Twilio's 1,600-character limit.

Rasa's stock channel split every reply on blank lines (several SMS that may arrive out of order)
and showed button payloads such as `/affirm` to patients; this module is the replacement.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, List, Mapping, Optional, Sequence, Tuple

from bot.notify.outbox import SMS_MAX_CHARS
from bot.sms.store import Choice

logger = logging.getLogger(__name__)

ELLIPSIS = "\u2026"
PARAGRAPH = "\n\n"

ChoiceLine = Callable[[Sequence[Choice]], Optional[str]]


def choices_from(buttons: Any) -> List[Choice]:
    """Rasa buttons (dicts with `title` and `payload`) as choices; malformed ones are skipped."""
    if not isinstance(buttons, list):
        return []
    choices = []
    for button in buttons:
        if isinstance(button, Mapping) and button.get("title") and button.get("payload"):
            choices.append(Choice(title=str(button["title"]), payload=str(button["payload"])))
    return choices


def numbered(choices: Sequence[Choice]) -> str:
    """The variable part of the choice prompt, e.g. `1 for Yes, 2 for No`."""
    return ", ".join(f"{number} for {choice.title}" for number, choice in enumerate(choices, 1))


def render_message(
    message: Mapping[str, Any], choice_line: ChoiceLine
) -> Tuple[Optional[str], List[Choice]]:
    """One Rasa bot message as SMS text (None when nothing textual is left) and its choices.

    Images and attachments cannot be read as plain SMS and are dropped; a custom payload keeps
    only its `text`, if it has one.
    """
    parts: List[str] = []
    text = message.get("text")
    if isinstance(text, str) and text.strip():
        parts.append(text.strip())
    custom = message.get("custom")
    if isinstance(custom, Mapping) and isinstance(custom.get("text"), str):
        parts.append(str(custom["text"]).strip())
    if message.get("image") or message.get("attachment"):
        logger.info("SMS reply: an image or attachment was dropped (SMS sends text only)")
    choices = choices_from(message.get("buttons")) or choices_from(message.get("quick_replies"))
    if choices:
        line = choice_line(choices)
        if line:
            parts.append(line)
    body = "\n".join(part for part in parts if part)
    return (body or None), choices


def truncate(text: str, limit: int = SMS_MAX_CHARS) -> str:
    """`text` cut to `limit` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def pack(parts: Sequence[str], limit: int = SMS_MAX_CHARS) -> List[str]:
    """Join a turn's messages into as few SMS bodies as fit, in order, each within `limit`.

    One body per turn is the usual outcome, so the patient reads the reply in order even when
    several outbox workers send at once.
    """
    bodies: List[str] = []
    current = ""
    for part in (truncate(p.strip(), limit) for p in parts if p.strip()):
        candidate = f"{current}{PARAGRAPH}{part}" if current else part
        if len(candidate) <= limit:
            current = candidate
            continue
        bodies.append(current)
        current = part
    if current:
        bodies.append(current)
    return bodies
