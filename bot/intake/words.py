"""Short answers recognised without the model, so "y", "nope" or a button title always work on SMS.

The NLU model decides first (`affirm` / `deny` intents); these sets only back it up for the
one-word replies that a small model confuses most.
"""

from __future__ import annotations

import string

YES = frozenset(
    {
        "yes",
        "y",
        "yeah",
        "yep",
        "yup",
        "sure",
        "ok",
        "okay",
        "correct",
        "right",
        "that's right",
        "thats right",
        "yes please",
        "sounds good",
        "that's correct",
    }
)
NO = frozenset({"no", "n", "nope", "nah", "no thanks", "no thank you", "not really"})
NOBODY = frozenset(
    {
        "nobody",
        "no one",
        "noone",
        "none",
        "nothing",
        "not sure",
        "i don't know",
        "i dont know",
        "don't know",
        "dont know",
        "i'm not sure",
        "im not sure",
        "not that i know",
        "no idea",
    }
)
UNKNOWN_DATE = frozenset(
    {
        "not sure",
        "i don't know",
        "i dont know",
        "don't know",
        "dont know",
        "i don't remember",
        "i dont remember",
        "don't remember",
        "can't remember",
        "cant remember",
        "i can't remember",
        "no idea",
        "i'm not sure",
        "im not sure",
    }
)
CANCEL = frozenset(
    {
        "cancel",
        "stop",
        "quit",
        "never mind",
        "nevermind",
        "forget it",
        "cancel it",
        "stop this",
        "i want to stop",
        "cancel please",
    }
)
SKIP = frozenset(
    {
        "skip",
        "skip it",
        "skip this",
        "skip that",
        "pass",
        "next",
        "skip this question",
        "rather not say",
        "i'd rather not say",
    }
)
RETRY = frozenset({"try again", "again", "retry", "let me try again"})
CHANGE = frozenset(
    {
        "change",
        "change something",
        "edit",
        "fix",
        "fix it",
        "that's wrong",
        "thats wrong",
        "not quite",
        "something is wrong",
        "make a change",
    }
)


def normalise(text: str) -> str:
    """Lower case, outer punctuation and extra spaces removed."""
    return " ".join(text.lower().strip().strip(string.punctuation + " ").split())


def is_yes(text: str, intent: str) -> bool:
    """The patient agreed."""
    return intent == "affirm" or normalise(text) in YES


def is_no(text: str, intent: str) -> bool:
    """The patient said no."""
    return normalise(text) in NO or (intent == "deny" and normalise(text) not in YES)


def is_one_of(text: str, words: frozenset[str]) -> bool:
    """`text` is one of the short replies in `words`."""
    return normalise(text) in words
