"""Status check by reference number, answered only to the conversation that filed the case."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.runtime import entities_of, off_loop
from bot.intake.status import case_id_in, status_words
from bot.templates.render import office_values
from bot.wiring import current_services

logger = logging.getLogger(__name__)


class ActionCheckStatus(Action):
    """Tell the patient where their case stands, or ask for the number."""

    def name(self) -> str:
        return "action_check_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        text = str(tracker.latest_message.get("text") or "")
        case_id = case_id_in(text, entities_of(tracker).get("case_number", []))
        if case_id is None:
            dispatcher.utter_message(response="utter_ask_case_number")
            return []
        services = current_services()
        try:
            case = await off_loop(services.cases.status_for, case_id, tracker.sender_id)
        except SQLAlchemyError as error:
            logger.error("status check failed: database error %s", type(error).__name__)
            dispatcher.utter_message(response="utter_try_again_later")
            return []
        if case is None:
            dispatcher.utter_message(
                response="utter_case_not_found", **office_values(services.settings)
            )
            return []
        dispatcher.utter_message(
            response="utter_case_status", reference=case.reference, status=status_words(case.status)
        )
        return []
