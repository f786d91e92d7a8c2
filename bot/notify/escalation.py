"""Escalation policy: urgent cases reach the primary manager at once, the backups if nobody acts.

`EscalationPolicy` is a `FilingHook`, a `StatusHook` and a `ReclassifyHook` of `CaseService`, so
the manager SMS and the re-escalation timer are written in the same transaction as the case: if
the case is saved, the alert is queued; if anything fails, neither exists. A new case that staff
grade up to urgent is alerted as if it had been filed so; one graded down to routine stops its
timer. The timer lives in the database and the worker fires it (`fire_due_timers`), so a restart
loses none and several workers fire it once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.cases import joined
from bot.cases.records import CaseRecord
from bot.cases.vocabulary import Status
from bot.db.engine import unit_of_work
from bot.notify import texts
from bot.notify.models import EscalationTimerRow
from bot.notify.outbox import Purpose, enqueue
from bot.privacy.phones import mask
from bot.settings import Settings

log = logging.getLogger(__name__)

SYSTEM_ACTOR = "system:escalation"


class EscalationPolicy:
    """Queues manager alerts with new urgent cases and cancels re-escalation once someone acts."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session]) -> None:
        self._settings = settings
        self._sessions = sessions

    def after_filed(self, session: Session, case: CaseRecord, now: datetime) -> None:
        """Queue the primary manager's SMS and the backup timer for an urgent case."""
        managers = self._settings.manager_phones
        if not case.urgency.alerts_manager:
            return
        if not managers:
            log.warning("case %s is %s but MANAGER_PHONES is empty: no SMS alert",
                        case.reference, case.urgency.value)
            return
        body = texts.manager_alert(
            case, self._settings.office_base_url, self._settings.office_timezone
        )
        enqueue(session, to_number=managers[0], body=body, purpose=Purpose.ESCALATION,
                now=now, case_id=case.id)
        session.add(
            EscalationTimerRow(
                case_id=case.id,
                due_at=now + timedelta(minutes=self._settings.ack_timeout_minutes),
                created_at=now,
            )
        )
        joined.audit(
            session, case.id, "manager_alert_queued", SYSTEM_ACTOR, now,
            detail=f"to={mask(managers[0])}",
        )

    def after_status_change(
        self, session: Session, case: CaseRecord, actor: str, note: Optional[str], now: datetime
    ) -> None:
        """Any move out of `new` means a person has the case: stop the backup timer."""
        if case.status is not Status.NEW:
            self._cancel_timers(session, case.id, now)

    def after_reclassified(
        self, session: Session, before: CaseRecord, case: CaseRecord, now: datetime
    ) -> None:
        """Alert a case still `new` that now needs the manager; stop the timer of one that no
        longer does. A case someone already has needs no alert: they are reading it."""
        if before.urgency.alerts_manager == case.urgency.alerts_manager:
            return
        if not case.urgency.alerts_manager:
            self._cancel_timers(session, case.id, now)
        elif case.status is Status.NEW:
            self.after_filed(session, case, now)

    def _cancel_timers(self, session: Session, case_id: int, now: datetime) -> None:
        session.execute(
            update(EscalationTimerRow)
            .where(
                EscalationTimerRow.case_id == case_id,
                EscalationTimerRow.fired_at.is_(None),
                EscalationTimerRow.cancelled_at.is_(None),
            )
            .values(cancelled_at=now)
            .execution_options(synchronize_session=False)
        )

    def fire_due_timers(self, now: datetime) -> int:
        """Text the backup manager(s) for every due timer whose case is still unacknowledged.

        Each timer fires in its own transaction with a conditional UPDATE, so two workers never
        fire the same timer and a crash mid-way leaves the rest for the next pass.
        """
        with unit_of_work(self._sessions) as session:
            due: List[int] = list(
                session.execute(
                    select(EscalationTimerRow.id)
                    .where(
                        EscalationTimerRow.due_at <= now,
                        EscalationTimerRow.fired_at.is_(None),
                        EscalationTimerRow.cancelled_at.is_(None),
                    )
                    .order_by(EscalationTimerRow.due_at)
                    .limit(100)
                ).scalars()
            )
        fired = 0
        for timer_id in due:
            with unit_of_work(self._sessions) as session:
                if self._fire(session, timer_id, now):
                    fired += 1
        return fired

    def _fire(self, session: Session, timer_id: int, now: datetime) -> bool:
        taken = session.execute(
            update(EscalationTimerRow)
            .where(
                EscalationTimerRow.id == timer_id,
                EscalationTimerRow.fired_at.is_(None),
                EscalationTimerRow.cancelled_at.is_(None),
            )
            .values(fired_at=now)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:
            return False
        timer = session.get(EscalationTimerRow, timer_id)
        assert timer is not None
        case = joined.get(session, timer.case_id)
        if case.status is not Status.NEW:
            return False
        managers = self._settings.manager_phones
        backups = managers[1:] or managers[:1]
        body = texts.manager_reescalation(
            case,
            self._settings.office_base_url,
            self._settings.office_timezone,
            self._settings.ack_timeout_minutes,
        )
        for number in backups:
            enqueue(session, to_number=number, body=body, purpose=Purpose.REESCALATION,
                    now=now, case_id=case.id)
        joined.audit(
            session,
            case.id,
            "manager_reescalated",
            SYSTEM_ACTOR,
            now,
            detail="to=" + ",".join(mask(number) for number in backups),
        )
        return True
