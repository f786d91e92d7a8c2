"""What the patient hears back: the read-back summary, the promise, the office hours."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from bot.cases.vocabulary import CATEGORY_LABELS, Category, Channel
from bot.intake.turn import (
    CATEGORY,
    CONSENT,
    CONTACT_EMAIL,
    CONTACT_PHONE,
    DESCRIPTION,
    OUTCOME,
    PEOPLE,
    WHEN,
)
from bot.privacy.phones import mask
from bot.settings import Settings

# SMS replies must stay short; the summary quotes the story only in part there.
SMS_STORY_CHARS = 90
WEB_STORY_CHARS = 400


def category_label(value: Optional[str]) -> str:
    """Plain words for a category value ("a bill or payment")."""
    known = Category(value) if value in Category._value2member_map_ else Category.OTHER
    return CATEGORY_LABELS[known]


def _shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def contact_line(slots: Mapping[str, Any]) -> str:
    """How the office will reach the patient, never showing more than the last 4 digits."""
    if slots.get(CONSENT) is False:
        return "no contact"
    if slots.get(CONTACT_PHONE):
        return f"phone ending {mask(str(slots[CONTACT_PHONE]))[3:]}"
    if slots.get(CONTACT_EMAIL):
        return str(slots[CONTACT_EMAIL])
    return "not given"


def summary_text(slots: Mapping[str, Any], channel: Channel) -> str:
    """The read-back of the collected answers, one line each."""
    limit = SMS_STORY_CHARS if channel is Channel.SMS else WEB_STORY_CHARS
    lines: List[str] = [
        f"What happened: {_shorten(str(slots.get(DESCRIPTION) or ''), limit)}",
        f"About: {category_label(slots.get(CATEGORY))}",
        f"When: {_shorten(str(slots.get(WHEN) or 'not sure'), 40)}",
    ]
    if slots.get(PEOPLE):
        lines.append(f"Who: {_shorten(str(slots[PEOPLE]), 40)}")
    lines.append(f"Contact: {contact_line(slots)}")
    if slots.get(OUTCOME):
        lines.append(
            f"You'd like: {_shorten(str(slots[OUTCOME]), 60 if channel is Channel.SMS else 200)}"
        )
    return "\n".join(lines)


def promise_values(settings: Settings) -> Dict[str, str]:
    """Placeholder values for the promise made when a case is saved."""
    days = settings.response_business_days
    return {"days": f"{days} business day" + ("" if days == 1 else "s")}

