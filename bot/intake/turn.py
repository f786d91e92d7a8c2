"""One patient message as the intake sees it, and what the intake answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, List, Mapping, Optional, Tuple

from bot.cases.vocabulary import Channel

# The questions, in the order they are asked. Each name is also the form slot Rasa requests.
DESCRIPTION = "description"
CATEGORY_CONFIRMED = "category_confirmed"
WHEN = "occurred_text"
PEOPLE = "people_involved"
CONSENT = "contact_consent"
CONTACT = "contact"
OUTCOME = "desired_outcome"
SUMMARY = "summary_decision"
QUESTIONS: Tuple[str, ...] = (
    DESCRIPTION,
    CATEGORY_CONFIRMED,
    WHEN,
    PEOPLE,
    CONSENT,
    CONTACT,
    OUTCOME,
    SUMMARY,
)
# Follow-up questions that are not part of the main order.
CATEGORY_MENU = "category"
PEOPLE_NAME = "people_name"
SKIP_CHOICE = "skip_choice"
CHANGE_FIELD = "change_field"
# Bookkeeping slots.
ANSWERED = "intake_answered"
FAILURES = "intake_failures"
PENDING = "intake_pending"
SMS_DECLINED = "sms_number_declined"
OCCURRED_ON = "occurred_on"
CATEGORY = "category"
CONTACT_PHONE = "contact_phone"
CONTACT_EMAIL = "contact_email"

# Every slot the intake writes; cleared together when a case is filed or the intake is cancelled.
INTAKE_SLOTS: Tuple[str, ...] = (
    DESCRIPTION,
    CATEGORY,
    CATEGORY_CONFIRMED,
    WHEN,
    OCCURRED_ON,
    PEOPLE,
    PEOPLE_NAME,
    CONSENT,
    CONTACT,
    CONTACT_PHONE,
    CONTACT_EMAIL,
    OUTCOME,
    SUMMARY,
    SKIP_CHOICE,
    CHANGE_FIELD,
    ANSWERED,
    FAILURES,
    PENDING,
    SMS_DECLINED,
)


@dataclass(frozen=True)
class Turn:
    """The latest patient message with what the NLU made of it."""

    text: str
    intent: str = ""
    confidence: float = 0.0
    entities: Mapping[str, List[str]] = field(default_factory=dict)
    channel: Channel = Channel.WEB
    sms_phone: Optional[str] = None
    today: date = field(default_factory=date.today)
    region: str = "US"
    # The best complaint category in the NLU ranking, for messages whose top intent is not a
    # complaint (e.g. a whole story with an email address, read as `inform`).
    ranked_category: Optional[str] = None

    @property
    def complaint_category(self) -> Optional[str]:
        """The category named by a `complaint_<category>` intent."""
        prefix = "complaint_"
        return self.intent[len(prefix) :] if self.intent.startswith(prefix) else None


@dataclass(frozen=True)
class Say:
    """A template to utter, with its placeholder values."""

    template: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Step:
    """What the intake does with a message: slot changes, lines to say, the next question.

    `ask` is the next question (a slot name) or `None` when the intake is finished (read-back
    confirmed or cancelled).
    """

    slots: Dict[str, Any]
    say: List[Say]
    ask: Optional[str]
