"""The order of the intake's questions and what happens after each answer.

`begin` reads the first complaint message and fills whatever it already tells (a patient who says
everything at once is asked nothing again). `reply` handles an answer to the question asked:
move on, re-ask with a short hint, or after two failed answers explain why the office asks and
offer to skip or stop. Messages for the safety screen or the rules (emergencies, handoff, status)
are not answers: `reply` returns `None` and the dialogue handles them before resuming.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from bot.cases.vocabulary import Category
from bot.intake import words
from bot.intake.contact import find_contact
from bot.intake.dates import parse_when
from bot.intake.outcome import outcome_in
from bot.intake.people import staff_roles
from bot.intake.turn import (
    ANSWERED,
    CATEGORY,
    CATEGORY_CONFIRMED,
    CATEGORY_MENU,
    CHANGE_FIELD,
    CONSENT,
    CONTACT,
    CONTACT_EMAIL,
    CONTACT_PHONE,
    DESCRIPTION,
    FAILURES,
    OCCURRED_ON,
    OUTCOME,
    PENDING,
    PEOPLE,
    PEOPLE_NAME,
    QUESTIONS,
    SKIP_CHOICE,
    SMS_DECLINED,
    SUMMARY,
    WHEN,
    Say,
    Step,
    Turn,
)
from bot.intake.validators import (
    Outcome,
    field_to_change,
    is_informative,
    validate_category,
    validate_category_confirmed,
    validate_consent,
    validate_contact,
    validate_description,
    validate_outcome,
    validate_people,
    validate_people_name,
    validate_summary,
    validate_when,
)

# Below this intent confidence the inferred category is read back for confirmation. Chosen on the
# held-out set (tests/triage/heldout.jsonl): at 0.5 the intake files 107 of its 123 complaints
# without asking and 99 of those categories are right (93%); at 0.7 it filed 88 (84 right).
# Asking 19 more patients a question to catch 4 wrong categories is a poor trade, and a wrong
# category still shows in the read-back, where the patient can change it.
CONFIDENT_CATEGORY = 0.5
MAX_FAILURES = 2
# Intents that are not answers to a question: the dialogue's rules handle them mid-form.
INTERRUPTIONS = frozenset(
    {
        "emergency",
        "crisis",
        "medical_question",
        "check_status",
        "human",
        "bot_challenge",
        "help",
        "optout",
    }
)
# Questions a patient may leave out; the description is the complaint itself.
SKIPPABLE = frozenset(
    {CATEGORY_CONFIRMED, CATEGORY_MENU, WHEN, PEOPLE, PEOPLE_NAME, CONSENT, CONTACT, OUTCOME}
)
_SKIPPED: Mapping[str, Dict[str, Any]] = {
    CATEGORY_CONFIRMED: {CATEGORY: Category.OTHER.value, CATEGORY_CONFIRMED: True},
    CATEGORY_MENU: {CATEGORY: Category.OTHER.value, CATEGORY_CONFIRMED: True},
    WHEN: {WHEN: None, OCCURRED_ON: None},
    PEOPLE: {PEOPLE: None},
    PEOPLE_NAME: {PEOPLE: None},
    CONSENT: {CONSENT: False},
    CONTACT: {CONTACT_PHONE: None, CONTACT_EMAIL: None},
    OUTCOME: {OUTCOME: None},
}
# Why the office asks each question, said after two failed answers.
_WHY: Mapping[str, str] = {
    DESCRIPTION: "utter_why_description",
    CATEGORY_CONFIRMED: "utter_why_category_confirmed",
    WHEN: "utter_why_occurred_text",
    PEOPLE: "utter_why_people_involved",
    CONSENT: "utter_why_contact_consent",
    CONTACT: "utter_why_contact",
    OUTCOME: "utter_why_desired_outcome",
    SUMMARY: "utter_why_summary_decision",
}
# The main question a follow-up question belongs to.
_MAIN_QUESTION = {CATEGORY_MENU: CATEGORY_CONFIRMED, PEOPLE_NAME: PEOPLE}


def begin(turn: Turn) -> Step:
    """Start an intake from the first complaint message, keeping whatever it already says."""
    slots: Dict[str, Any] = {FAILURES: 0, SUMMARY: None, PENDING: None, SMS_DECLINED: False}
    answered: List[str] = []
    category, sure = _category_of(turn)
    slots[CATEGORY] = category
    if is_informative(turn.text):
        if sure:
            slots[CATEGORY_CONFIRMED] = True
            answered.append(CATEGORY_CONFIRMED)
        slots[DESCRIPTION] = turn.text.strip()
        answered.append(DESCRIPTION)
        answered.extend(_prefill(turn, slots))
    slots[ANSWERED] = answered
    return Step(slots, [], _next_question(slots, {}))


def _category_of(turn: Turn) -> Tuple[Optional[str], bool]:
    """The category a message points to, and whether the model is sure enough not to ask.

    Only a message that tells the story can settle it: "I want to make a complaint" reads as a
    confident `complaint_other`, and taking that would file every piecemeal complaint as other.
    """
    category = turn.complaint_category or turn.ranked_category
    if category not in Category._value2member_map_:
        return None, False
    return category, bool(turn.complaint_category) and turn.confidence >= CONFIDENT_CATEGORY


def _story_category(turn: Turn, state: Mapping[str, Any]) -> Dict[str, Any]:
    """Slots for the category the story (the answer to "what happened?") points to; nothing
    when the patient already confirmed one or the story points nowhere."""
    category, sure = _category_of(turn)
    if state.get(CATEGORY_CONFIRMED) or category is None:
        return {}
    slots: Dict[str, Any] = {CATEGORY: category}
    if sure:
        slots[CATEGORY_CONFIRMED] = True
        slots[ANSWERED] = _with(state, CATEGORY_CONFIRMED)
    return slots


# The slots `_prefill` sets for each answer it finds.
_PREFILLED_SLOTS = {
    WHEN: (WHEN, OCCURRED_ON),
    PEOPLE: (PEOPLE,),
    CONTACT: (CONTACT, CONTACT_PHONE, CONTACT_EMAIL),
    OUTCOME: (OUTCOME,),
}


def _prefill(turn: Turn, slots: Dict[str, Any]) -> List[str]:
    """Answers already present in a complaint told all at once."""
    found: List[str] = []
    hints = [*turn.entities.get("date", []), *turn.entities.get("time", [])]
    when = parse_when(turn.text, turn.today, hints)
    if when is not None and not when.in_future and when.day is not None:
        slots[WHEN], slots[OCCURRED_ON] = when.text, when.day.isoformat()
        found.append(WHEN)
    names = list(dict.fromkeys(turn.entities.get("person", []))) or staff_roles(turn.text)
    if names:
        slots[PEOPLE] = ", ".join(names)
        found.append(PEOPLE)
    contact = find_contact(turn.text, turn.region, turn.entities)
    if contact is not None:
        slots[CONTACT] = "phone" if contact.phone else "email"
        slots[CONTACT_PHONE], slots[CONTACT_EMAIL] = contact.phone, contact.email
        found.append(CONTACT)
    wanted = outcome_in(turn.text)
    if wanted:
        slots[OUTCOME] = wanted
        found.append(OUTCOME)
    return found


def resume(state: Mapping[str, Any]) -> Step:
    """Back to the question that was open before an interruption."""
    asked = state.get("requested_slot")
    if not asked or asked in (state.get(ANSWERED) or []):
        # The interruption answered it (e.g. "don't contact me" settles consent): move on.
        asked = _next_question(state, {})
    return Step({}, [], str(asked))


def reply(turn: Turn, state: Mapping[str, Any]) -> Optional[Step]:
    """Handle the patient's answer to the open question; `None` if it is not an answer."""
    asked = str(state.get("requested_slot") or _next_question(state, {}))
    if turn.intent in INTERRUPTIONS and not (asked == OUTCOME and turn.intent == "human"):
        # ("I want someone to call me back" answers the outcome question; it is no handoff.)
        return None
    if words.is_one_of(turn.text, words.CANCEL):
        return Step({SUMMARY: "cancel"}, [], None)
    if asked == SKIP_CHOICE:
        return _skip_choice(turn, state)
    if asked == CHANGE_FIELD:
        return _change_field(turn, state)
    return _answer(asked, turn, state)


