"""How often, and where, staff corrected the category and urgency the assistant gave a case.

The assistant reads a category and an urgency from the patient's words; staff correct them on the
case page, and each correction is an audit event whose detail is `old->new`. Held-out test sets
say how well the model reads messages written by the team's writers; these figures say how well
it reads this office's own patients, and which categories it mixes up for them (the office's IT
person sees where retraining would help; the manager sees that the trends are people's reading).
A case corrected and then set back to the assistant's reading counts as not corrected.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple

from bot.cases.records import AuditEntry, CaseRecord
from bot.cases.repository import CATEGORY_CHANGED, URGENCY_CHANGED
from bot.cases.vocabulary import Category


@dataclass(frozen=True)
class Move:
    """Cases the assistant filed under `assistant` that staff moved to `staff`."""

    assistant: Category
    staff: Category
    cases: int


@dataclass(frozen=True)
class Corrections:
    """Corrected cases of a period: categories, urgencies, and category moves, most first."""

    category: int
    urgency: int
    moves: Tuple[Move, ...]


def corrections(corrected: Iterable[Tuple[CaseRecord, Sequence[AuditEntry]]]) -> Corrections:
    """Summarise cases with their correction events (`CaseService.corrected`)."""
    moves: Counter[Tuple[Category, Category]] = Counter()
    urgency = 0
    for case, events in corrected:
        category = assistant_reading(events, CATEGORY_CHANGED)
        if category is not None and category != case.category.value:
            moves[(Category(category), case.category)] += 1
        reading = assistant_reading(events, URGENCY_CHANGED)
        if reading is not None and reading != case.urgency.value:
            urgency += 1
    ranked: List[Move] = [
        Move(assistant, staff, count)
        for (assistant, staff), count in sorted(
            moves.items(), key=lambda item: (-item[1], item[0][0].value, item[0][1].value)
        )
    ]
    return Corrections(sum(moves.values()), urgency, tuple(ranked))


def assistant_reading(events: Sequence[AuditEntry], action: str) -> Optional[str]:
    """The value before the first `action` event (`old` of its `old->new` detail), if any."""
    for event in events:
        if event.action == action and event.detail and "->" in event.detail:
            return event.detail.split("->", 1)[0]
    return None
