"""Helpers shared by actions: run blocking service calls off the event loop, name the channel."""

from __future__ import annotations

import asyncio
import functools
from typing import Callable, TypeVar

from rasa_sdk import Tracker

from bot.cases.vocabulary import Channel

T = TypeVar("T")

_CHANNELS = {"twilio": Channel.SMS, "sms": Channel.SMS, "socketio": Channel.WEB, "web": Channel.WEB}


async def off_loop(func: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run a blocking call (database, HTTP) in a thread so other conversations keep moving."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(func, *args, **kwargs))


def channel_of(tracker: Tracker) -> Channel:
    """The channel the patient is using, from Rasa's input channel name."""
    return _CHANNELS.get(tracker.get_latest_input_channel() or "", Channel.REST)
