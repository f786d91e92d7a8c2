"""The urgency of a message, read from the parse data that the safety screen enriches.

One function so that the switch from "derived from the intent" to "what the screen says" stays a
single line for every caller (the live bot, stories, `bot triage`).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from bot.cases.vocabulary import Urgency

_ORDER = (Urgency.EMERGENCY, Urgency.CRISIS, Urgency.URGENT, Urgency.ROUTINE)
_INTENT_URGENCY = {"emergency": Urgency.EMERGENCY, "crisis": Urgency.CRISIS}


def urgency_of(parse_data: Mapping[str, Any]) -> Urgency:
    """The urgency the safety screen (`bot.nlu.safety`) put on the message under `triage`.

    Messages parsed without the screen (e.g. a button payload) fall back to the intent.
    """
    triage = parse_data.get("triage")
    given = triage.get("urgency") if isinstance(triage, Mapping) else None
    if isinstance(given, str) and given in Urgency._value2member_map_:
        return Urgency(given)
    intent = (parse_data.get("intent") or {}).get("name") or ""
    return _INTENT_URGENCY.get(intent, Urgency.ROUTINE)


def most_pressing(levels: Iterable[Urgency]) -> Urgency:
    """The most pressing of `levels` (routine when there are none)."""
    present = set(levels)
    return next((level for level in _ORDER if level in present), Urgency.ROUTINE)
