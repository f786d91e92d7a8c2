"""The urgency of a message, read from the parse data that the safety screen enriches.

One function so that the switch from "derived from the intent" to "what the screen says" stays a
single line for every caller (the live bot, stories, `bot triage`).
"""

from __future__ import annotations

from typing import Any, List, Mapping

from bot.cases.vocabulary import Urgency

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



# Screen rules (`bot.triage.screen`) whose answer starts with Poison Control.
POISON_RULES = frozenset({"poisoning", "overdose"})


def safety_replies(is_crisis: bool, reason: str) -> List[str]:
    """The templates that answer an emergency or a crisis, most pressing first.

    A poisoning or an overdose gets Poison Control first (its wording sends someone hard to
    wake or not breathing to 911); a crisis then gets 988 and 911; any other emergency, 911.
    """
    replies = ["utter_poisoning"] if reason in POISON_RULES else []
    if is_crisis:
        replies.append("utter_crisis")
    elif not replies:
        replies.append("utter_emergency")
    return replies
