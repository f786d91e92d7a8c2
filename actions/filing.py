"""End of the intake: file the confirmed case with its reference and promise, or cancel.

An urgent intake completes the case it opened at its first urgent message (`case_opened`):
one conversation's intake is one case.

A database outage keeps every slot, so the patient can simply say "yes" to try again.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.early_case import CASE_OPENED
from actions.runtime import channel_of, off_loop, urgency_now
from bot.cases.vocabulary import Urgency
from bot.intake.drafting import draft_case
from bot.intake.summary import promise_values
from bot.intake.transcript import transcript_from_events
from bot.intake.turn import INTAKE_SLOTS, SUMMARY
from bot.wiring import current_services

logger = logging.getLogger(__name__)

# Slots that outlive one intake only until it is filed or cancelled.
_AFTER_INTAKE = (
    *INTAKE_SLOTS,
    "urgency",
    "wants_callback",
    "triage_confidence",
    "save_failed",
    CASE_OPENED,
)


def _cleared() -> List[Dict[str, Any]]:
    return [SlotSet(name, None) for name in _AFTER_INTAKE]


class ActionConcludeIntake(Action):
    """File the case the patient confirmed, or confirm that nothing was sent."""

    def name(self) -> str:
        return "action_conclude_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        opened = tracker.get_slot(CASE_OPENED)
        if tracker.get_slot(SUMMARY) != "yes":
            # A case opened at the first urgent message stays, incomplete: the manager was
            # alerted and must not lose sight of someone who may be in danger.
            cancelled = "utter_intake_cancelled_alerted" if opened else "utter_intake_cancelled"
            dispatcher.utter_message(response=cancelled)
            return _cleared()
        services = current_services()
        slots = {name: tracker.get_slot(name) for name in INTAKE_SLOTS}
        confidence = tracker.get_slot("triage_confidence")
        draft = draft_case(
            slots,
            channel=channel_of(tracker),
            conversation_id=tracker.sender_id,
            urgency=urgency_now(tracker),
            wants_callback=bool(tracker.get_slot("wants_callback")),
            transcript=transcript_from_events(tracker.events),
            triage_confidence=float(confidence) if confidence is not None else None,
        )
        try:
            case = await off_loop(
                services.cases.file, draft, opened=int(opened) if opened is not None else None
            )
        except SQLAlchemyError as error:
            logger.error("case not saved: database error %s", type(error).__name__)
            dispatcher.utter_message(response="utter_save_failed")
            return [SlotSet("save_failed", True)]
        response = _filed_response(draft.contact_consent, draft.urgency)
        dispatcher.utter_message(
            response=response, reference=case.reference, **promise_values(services.settings)
        )
        return _cleared()


def _filed_response(contact_consent: bool, urgency: Urgency) -> str:
    """The promise that fits the case: a patient whose case alerts the manager at once must not
    read that the office will take its usual days, and one who gave no consent gets no call."""
    if not contact_consent:
        return "utter_case_filed_no_contact"
    return "utter_case_filed_urgent" if urgency.alerts_manager else "utter_case_filed"
