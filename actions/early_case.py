"""The case an urgent conversation opens at its first urgent message, kept up to date after.

Actions that answer a message (safety first, the intake, a serious out-of-scope message) call
`keep_case` with the replies they are about to send: the first time the conversation's urgency
alerts the manager it opens the case (`CaseService.open_draft`, which queues the alert in the
same transaction), and on each later turn it brings that case up to date, so a patient who
stops answering leaves a case holding what was said and what they were told. The case's id is
kept in the `case_opened` slot, which `action_conclude_intake` hands to `CaseService.file` to
complete the same case rather than file a second one.

The patient's answer must never wait on, or fail with, the database: an error is logged by its
type only and the case is opened on the next turn instead.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from sqlalchemy.exc import SQLAlchemyError

from actions.runtime import channel_of, off_loop, urgency_now
from bot.cases.repository import CaseNotFoundError
from bot.db.types import utcnow
from bot.intake.drafting import draft_case
from bot.intake.transcript import told_lines, transcript_from_events
from bot.intake.turn import INTAKE_SLOTS
from bot.templates.render import office_values
from bot.wiring import current_services

logger = logging.getLogger(__name__)

CASE_OPENED = "case_opened"

Said = Sequence[Tuple[str, Mapping[str, str]]]


async def keep_case(
    tracker: Tracker, said: Said = (), slots: Optional[Mapping[str, Any]] = None
) -> List[Dict[str, Any]]:
    """Open this conversation's case if it has just become urgent, or update the one it has.

    `said` lists the replies (template id, values) the calling action sends; `slots`, the
    intake slots as this turn leaves them (default: the tracker's).
    """
    opened = tracker.get_slot(CASE_OPENED)
    urgency = urgency_now(tracker)
    if opened is None and not urgency.alerts_manager:
        return []
    services = current_services()
    answers = dict(slots) if slots is not None else {}
    for name in INTAKE_SLOTS:
        answers.setdefault(name, tracker.get_slot(name))
    confidence = tracker.get_slot("triage_confidence")
    told = told_lines(
        said,
        tracker.get_latest_input_channel() or "rest",
        services.templates,
        office_values(services.settings),
        utcnow(),
    )
    triage = tracker.latest_message.get("triage") or {}
    draft = draft_case(
        answers,
        channel=channel_of(tracker),
        conversation_id=tracker.sender_id,
        urgency=urgency,
        wants_callback=bool(tracker.get_slot("wants_callback")),
        transcript=transcript_from_events(tracker.events) + told,
        triage_confidence=float(confidence) if confidence is not None else None,
        category_hint=triage.get("category"),
    )
    try:
        if opened is None:
            case = await off_loop(services.cases.open_draft, draft)
            return [SlotSet(CASE_OPENED, case.id)]
        await off_loop(services.cases.update_draft, int(opened), draft)
    except SQLAlchemyError as error:
        logger.error("early case not saved: database error %s", type(error).__name__)
    except CaseNotFoundError:
        # Gone (retention, or a store reset): the next urgent turn opens a new one.
        return [SlotSet(CASE_OPENED, None)]
    return []
