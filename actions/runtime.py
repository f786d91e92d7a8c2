"""Helpers shared by actions: run blocking service calls off the event loop, name the channel."""

from __future__ import annotations

import asyncio
import functools
from datetime import date
from typing import Callable, Dict, List, Optional, TypeVar

from rasa_sdk import Tracker

from bot.cases.vocabulary import Channel, Urgency, most_pressing
from bot.intake.turn import Turn
from bot.intake.urgency import urgency_of

T = TypeVar("T")

_CHANNELS = {"twilio": Channel.SMS, "sms": Channel.SMS, "socketio": Channel.WEB, "web": Channel.WEB}


async def off_loop(func: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run a blocking call (database, HTTP) in a thread so other conversations keep moving."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(func, *args, **kwargs))


def channel_of(tracker: Tracker) -> Channel:
    """The channel the patient is using, from Rasa's input channel name."""
    return _CHANNELS.get(tracker.get_latest_input_channel() or "", Channel.REST)


def sms_phone_of(tracker: Tracker) -> Optional[str]:
    """The patient's real number, passed by our SMS channel in the message metadata.

    The SMS sender id is a keyed hash, so this is the only place the number appears; it is used
    to pre-fill the contact number and never logged.
    """
    metadata = tracker.latest_message.get("metadata") or {}
    if not metadata:
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                metadata = event.get("metadata") or {}
                break
    phone = (metadata.get("sms") or {}).get("phone") if isinstance(metadata, dict) else None
    return str(phone) if phone else None


def entities_of(tracker: Tracker) -> Dict[str, List[str]]:
    """The latest message's entities grouped by type."""
    grouped: Dict[str, List[str]] = {}
    for entity in tracker.latest_message.get("entities") or []:
        value = entity.get("value")
        if value is not None:
            grouped.setdefault(str(entity.get("entity")), []).append(str(value))
    return grouped


def clarified_text(tracker: Tracker) -> str:
    """The patient's words behind a button press that confirmed the fallback's guess.

    Rasa's two-step fallback replaces the unclear message with the button payload
    ("/complaint_billing"); the story the patient typed is the last unclear message before it.
    """
    text = str(tracker.latest_message.get("text") or "")
    if not text.startswith("/"):
        return text
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        earlier = str(event.get("text") or "")
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent == "nlu_fallback" and not earlier.startswith("/"):
            return earlier
    return text


def turn_of(tracker: Tracker, region: str, first: bool = False) -> Turn:
    """The latest message as the intake sees it (`first`: the message that starts it)."""
    intent = tracker.latest_message.get("intent") or {}
    channel = channel_of(tracker)
    return Turn(
        text=clarified_text(tracker) if first else str(tracker.latest_message.get("text") or ""),
        intent=str(intent.get("name") or ""),
        confidence=float(intent.get("confidence") or 0.0),
        entities=entities_of(tracker),
        channel=channel,
        sms_phone=sms_phone_of(tracker) if channel is Channel.SMS else None,
        today=date.today(),
        region=region,
        ranked_category=ranked_category(tracker.latest_message.get("intent_ranking") or []),
    )


def ranked_category(ranking: List[Dict[str, object]]) -> Optional[str]:
    """The category of the best-ranked complaint intent, if any."""
    prefix = "complaint_"
    for entry in ranking:
        name = str(entry.get("name") or "")
        if name.startswith(prefix):
            return name[len(prefix) :]
    return None


def urgency_now(tracker: Tracker) -> Urgency:
    """The most pressing urgency seen in this conversation, the latest message included."""
    seen = tracker.get_slot("urgency")
    levels = [urgency_of(tracker.latest_message)]
    if seen in Urgency._value2member_map_:
        levels.append(Urgency(seen))
    return most_pressing(levels)
