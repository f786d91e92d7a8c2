"""Save the complaint as a case and tell the patient its reference number."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.runtime import channel_of, off_loop
from bot.cases.records import CaseDraft
from bot.cases.vocabulary import Category, Urgency
from bot.wiring import current_services

logger = logging.getLogger(__name__)


class ActionFileCase(Action):
    """File the case described in the latest message."""

    def name(self) -> str:
        return "action_file_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        text = (tracker.latest_message.get("text") or "").strip()
        draft = CaseDraft(
            channel=channel_of(tracker),
            conversation_id=tracker.sender_id,
            description=text,
            category=Category.OTHER,
            urgency=Urgency.ROUTINE,
        )
        try:
            case = await off_loop(current_services().cases.file, draft)
        except SQLAlchemyError as error:
            logger.error("case not saved: database error %s", type(error).__name__)
            dispatcher.utter_message(response="utter_save_failed")
            return []
        dispatcher.utter_message(response="utter_case_filed", reference=case.reference)
        return []
