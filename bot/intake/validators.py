"""One validator per question. Each returns the slots an answer fills, or why it was refused.

Validators are pure: the flow decides what happens next (move on, re-ask, offer to skip).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional

from bot.cases.vocabulary import CATEGORY_LABELS, Category
from bot.intake import words
from bot.intake.contact import find_contact
from bot.intake.dates import parse_when
from bot.intake.turn import (
    CATEGORY,
    CATEGORY_CONFIRMED,
    CATEGORY_MENU,
    CONSENT,
    CONTACT,
    CONTACT_EMAIL,
    CONTACT_PHONE,
    DESCRIPTION,
    OCCURRED_ON,
    OUTCOME,
    PEOPLE,
    PEOPLE_NAME,
    SMS_DECLINED,
    SUMMARY,
    WHEN,
    Turn,
)

WANTS_CALLBACK = "wants_callback"
MIN_DESCRIPTION_WORDS = 4
MAX_PEOPLE_WORDS = 40
# "Yes, I know who" and shorter: a yes that names nobody yet.
MAX_BARE_YES_WORDS = 4
# Generic openers ("I want to make a complaint") start an intake but say nothing about it.
_GENERIC = frozenset({"complaint", "complain", "report", "file", "problem", "issue", "feedback"})
CATEGORY_ORDER = tuple(Category)
_CATEGORY_WORDS: Mapping[Category, tuple[str, ...]] = {
    Category.SCHEDULING_WAIT: ("wait", "appointment", "schedul", "late", "hold"),
    Category.BILLING: ("bill", "charge", "payment", "insurance", "cost"),
    Category.STAFF_COMMUNICATION: ("staff", "rude", "communicat", "nurse", "front desk"),
    Category.CLINICAL_CARE: ("care", "doctor", "treatment", "clinical"),
    Category.MEDICATION: ("medic", "prescription", "pharmacy", "refill"),
    Category.RECORDS_RESULTS: ("record", "result", "lab", "test"),
    Category.PRIVACY: ("privacy", "private", "confidential"),
    Category.FACILITY: ("facilit", "building", "parking", "clean", "bathroom"),
    Category.ACCESSIBILITY: ("access", "wheelchair", "interpreter", "disab", "ramp"),
    Category.OTHER: ("other", "something else"),
}
_FIELD_WORDS: Mapping[str, tuple[str, ...]] = {
    WHEN: ("when", "date", "day", "time"),
    PEOPLE: ("who", "people", "person", "staff", "name"),
    CONTACT: ("contact", "phone", "number", "email", "reach"),
    OUTCOME: ("outcome", "want", "like", "wish"),
    CATEGORY_MENU: ("category", "topic", "type", "about"),
    DESCRIPTION: ("happened", "description", "story", "what"),
}


@dataclass(frozen=True)
class Outcome:
    """A validator's verdict: the slots to set, or the template that explains the refusal.

    `follow_up` names a follow-up question to ask instead of moving on (e.g. the category menu
    after "no, that's not it").
    """

    slots: Dict[str, Any] = field(default_factory=dict)
    refusal: Optional[str] = None
    follow_up: Optional[str] = None

    @property
    def accepted(self) -> bool:
        """The answer was usable."""
        return self.refusal is None


def refuse(template: str) -> Outcome:
    """An answer that could not be used, with the template that says why."""
    return Outcome(refusal=template)


def is_informative(text: str) -> bool:
    """Enough of the patient's own words to describe what happened."""
    if text.startswith("/"):
        return False
    tokens = [token.strip(".,!?").lower() for token in text.split()]
    if len(tokens) < MIN_DESCRIPTION_WORDS:
        return False
    return not (len(tokens) < 10 and any(token.startswith(tuple(_GENERIC)) for token in tokens))


def validate_description(turn: Turn) -> Outcome:
    """What happened, kept whole in the patient's own words."""
    if is_informative(turn.text):
        return Outcome({DESCRIPTION: turn.text.strip()})
    return refuse("utter_description_too_short")


def validate_category_confirmed(turn: Turn) -> Outcome:
    """Yes keeps the inferred category; no opens the short menu."""
    if words.is_yes(turn.text, turn.intent):
        return Outcome({CATEGORY_CONFIRMED: True})
    if words.is_no(turn.text, turn.intent):
        return Outcome(follow_up=CATEGORY_MENU)
    return refuse("utter_answer_yes_or_no")


def category_from(turn: Turn) -> Optional[Category]:
    """A menu number, a category word, or a complaint intent the model is sure of."""
    text = words.normalise(turn.text)
    if text.isdigit() and 1 <= int(text) <= len(CATEGORY_ORDER):
        return CATEGORY_ORDER[int(text) - 1]
    for category in CATEGORY_ORDER:
        if text in (category.value, category.value.replace("_", " "), CATEGORY_LABELS[category]):
            return category
    for category, stems in _CATEGORY_WORDS.items():
        if any(stem in text for stem in stems):
            return category
    named = turn.complaint_category
    return Category(named) if named in Category._value2member_map_ else None


