"""Escalation: the alert is queued with the case, timers live in the database, digest once a day."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Dict, List
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.records import CaseDraft, CaseRecord
from bot.cases.service import CaseService
from bot.cases.vocabulary import Category, Channel, Status, Urgency
from bot.db.types import utcnow
from bot.insights.overdue import is_overdue
from bot.notify.digest import DailyDigest
from bot.notify.models import EscalationTimerRow
from bot.notify.outbox import Purpose
from bot.notify.serve import build_worker
from bot.notify.worker import OutboxWorker
from bot.wiring import Services, build_services
from tests.notify.conftest import PATIENT_PHONE, PATIENT_TEXT, file_case, outbox_rows, settings_with


def test_urgent_case_queues_a_minimal_alert_to_the_primary_manager(services: Services) -> None:
    case = file_case(services, urgency=Urgency.URGENT)
    [row] = outbox_rows(services)
    assert row.to_number == "+15555550101"
    assert row.purpose == Purpose.ESCALATION.value and row.case_id == case.id
    assert case.reference in row.body and "privacy" in row.body and "URGENT" in row.body
    assert f"http://127.0.0.1:8000/dashboard/cases/{case.id}" in row.body
    assert "EST" in row.body  # received time in the office's time zone (America/New_York)
    assert PATIENT_TEXT not in row.body and PATIENT_PHONE[-4:] not in row.body
    actions = [entry.action for entry in services.cases.audit_trail(case.id)]
    assert actions == ["created", "manager_alert_queued"]


@pytest.mark.parametrize("urgency", [Urgency.EMERGENCY, Urgency.CRISIS])
def test_emergency_and_crisis_cases_alert_too(services: Services, urgency: Urgency) -> None:
    file_case(services, urgency=urgency)
    assert [row.purpose for row in outbox_rows(services)] == [Purpose.ESCALATION.value]


def test_routine_case_alerts_nobody(services: Services) -> None:
    file_case(services, urgency=Urgency.ROUTINE)
    assert outbox_rows(services) == []


def test_case_and_alert_commit_together_or_not_at_all(services: Services) -> None:
    class Failing:
        def after_filed(self, session: Session, case: CaseRecord, now: datetime) -> None:
            raise RuntimeError("disk full")

    broken = CaseService(services.sessions, filing_hooks=(services.escalation, Failing()))
    with pytest.raises(RuntimeError):
        broken.file(_draft())
    assert services.cases.list() == [] and outbox_rows(services) == []


def _draft(urgency: Urgency = Urgency.URGENT) -> CaseDraft:
    return CaseDraft(channel=Channel.SMS, conversation_id="c", description=PATIENT_TEXT,
                     category=Category.PRIVACY, urgency=urgency)


def _timers(services: Services) -> List[EscalationTimerRow]:
    with services.sessions() as session:
        return list(session.execute(select(EscalationTimerRow)).scalars())


def test_unacknowledged_case_reaches_the_backup_once_after_the_timeout(
    services: Services,
) -> None:
    case = file_case(services)
    [timer] = _timers(services)
    assert timer.due_at - case.created_at == timedelta(minutes=15)
    assert services.escalation.fire_due_timers(timer.due_at - timedelta(seconds=1)) == 0
    assert services.escalation.fire_due_timers(timer.due_at) == 1
    assert services.escalation.fire_due_timers(timer.due_at + timedelta(minutes=1)) == 0
    rows = outbox_rows(services)
    assert [(row.purpose, row.to_number) for row in rows] == [
        (Purpose.ESCALATION.value, "+15555550101"),
        (Purpose.REESCALATION.value, "+15555550102"),
    ]
    assert rows[1].body.startswith("Not acknowledged after 15 min.")
    assert "manager_reescalated" in [entry.action for entry in services.cases.audit_trail(case.id)]


def test_acknowledged_case_is_not_reescalated(services: Services) -> None:
    case = file_case(services)
    services.cases.change_status(case.id, Status.ACKNOWLEDGED, "staff:lee")
    [timer] = _timers(services)
    assert timer.cancelled_at is not None
    assert services.escalation.fire_due_timers(timer.due_at + timedelta(hours=1)) == 0
    assert len(outbox_rows(services)) == 1


def test_new_case_graded_up_to_urgent_alerts_the_manager(services: Services) -> None:
    case = file_case(services, urgency=Urgency.ROUTINE)
    services.cases.reclassify(case.id, Category.MEDICATION, Urgency.URGENT, "staff:lee")
    [row] = outbox_rows(services)
    assert row.purpose == Purpose.ESCALATION.value and row.to_number == "+15555550101"
    assert "URGENT" in row.body and "medication" in row.body and PATIENT_TEXT not in row.body
    [timer] = _timers(services)
    assert timer.cancelled_at is None
    services.cases.reclassify(case.id, Category.MEDICATION, Urgency.EMERGENCY, "staff:lee")
    assert len(outbox_rows(services)) == 1, "it already alerts: a second grade is no new alert"


def test_grading_down_to_routine_stops_the_backup_timer(services: Services) -> None:
    case = file_case(services)
    services.cases.reclassify(case.id, Category.PRIVACY, Urgency.ROUTINE, "staff:lee")
    [timer] = _timers(services)
    assert timer.cancelled_at is not None
    assert services.escalation.fire_due_timers(timer.due_at + timedelta(hours=1)) == 0


def test_a_case_someone_has_is_graded_up_without_an_alert(services: Services) -> None:
    case = file_case(services, urgency=Urgency.ROUTINE)
    services.cases.change_status(case.id, Status.ACKNOWLEDGED, "staff:lee")
    services.cases.reclassify(case.id, Category.PRIVACY, Urgency.URGENT, "staff:lee")
    assert outbox_rows(services) == [] and _timers(services) == []


def test_timers_survive_a_restart_and_the_new_worker_fires_them(
    base_env: Dict[str, str], database_url: str
) -> None:
    settings = settings_with(base_env, database_url, ESCALATION_ACK_MINUTES="1")
    first = build_services(settings)
    case = file_case(first)
    first.engine.dispose()  # the process that filed the case is gone

    later = case.created_at + timedelta(minutes=2)
    restarted = build_services(settings)
    try:
        worker = build_worker(restarted, clock=lambda: later)
        asyncio.run(_run_until_sent(worker, restarted))
        purposes = [row.purpose for row in outbox_rows(restarted)]
        assert purposes.count(Purpose.REESCALATION.value) == 1
        assert all(row.status == "recorded" for row in outbox_rows(restarted))
    finally:
        restarted.engine.dispose()


async def _run_until_sent(worker: OutboxWorker, services: Services) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    for _ in range(200):
        await asyncio.sleep(0.05)
        rows = outbox_rows(services)
        if len(rows) == 2 and all(row.status != "pending" for row in rows):
            break
    stop.set()
    await task


def test_several_workers_produce_one_digest_per_day(services: Services) -> None:
    file_case(services, urgency=Urgency.ROUTINE)
    moment = _office(utcnow() + timedelta(days=10), 9)
    digests = [DailyDigest(services.settings, services.sessions, services.cases) for _ in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda digest: digest.run_if_due(moment), digests))
    assert results.count(True) == 1
    assert [row.purpose for row in outbox_rows(services)] == [Purpose.DIGEST.value]


def test_the_digest_counts_overdue_as_the_dashboard_does(services: Services) -> None:
    # Friday 22:00 in New York, already Saturday 03:00 in UTC: a Friday case for the office, due
    # two office weekdays later, Tuesday 22:00 New York time (the dashboard's rule).
    filed_at = datetime(2026, 11, 21, 3, tzinfo=timezone.utc)
    filing = CaseService(services.sessions, clock=lambda: filed_at)
    case = filing.file(_draft(urgency=Urgency.ROUTINE))
    digest = DailyDigest(services.settings, services.sessions, services.cases)
    tz = ZoneInfo(services.settings.office_timezone)
    for now, late in (
        (datetime(2026, 11, 25, 2, 30, tzinfo=timezone.utc), False),  # Tuesday 21:30 local
        (datetime(2026, 11, 25, 3, 30, tzinfo=timezone.utc), True),  # Tuesday 22:30 local
    ):
        assert [found.id for found in digest.overdue(now)] == ([case.id] if late else [])
        assert is_overdue(services.cases.get(case.id), now, 2, tz) is late


def _office(moment: datetime, hour: int) -> datetime:
    local = moment.astimezone(ZoneInfo("America/New_York"))
    return local.replace(hour=hour, minute=5).astimezone(timezone.utc)


def test_open_cases_filed_today_are_not_overdue(services: Services) -> None:
    file_case(services, urgency=Urgency.ROUTINE)
    assert DailyDigest(services.settings, services.sessions, services.cases).run_if_due(
        _office(utcnow(), 23)
    ) is True
    assert [row.purpose for row in outbox_rows(services)] == []
