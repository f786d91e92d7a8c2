"""The outcome a patient asks for inside their story ("I want a refund", "I'd like an apology")."""

from __future__ import annotations

from typing import Optional

# Openers of a wish, as patients write them; the wish is the sentence that starts with one.
_OPENERS = (
    "i want",
    "i would like",
    "i'd like",
    "id like",
    "i just want",
    "i expect",
    "i am asking for",
    "i'm asking for",
    "please refund",
    "i need someone to",
    "i'd appreciate",
    "i would appreciate",
    "i demand",
    "i request",
    "i'm requesting",
    "i am requesting",
    "i'm hoping",
    "could you please",
    "can you please",
    "can someone please",
)
# A sentence that opens with "please" asks for something ("Please fix the bill.").
_POLITE_REQUEST = "please "

# "I want to complain" opens a complaint, it is not the outcome wished for.
_NOT_A_WISH = ("complain", "report", "file a", "make a", "tell you")


def outcome_in(text: str) -> Optional[str]:
    """The sentence of `text` that says what the patient wants done, if any."""
    for sentence in _sentences(text):
        lowered = sentence.lower()
        asks = lowered.startswith(_POLITE_REQUEST) or any(o in lowered for o in _OPENERS)
        if asks and not any(word in lowered for word in _NOT_A_WISH):
            return sentence
    return None


def _sentences(text: str) -> list[str]:
    parts: list[str] = []
    current = ""
    for character in text:
        current += character
        if character in ".!?\n":
            parts.append(current.strip())
            current = ""
    parts.append(current.strip())
    return [part for part in parts if part]
