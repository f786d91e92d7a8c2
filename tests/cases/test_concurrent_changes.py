"""Two staff changing one case at the same moment, on PostgreSQL (SQLite has one writer at a
time, so it cannot interleave them): the second change waits for the first's row lock, and its
audit event starts from what the first one left, not from what it read before."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import Callable, Dict, Iterator, List, Optional, Tuple

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.cases.records import CaseDraft, CaseRecord
from bot.cases.service import CaseService
from bot.cases.vocabulary import Category, Channel, Status, Urgency
from bot.db.migrate import upgrade
from bot.settings import load_settings
from bot.wiring import Services, build_services
from tests.support.services import postgres_database

pytestmark = pytest.mark.postgres


class HoldTheLock:
    """A hook that keeps the first change's transaction open until a second writer waits."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.holding = threading.Event()

    def after_status_change(
        self, session: Session, case: CaseRecord, actor: str, note: Optional[str], now: datetime
    ) -> None:
        self._wait_for_a_waiter()

    def after_reclassified(
        self, session: Session, before: CaseRecord, case: CaseRecord, now: datetime
    ) -> None:
        self._wait_for_a_waiter()

    def _wait_for_a_waiter(self) -> None:
        self.holding.set()
        deadline = time.monotonic() + 30
        waiting = text("select count(*) from pg_locks where not granted")
        with self._engine.connect() as connection:
            while not connection.execute(waiting).scalar_one():
                assert time.monotonic() < deadline, "the second change never waited for the lock"
                time.sleep(0.05)


@pytest.fixture
def postgres_services(base_env: Dict[str, str]) -> Iterator[Services]:
    with postgres_database() as url:
        upgrade(url)
        services = build_services(load_settings({**base_env, "DATABASE_URL": url}))
        try:
            yield services
        finally:
            services.engine.dispose()


def at_once(
    services: Services,
    first: Callable[[CaseService], object],
    second: Callable[[CaseService], object],
) -> None:
    """Run `first` (held open until `second` waits for its lock), then `second`, concurrently."""
    hold = HoldTheLock(services.engine)
    holding = CaseService(services.sessions, status_hooks=(hold,), reclassify_hooks=(hold,))
    errors: List[BaseException] = []

    def run(change: Callable[[CaseService], object], cases: CaseService) -> None:
        try:
            change(cases)
        except BaseException as error:  # re-raised in the test thread below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(first, holding))]
    threads[0].start()
    assert hold.holding.wait(30), "the first change never reached its hook"
    threads.append(threading.Thread(target=run, args=(second, services.cases)))
    threads[1].start()
    for thread in threads:
        thread.join(60)
    if errors:
        raise errors[0]


def trail(services: Services, case_id: int, action: str) -> List[Tuple[str, Optional[str]]]:
    return [(e.actor, e.detail) for e in services.cases.audit_trail(case_id) if e.action == action]


def new_case(services: Services) -> int:
    draft = CaseDraft(Channel.WEB, "web-1", "Billed twice.", Category.BILLING, Urgency.ROUTINE)
    return services.cases.file(draft).id


def test_simultaneous_status_moves_each_record_the_status_they_left(
    postgres_services: Services,
) -> None:
    case_id = new_case(postgres_services)
    at_once(
        postgres_services,
        lambda cases: cases.change_status(case_id, Status.ACKNOWLEDGED, "staff:alice"),
        lambda cases: cases.change_status(case_id, Status.IN_PROGRESS, "staff:bob"),
    )
    assert trail(postgres_services, case_id, "status_changed") == [
        ("staff:alice", "new->acknowledged"),
        ("staff:bob", "acknowledged->in_progress"),
    ]


def test_simultaneous_corrections_each_record_the_reading_they_replaced(
    postgres_services: Services,
) -> None:
    case_id = new_case(postgres_services)
    at_once(
        postgres_services,
        lambda cases: cases.reclassify(case_id, Category.PRIVACY, Urgency.ROUTINE, "staff:alice"),
        lambda cases: cases.reclassify(case_id, Category.FACILITY, Urgency.ROUTINE, "staff:bob"),
    )
    assert trail(postgres_services, case_id, "category_changed") == [
        ("staff:alice", "billing->privacy"),
        ("staff:bob", "privacy->facility"),
    ]
