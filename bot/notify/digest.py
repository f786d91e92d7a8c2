"""The daily digest of overdue routine cases and of open cases left incomplete, sent to the
primary manager at `DIGEST_HOUR`.

Once per office-local day, even with several workers: the day's `digest_runs` row is inserted in
the same transaction as the SMS, and its primary key makes a second insert fail.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import List
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.cases.records import CaseRecord
from bot.cases.repository import CaseFilter, CaseRepository
from bot.cases.vocabulary import Urgency
from bot.db.engine import unit_of_work
from bot.notify import texts
from bot.notify.models import DigestRunRow
from bot.notify.outbox import Purpose, enqueue
from bot.settings import Settings


def add_business_days(start: datetime, days: int) -> datetime:
    """`start` moved forward by `days` weekdays (Saturday and Sunday do not count)."""
    moment = start
    remaining = days
    while remaining > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment


def is_overdue(case: CaseRecord, now: datetime, business_days: int) -> bool:
    """An open case past its due date, or past the promised response time if it has none."""
    if not case.status.is_open:
        return False
    due = case.due_at or add_business_days(case.created_at, business_days)
    return due < now


class DailyDigest:
    """Produces the digest when the office-local hour reaches `digest_hour`."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session]) -> None:
        self._settings = settings
        self._sessions = sessions

    def run_if_due(self, now: datetime) -> bool:
        """Queue today's digest if it is time and nobody did yet; True when this call did it."""
        local = now.astimezone(ZoneInfo(self._settings.office_timezone))
        if local.hour < self._settings.digest_hour or not self._settings.manager_phones:
            return False
        today = local.date()
        with unit_of_work(self._sessions) as session:
            if session.get(DigestRunRow, today.isoformat()) is not None:
                return False
        try:
            with unit_of_work(self._sessions) as session:
                self._produce(session, today, now)
        except IntegrityError:
            return False
        return True

    def _produce(self, session: Session, today: date, now: datetime) -> None:
        overdue = self.overdue(session, now)
        incomplete = self.incomplete(session)
        session.add(
            DigestRunRow(office_date=today.isoformat(), ran_at=now, overdue_count=len(overdue))
        )
        session.flush()
        if overdue or incomplete:
            body = texts.digest(
                self._settings.office_name,
                [case.reference for case in overdue],
                self._settings.office_base_url,
                incomplete=[case.reference for case in incomplete],
            )
            enqueue(session, to_number=self._settings.manager_phones[0], body=body,
                    purpose=Purpose.DIGEST, now=now)

    def overdue(self, session: Session, now: datetime) -> List[CaseRecord]:
        """Open routine cases past due, oldest first."""
        cases = CaseRepository(session).list(CaseFilter(urgency=Urgency.ROUTINE, limit=10_000))
        late = [
            case
            for case in cases
            if is_overdue(case, now, self._settings.response_business_days)
        ]
        return sorted(late, key=lambda case: case.created_at)

    def incomplete(self, session: Session) -> List[CaseRecord]:
        """Open cases whose patient stopped before confirming the intake, oldest first: they
        were alerted once, and the digest keeps them in sight until they are resolved."""
        cases = CaseRepository(session).list(CaseFilter(incomplete=True, limit=10_000))
        return sorted(
            (case for case in cases if case.status.is_open), key=lambda case: case.created_at
        )
