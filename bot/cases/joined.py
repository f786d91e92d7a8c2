"""Case operations that join a transaction another concern opened.

`CaseService` opens its own unit of work for everything staff and patients do to a case. A few
writes of other concerns must commit with their own rows or not at all: an escalation hook's
"alert queued" event with the outbox message, a fired backup timer with its SMS, a manager's SMS
command with its log row, a patient's satisfaction answer with its survey row. They pass their
session here, so the cases package keeps the only way to its tables (no other package builds a
`CaseRepository`) without a second transaction that could commit half of the work.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy.orm import Session

from bot.cases.records import CaseRecord
from bot.cases.repository import CaseRepository


def get(session: Session, case_id: int) -> CaseRecord:
    """The case with `case_id` as the open transaction sees it, or `CaseNotFoundError`."""
    return CaseRepository(session).get(case_id)


def audit(
    session: Session,
    case_id: int,
    action: str,
    actor: str,
    now: datetime,
    detail: Optional[str] = None,
) -> None:
    """Record an audit event of `case_id` in the open transaction."""
    CaseRepository(session).audit(case_id, action, actor, now, detail=detail)


def record_satisfaction(session: Session, case_id: int, score: int, now: datetime) -> None:
    """Keep the patient's answer on the case, with its `satisfaction_recorded` event."""
    repo = CaseRepository(session)
    repo.update_fields(case_id, now, satisfaction=score)
    repo.audit(case_id, "satisfaction_recorded", "patient", now, detail=f"score={score}")
