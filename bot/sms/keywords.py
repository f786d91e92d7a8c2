"""Carrier-style SMS keywords, recognised before the conversation sees the message.

The lists follow Twilio's default Advanced Opt-Out keywords for US long codes, so what patients
know from other services works here too.
"""

from __future__ import annotations

from enum import Enum
from typing import Optional

OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
OPT_IN_WORDS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP"})


class Keyword(str, Enum):
    """What a keyword message asks for."""

    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"


def keyword_of(body: str) -> Optional[Keyword]:
    """The keyword `body` consists of (any case, surrounding spaces), or None for other text."""
    word = body.strip().upper()
    if word in OPT_OUT_WORDS:
        return Keyword.OPT_OUT
    if word in OPT_IN_WORDS:
        return Keyword.OPT_IN
    if word in HELP_WORDS:
        return Keyword.HELP
    return None
