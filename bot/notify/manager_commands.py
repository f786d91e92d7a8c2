"""SMS commands from the office's managers: ACK, RESOLVE, STATUS, HELP.

Only numbers in `MANAGER_PHONES` may use them; a text from any other number is not a command
(the SMS channel passes it to the conversation as usual). Each command is recorded in
`manager_commands`, and a command about a case also gets a case audit event. Replies go through the
outbox like every other SMS, so they survive a Twilio outage too.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Optional, Tuple

from sqlalchemy.orm import Session, sessionmaker

from bot.cases import joined
from bot.cases.reference import OFFSET, reference_for
from bot.cases.repository import CaseFilter, CaseNotFoundError
from bot.cases.service import CaseService
from bot.cases.vocabulary import Status, Urgency
from bot.cases.workflow import TransitionError
from bot.db.engine import unit_of_work
from bot.db.types import utcnow
from bot.notify import texts
from bot.notify.models import ManagerCommandRow
from bot.notify.outbox import Purpose, enqueue
from bot.privacy.phones import mask
from bot.settings import Settings, parse_phone

log = logging.getLogger(__name__)

_COMMAND = re.compile(
    r"^\s*(?P<verb>ACK|ACKNOWLEDGE|RESOLVE|STATUS|HELP)\b[\s:,.]*"
    r"(?:(?:C\s*-?\s*|#)?(?P<number>\d{4,7})\b)?[\s:,.-]*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class ManagerCommand:
    """A parsed command; `verb` is `UNKNOWN` for text that is not one."""

    verb: str
    case_id: Optional[int] = None
    note: Optional[str] = None


def parse_command(body: str) -> ManagerCommand:
    """Read `ACK 1042`, `ack C-1042`, `RESOLVE #1042 refund issued`, `status`, `help`."""
    match = _COMMAND.match(body)
    if match is None:
        return ManagerCommand("UNKNOWN")
    verb = match.group("verb").upper()
    verb = "ACK" if verb == "ACKNOWLEDGE" else verb
    number = match.group("number")
    case_id = int(number) - OFFSET if number and int(number) > OFFSET else None
    note = match.group("rest").strip() or None
    return ManagerCommand(verb, case_id, note)


class ManagerCommands:
    """Handles one SMS from a manager and queues the reply."""

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        cases: CaseService,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._settings = settings
        self._sessions = sessions
        self._cases = cases
        self._clock = clock

    def is_manager(self, from_number: str) -> bool:
        """True when `from_number` is one of `MANAGER_PHONES`."""
        number = parse_phone(from_number, self._settings.default_region)
        return number is not None and number in self._settings.manager_phones

    def handle(self, from_number: str, body: str) -> Optional[str]:
        """Run the command in `body` sent from `from_number`.

        Returns `None` when `from_number` is not a manager number: nothing was done and the
        caller treats the text as an ordinary patient message. Otherwise returns the reply text,
        which is ALREADY QUEUED in the outbox to the manager: the caller must not send it again
        (answer Twilio's webhook with an empty response).
        """
        number = parse_phone(from_number, self._settings.default_region)
        if number is None or number not in self._settings.manager_phones:
            return None
        actor = f"manager:{mask(number)}"
        command = parse_command(body)
        reply, outcome = self._run(command, actor)
        now = self._clock()
        with unit_of_work(self._sessions) as session:
            case_exists = command.case_id is not None and outcome != "no_such_case"
            session.add(
                ManagerCommandRow(
                    actor=actor,
                    command=command.verb,
                    case_id=command.case_id if case_exists else None,
                    outcome=outcome,
                    created_at=now,
                )
            )
            if case_exists and command.case_id is not None:
                joined.audit(
                    session, command.case_id, "sms_command", actor, now,
                    detail=f"{command.verb} {outcome}",
                )
            enqueue(session, to_number=number, body=reply, purpose=Purpose.MANAGER_REPLY,
                    now=now, case_id=command.case_id if case_exists else None)
        log.info("manager command %s from %s: %s", command.verb, actor, outcome)
        return reply

    def _run(self, command: ManagerCommand, actor: str) -> Tuple[str, str]:
        if command.verb == "STATUS":
            return self._status(), "ok"
        if command.verb in ("ACK", "RESOLVE"):
            if command.case_id is None:
                return f"Which case? e.g. {command.verb} 1042. " + texts.MANAGER_HELP, "no_case"
            try:
                return self._change(command, actor)
            except CaseNotFoundError:
                return f"No case {reference_for(command.case_id)}.", "no_such_case"
        if command.verb == "HELP":
            return texts.MANAGER_HELP, "ok"
        return "Not a command. " + texts.MANAGER_HELP, "unknown"

    def _change(self, command: ManagerCommand, actor: str) -> Tuple[str, str]:
        assert command.case_id is not None
        case = self._cases.get(command.case_id)
        link = texts.case_link(self._settings.office_base_url, case.id)
        if command.verb == "ACK":
            if case.status not in (Status.NEW, Status.REOPENED):
                return f"{case.reference} is already {case.status.value}. {link}", "unchanged"
            self._cases.change_status(case.id, Status.ACKNOWLEDGED, actor)
            return f"{case.reference} acknowledged by you; backups will not be texted. {link}", "ok"
        if command.note is None:
            return (
                f"Add a short note for the patient: RESOLVE {case.reference[2:]} <what was done>",
                "no_note",
            )
        try:
            self._cases.change_status(case.id, Status.RESOLVED, actor, note=command.note)
        except TransitionError:
            return f"{case.reference} is already {case.status.value}. {link}", "unchanged"
        return f"{case.reference} resolved. The patient gets your note if they can be texted.", "ok"

    def _status(self) -> str:
        cases = self._cases.list(CaseFilter(limit=10_000))
        open_cases = [case for case in cases if case.status.is_open]
        pressing = [case for case in open_cases if case.urgency is not Urgency.ROUTINE]
        routine = len(open_cases) - len(pressing)
        if not open_cases:
            return "No open cases."
        listed = ", ".join(
            f"{case.reference} {case.urgency.value} {case.status.value}" for case in pressing[:5]
        )
        more = f" +{len(pressing) - 5} more" if len(pressing) > 5 else ""
        head = f"Open: {len(pressing)} urgent" + (f" ({listed}{more})" if pressing else "")
        return f"{head}, {routine} routine. {self._settings.office_base_url}/dashboard"
