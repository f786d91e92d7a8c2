"""Small text helpers shared by the safety screen and the urgency rules.

Rules are plain regular expressions over a normalised copy of the message, because a screen that
must fire in every state cannot depend on a trained model. What makes them usable on real patient
text is the handling around them: curly quotes and shorthand are normalised, and a match that is
negated just before it ("I'm not suicidal", "nobody was hurt") does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, Optional, Pattern, Sequence, Tuple

_REPLACEMENTS = (
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u2014", " "),
    ("\u2013", " "),
)
_SHORTHAND = (
    (
        re.compile(r"\b(has|have|had|was|were|is|are|did|does|do|could|would|should|must)nt\b"),
        r"\1n't",
    ),
    (re.compile(r"\b(cant|cannot|can not)\b"), "can't"),
    (re.compile(r"\bwont\b"), "won't"),
    (re.compile(r"\bim\b"), "i'm"),
    (re.compile(r"\bi am\b"), "i'm"),
    (re.compile(r"\bive\b"), "i've"),
    (re.compile(r"\bu\b"), "you"),
    (re.compile(r"\b(pls|plz)\b"), "please"),
)
_SPACES = re.compile(r"\s+")

NEGATION = re.compile(
    r"\b(not|no|never|nobody|noone|no-one|none|nothing|without|isn't|wasn't|aren't|weren't|"
    r"don't|doesn't|didn't|haven't|hasn't|hadn't|won't|wouldn't|nor|neither)\b"
)
# A clause boundary stops a negation from reaching across ("no wait, I can't breathe").
_CLAUSE_BREAK = re.compile(r"[.!?;,]|\b(but|and|because|so|then|now)\b")


def normalise(text: str) -> str:
    """Lower-case `text`, straighten quotes and expand common texting shorthand."""
    lowered = text.lower()
    for old, new in _REPLACEMENTS:
        lowered = lowered.replace(old, new)
    for pattern, replacement in _SHORTHAND:
        lowered = pattern.sub(replacement, lowered)
    return _SPACES.sub(" ", lowered).strip()


def negated_before(text: str, start: int, window: int = 4) -> bool:
    """Whether one of the `window` words before `start` (same clause) negates what follows.

    Only the last `window` words are looked at (a clause break further back cannot change
    them), so the work per match is bounded: a message repeating a negated phrase thousands of
    times must not cost thousands of scans of everything before each match.
    """
    tail = " ".join(text[:start].rsplit(None, window)[-window:])
    breaks = list(_CLAUSE_BREAK.finditer(tail))
    if breaks:
        tail = tail[breaks[-1].end() :]
    return bool(NEGATION.search(tail))


@dataclass(frozen=True)
class Rule:
    """A named pattern. `negatable` rules are ignored when negated just before the match;
    `unless` patterns (idioms, past events) veto the match when found in the same sentence."""

    name: str
    pattern: Pattern[str]
    negatable: bool = True
    unless: Optional[Pattern[str]] = None


def rule(name: str, *alternatives: str, negatable: bool = True, unless: str = "") -> Rule:
    """Build a `Rule` from regex alternatives, each bounded by word edges."""
    joined = "|".join(f"(?:{alternative})" for alternative in alternatives)
    return Rule(
        name=name,
        pattern=re.compile(rf"\b(?:{joined})"),
        negatable=negatable,
        unless=re.compile(unless) if unless else None,
    )


def first_match(text: str, rules: Sequence[Rule]) -> Optional[str]:
    """The name of the first rule that matches `text` (already normalised) un-negated.

    A rule's `unless` is searched once per sentence, not once per match: a long sentence that
    repeats a vetoed phrase would otherwise be searched again for every repeat.
    """
    for candidate in rules:
        vetoed: Dict[Tuple[int, int], bool] = {}
        for match in candidate.pattern.finditer(text):
            if candidate.negatable and negated_before(text, match.start()):
                continue
            if candidate.unless is not None:
                bounds = sentence_bounds(text, match.start(), match.end())
                if bounds not in vetoed:
                    vetoed[bounds] = bool(candidate.unless.search(text[bounds[0] : bounds[1]]))
                if vetoed[bounds]:
                    continue
            return candidate.name
    return None


def sentence_bounds(text: str, start: int, end: int) -> Tuple[int, int]:
    """Where the sentence of `text` that holds the span `start`..`end` begins and ends."""
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n")
    rights = [index for index in (text.find(mark, end) for mark in ".!?\n") if index != -1]
    return left + 1, min(rights) if rights else len(text)


def any_match(text: str, patterns: Iterable[Pattern[str]]) -> bool:
    """Whether any of `patterns` occurs in `text`."""
    return any(pattern.search(text) for pattern in patterns)