def _validate(asked: str, turn: Turn, state: Mapping[str, Any]) -> Outcome:
    validators: Mapping[str, Callable[[Turn], Outcome]] = {
        DESCRIPTION: validate_description,
        CATEGORY_CONFIRMED: validate_category_confirmed,
        CATEGORY_MENU: validate_category,
        WHEN: validate_when,
        PEOPLE: validate_people,
        PEOPLE_NAME: validate_people_name,
        CONSENT: validate_consent,
        CONTACT: lambda t: validate_contact(t, bool(state.get(SMS_DECLINED))),
        OUTCOME: validate_outcome,
        SUMMARY: validate_summary,
    }
    return validators[asked](turn)


def _answer(asked: str, turn: Turn, state: Mapping[str, Any]) -> Step:
    outcome = _validate(asked, turn, state)
    if outcome.accepted:
        slots: Dict[str, Any] = {**outcome.slots, FAILURES: 0}
        if outcome.follow_up:
            return Step(slots, [], outcome.follow_up)
        if asked == SUMMARY:
            return Step(slots, [], None)
        if asked == DESCRIPTION:
            slots.update(_story_category(turn, state))
        slots[ANSWERED] = _with({**state, **slots}, _MAIN_QUESTION.get(asked, asked))
        return Step(slots, [], _next_question(state, slots))
    if turn.complaint_category and asked != DESCRIPTION and is_informative(turn.text):
        return _more_story(asked, turn, state)
    failures = int(state.get(FAILURES) or 0) + 1
    if failures >= MAX_FAILURES:
        return _offer_skip(asked, failures)
    assert outcome.refusal is not None
    return Step({FAILURES: failures}, [Say(outcome.refusal)], asked)


