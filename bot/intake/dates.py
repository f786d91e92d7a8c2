"""When did it happen: dates the way patients write them ("yesterday", "last Tuesday", "3 weeks ago").

Parsing is dateparser's job (no hand regexes); this module only adds the office's policy: a
complaint is about the past, so dates are read as past dates and a future date is refused kindly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Iterable, Iterator, Optional

import dateparser
from dateparser.search import search_dates

_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
}
# Words that mean a real point in time; search_dates otherwise reads "may" or "second" as dates.
_TIME_WORDS = frozenset(
    [
        "yesterday",
        "tomorrow",
        "today",
        "tonight",
        "morning",
        "afternoon",
        "evening",
        "ago",
        "last",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "day",
        "days",
    ]
)


@dataclass(frozen=True)
class When:
    """A parsed answer: the patient's words, and the day they mean when it could be worked out."""

    text: str
    day: Optional[date]
    in_future: bool = False


def _settings(today: date) -> dict[str, object]:
    return {**_SETTINGS, "RELATIVE_BASE": datetime.combine(today, time(12, 0))}


# "I waited 2 hours" is a duration, not a day; "2 hours ago" and "last week" are points in time.
_DURATION_UNITS = frozenset(
    {
        "minute",
        "minutes",
        "min",
        "mins",
        "hour",
        "hours",
        "hr",
        "hrs",
        "second",
        "seconds",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
    }
)
_POINT_WORDS = frozenset(
    {"ago", "last", "next", "yesterday", "today", "tomorrow", "this", "before", "since"}
)


def _meaningful(fragment: str) -> bool:
    if fragment.strip(" .,!?").isdigit() and len(fragment.strip(" .,!?")) <= 2:
        return False  # "40" (as in "40 minutes") is not the year 1940
    words = {word.strip(".,!?").lower() for word in fragment.split()}
    if words & _DURATION_UNITS and not words & _POINT_WORDS:
        return False
    return any(character.isdigit() for character in fragment) or bool(words & _TIME_WORDS)


def parse_when(text: str, today: date, hints: Iterable[str] = ()) -> Optional[When]:
    """The day `text` (or one of the NLU's date entity `hints`) refers to, or `None`.

    A whole-message parse is tried first ("yesterday"); then, in a short answer, its longest
    run of words that dateparser reads ("last week thursday" -> "last week": the NLU's hint
    might be "thursday" alone, a week off); then the NLU's hints; then a search inside a
    sentence ("it was 3 weeks ago at the front desk").
    """
    for candidate in (text, *_spans(text), *hints):
        parsed = dateparser.parse(candidate, languages=["en"], settings=_settings(today))
        if parsed is not None and _meaningful(candidate):
            return _when(candidate, parsed.date(), today, text)
    found = search_dates(text, languages=["en"], settings=_settings(today)) or []
    for fragment, moment in found:
        if _meaningful(fragment):
            return _when(fragment, moment.date(), today, text)
    return None


# Answers to "when did this happen?" are short; longer texts are searched instead.
_MAX_SPAN_WORDS = 6


def _spans(text: str) -> Iterator[str]:
    """Runs of consecutive words of a short `text`, longest first, the whole text excluded."""
    words = text.split()
    if len(words) > _MAX_SPAN_WORDS:
        return
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            yield " ".join(words[start : start + size])


# With PREFER_DATES_FROM=past dateparser reads "next Friday" as the last one; these words say future.
_FUTURE_WORDS = frozenset({"next", "tomorrow", "upcoming"})
# Words that dateparser's search leaves at the edges of a fragment ("3 weeks ago at the").
_EDGE_WORDS = frozenset({"at", "the", "and", "in", "on", "of", "to", "a", "was", "it"})


def _when(fragment: str, day: date, today: date, whole: str) -> When:
    tokens = fragment.split()
    while tokens and tokens[-1].lower() in _EDGE_WORDS:
        tokens.pop()
    said = {word.strip(".,!?").lower() for word in whole.split()}
    future = day > today or bool(said & _FUTURE_WORDS)
    return When(text=" ".join(tokens), day=day, in_future=future)
