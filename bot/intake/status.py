"""Status checks: find the reference in what the patient wrote, say the status in plain words."""

from __future__ import annotations

from typing import Iterable, Optional

from bot.cases.reference import case_id_from_reference
from bot.cases.vocabulary import Status

_WORDS = {
    Status.NEW: "received and waiting for the office manager",
    Status.ACKNOWLEDGED: "with the office manager, who has seen it",
    Status.IN_PROGRESS: "being looked into by the office",
    Status.RESOLVED: "resolved",
    Status.CLOSED: "closed",
    Status.REOPENED: "open again and being looked into",
}


def case_id_in(text: str, entity_values: Iterable[str] = ()) -> Optional[int]:
    """The case id named by a `case_number` entity, else by a reference inside `text`."""
    for value in (*entity_values, text):
        found = case_id_from_reference(value)
        if found is not None:
            return found
    return None


def status_words(status: Status) -> str:
    """A status as a patient would say it."""
    return _WORDS[status]