def _more_story(asked: str, turn: Turn, state: Mapping[str, Any]) -> Step:
    """More of the story arrived instead of an answer: keep it, take from it any answer not yet
    given ("I waited 3 hours yesterday" settles when), ask again, no penalty."""
    slots: Dict[str, Any] = {
        DESCRIPTION: f"{state.get(DESCRIPTION) or ''}\n{turn.text.strip()}".strip()
    }
    answered = list(state.get(ANSWERED) or [])
    found: Dict[str, Any] = {}
    for name in _prefill(turn, found):
        if name not in answered:
            slots.update({key: found[key] for key in _PREFILLED_SLOTS[name]})
            answered.append(name)
    slots[ANSWERED] = answered
    ask = asked if asked not in answered else _next_question(state, slots)
    return Step(slots, [Say("utter_noted_more")], ask)


def _offer_skip(asked: str, failures: int) -> Step:
    """Explain why the office asks, then offer to skip (if the question is optional) or stop."""
    question = _MAIN_QUESTION.get(asked, asked)
    explain = Say(_WHY[question])
    if asked in SKIPPABLE:
        return Step({FAILURES: failures, PENDING: asked}, [explain], SKIP_CHOICE)
    return Step({FAILURES: 0}, [explain, Say("utter_stop_hint")], asked)


def _skip_choice(turn: Turn, state: Mapping[str, Any]) -> Step:
    pending = str(state.get(PENDING) or _next_question(state, {}))
    if words.is_one_of(turn.text, words.SKIP) or words.is_yes(turn.text, turn.intent):
        slots = {**_SKIPPED.get(pending, {}), FAILURES: 0, PENDING: None}
        slots[ANSWERED] = _with(state, _MAIN_QUESTION.get(pending, pending))
        return Step(slots, [Say("utter_skipped")], _next_question(state, slots))
    if words.is_no(turn.text, turn.intent):
        return Step({SUMMARY: "cancel", PENDING: None}, [], None)
    if words.is_one_of(turn.text, words.RETRY):
        return Step({FAILURES: 0, PENDING: None}, [], pending)
    step = _answer(pending, turn, {**state, FAILURES: 0})
    if step.ask != pending:
        step.slots[PENDING] = None
    return step


def _change_field(turn: Turn, state: Mapping[str, Any]) -> Step:
    chosen = field_to_change(turn)
    if chosen is None:
        failures = int(state.get(FAILURES) or 0) + 1
        if failures >= MAX_FAILURES:
            return Step({FAILURES: 0}, [], SUMMARY)
        return Step({FAILURES: failures}, [Say("utter_change_unclear")], CHANGE_FIELD)
    main = _MAIN_QUESTION.get(chosen, chosen)
    answered = [name for name in state.get(ANSWERED) or [] if name != main]
    slots: Dict[str, Any] = {ANSWERED: answered, FAILURES: 0}
    if chosen == CONTACT and state.get(CONSENT) is False:
        slots[ANSWERED] = [name for name in answered if name != CONSENT]
        return Step(slots, [], CONSENT)
    return Step(slots, [], chosen)


def _with(state: Mapping[str, Any], name: str) -> List[str]:
    answered = list(state.get(ANSWERED) or [])
    return answered if name in answered else [*answered, name]


def _next_question(state: Mapping[str, Any], changes: Mapping[str, Any]) -> str:
    """The first question in order that is still open; the read-back comes last."""
    merged = {**state, **changes}
    answered = set(merged.get(ANSWERED) or [])
    for question in QUESTIONS:
        if question in answered:
            continue
        if question == CONTACT and merged.get(CONSENT) is False:
            continue
        return question
    return SUMMARY
