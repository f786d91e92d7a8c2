"""The shared vocabulary of DESIGN.md: categories, urgency levels, statuses, channels."""

from __future__ import annotations

from enum import Enum
from typing import Iterable


class Category(str, Enum):
    """What a complaint is about; one per case."""

    SCHEDULING_WAIT = "scheduling_wait"
    BILLING = "billing"
    STAFF_COMMUNICATION = "staff_communication"
    CLINICAL_CARE = "clinical_care"
    MEDICATION = "medication"
    RECORDS_RESULTS = "records_results"
    PRIVACY = "privacy"
    FACILITY = "facility"
    ACCESSIBILITY = "accessibility"
    OTHER = "other"


class Urgency(str, Enum):
    """How fast the office must act; ordered from most to least pressing."""

    EMERGENCY = "emergency"
    CRISIS = "crisis"
    URGENT = "urgent"
    ROUTINE = "routine"

    @property
    def alerts_manager(self) -> bool:
        """Everything above routine reaches the manager at once."""
        return self is not Urgency.ROUTINE


def most_pressing(levels: Iterable[Urgency]) -> Urgency:
    """The most pressing of `levels` (routine when there are none)."""
    present = set(levels)
    return next((level for level in Urgency if level in present), Urgency.ROUTINE)


class Status(str, Enum):
    """Where a case stands in the office's workflow."""

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"

    @property
    def is_open(self) -> bool:
        """Open cases still need the office's attention."""
        return self not in (Status.RESOLVED, Status.CLOSED)


class Channel(str, Enum):
    """How the patient reached us."""

    SMS = "sms"
    WEB = "web"
    REST = "rest"


CATEGORY_LABELS = {
    Category.SCHEDULING_WAIT: "appointments or wait times",
    Category.BILLING: "a bill or payment",
    Category.STAFF_COMMUNICATION: "how staff treated or spoke with you",
    Category.CLINICAL_CARE: "the care you received",
    Category.MEDICATION: "a medication or prescription",
    Category.RECORDS_RESULTS: "records or test results",
    Category.PRIVACY: "your privacy",
    Category.FACILITY: "the building or facilities",
    Category.ACCESSIBILITY: "access or accommodations",
    Category.OTHER: "something else",
}