def validate_category(turn: Turn) -> Outcome:
    """The category the patient picked from the menu."""
    category = category_from(turn)
    if category is None:
        return refuse("utter_category_unclear")
    return Outcome({CATEGORY: category.value, CATEGORY_CONFIRMED: True})


def validate_when(turn: Turn) -> Outcome:
    """A past day in any wording dateparser understands; "not sure" is an honest answer."""
    if words.is_one_of(turn.text, words.UNKNOWN_DATE) or words.is_no(turn.text, turn.intent):
        return Outcome({WHEN: None, OCCURRED_ON: None})
    hints = [*turn.entities.get("date", []), *turn.entities.get("time", [])]
    when = parse_when(turn.text, turn.today, hints)
    if when is None:
        return refuse("utter_date_unclear")
    if when.in_future:
        return refuse("utter_date_in_future")
    assert when.day is not None
    return Outcome({WHEN: turn.text.strip(), OCCURRED_ON: when.day.isoformat()})


def validate_people(turn: Turn) -> Outcome:
    """Who was involved; optional, so "nobody" or "not sure" is fine. "Yes, I know who" is not
    yet a who: it is followed by the shorter question "Who was it?"."""
    if _bare_yes(turn):
        return Outcome(follow_up=PEOPLE_NAME)
    return validate_people_name(turn)


def validate_people_name(turn: Turn) -> Outcome:
    """The name or role after "yes, I know who"; a second "yes" is no answer."""
    if words.is_one_of(turn.text, words.NOBODY) or words.is_no(turn.text, turn.intent):
        return Outcome({PEOPLE: None})
    names = turn.entities.get("person", [])
    if names:
        return Outcome({PEOPLE: ", ".join(dict.fromkeys(names))})
    text = turn.text.strip()
    too_long = len(text.split()) > MAX_PEOPLE_WORDS
    if not text or text.startswith("/") or too_long or _bare_yes(turn):
        return refuse("utter_people_unclear")
    return Outcome({PEOPLE: text})


def _bare_yes(turn: Turn) -> bool:
    """A short yes that names nobody ("yes", "yeah I know who")."""
    short = len(turn.text.split()) <= MAX_BARE_YES_WORDS
    return short and not turn.entities.get("person") and words.is_yes(turn.text, turn.intent)


def validate_consent(turn: Turn) -> Outcome:
    """Permission for the office to contact the patient about this complaint."""
    if words.is_yes(turn.text, turn.intent):
        return Outcome({CONSENT: True})
    if words.is_no(turn.text, turn.intent):
        return Outcome({CONSENT: False})
    return refuse("utter_answer_yes_or_no")


def validate_contact(turn: Turn, sms_declined: bool) -> Outcome:
    """SMS: the sender's own number once confirmed. Web (or another number): phone or email."""
    found = find_contact(turn.text, turn.region, turn.entities)
    if found is not None:
        return Outcome(
            {
                CONTACT: "phone" if found.phone else "email",
                CONTACT_PHONE: found.phone,
                CONTACT_EMAIL: found.email,
            }
        )
    if turn.sms_phone and not sms_declined:
        if words.is_yes(turn.text, turn.intent):
            return Outcome({CONTACT: "phone", CONTACT_PHONE: turn.sms_phone, CONTACT_EMAIL: None})
        if words.is_no(turn.text, turn.intent):
            return Outcome({SMS_DECLINED: True}, follow_up=CONTACT)
    return refuse("utter_contact_invalid")


def validate_outcome(turn: Turn) -> Outcome:
    """What the patient would like to happen; "nothing" is a fine answer."""
    text = turn.text.strip()
    if words.is_one_of(text, words.NOBODY) or words.is_no(text, turn.intent):
        return Outcome({OUTCOME: None})
    if not text or text.startswith("/"):
        return refuse("utter_outcome_unclear")
    if turn.intent == "human":
        return Outcome({OUTCOME: text, WANTS_CALLBACK: True})
    return Outcome({OUTCOME: text})


def validate_summary(turn: Turn) -> Outcome:
    """Yes files the case, change asks what to change, cancel stops (handled by the flow)."""
    if words.is_yes(turn.text, turn.intent):
        return Outcome({SUMMARY: "yes"})
    if words.is_one_of(turn.text, words.CHANGE) or words.is_no(turn.text, turn.intent):
        return Outcome(follow_up="change_field")
    return refuse("utter_summary_unclear")


def field_to_change(turn: Turn) -> Optional[str]:
    """Which answer the patient wants to change, from the button or their words."""
    text = words.normalise(turn.text)
    for name, stems in _FIELD_WORDS.items():
        if text == name or any(stem in text for stem in stems):
            return name
    return None
