"""The office web app started on a free port over a seeded SQLite database, shared by the
dashboard's HTTP and browser tests (the Rasa server is not needed for the dashboard)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Iterator

import pytest

from bot.cases.records import CaseDraft, TranscriptLine
from bot.cases.repository import CaseRepository
from bot.cases.service import CaseService
from bot.cases.vocabulary import Category, Channel, Status, Urgency
from bot.db.engine import unit_of_work
from bot.db.migrate import upgrade
from bot.settings import load_settings
from bot.wiring import Services, build_services
from tests.support.servers import process
from tests.support.services import free_port

PASSWORD = "correct horse battery"
XSS = "<script>alert(1)</script>"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@dataclass(frozen=True)
class Office:
    """A running office web app and the services of its database (for seeding and checks)."""

    base_url: str
    services: Services
    cases: Dict[str, int]

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


def _seed(services: Services, now: datetime) -> Dict[str, int]:
    """Eight weeks of cases through `CaseService` with a clock set to each filing time."""
    when = {"now": now}
    cases = CaseService(services.sessions, clock=lambda: when["now"])
    ids: Dict[str, int] = {}
    categories = list(Category)
    for index in range(36):
        when["now"] = now - timedelta(days=index * 1.6, hours=index % 5)
        category = categories[(index * 7) % 5] if index % 4 else Category.SCHEDULING_WAIT
        draft = CaseDraft(
            channel=(Channel.SMS, Channel.WEB)[index % 2],
            conversation_id=f"seed-{index}",
            description=f"Seeded complaint number {index} about {category.value}.",
            category=category,
            urgency=Urgency.URGENT if index % 9 == 0 else Urgency.ROUTINE,
        )
        case = cases.file(draft, actor="patient")
        if index >= 3 and index % 3:
            when["now"] += timedelta(hours=1 + index % 7)
            cases.change_status(case.id, Status.ACKNOWLEDGED, "staff:seed")
            if index % 3 == 1:
                when["now"] += timedelta(days=1 + index % 4)
                cases.change_status(case.id, Status.RESOLVED, "staff:seed", "Called back.")
                with unit_of_work(services.sessions) as session:
                    CaseRepository(session).update_fields(
                        case.id, when["now"], satisfaction=1 + index % 5
                    )
    when["now"] = now - timedelta(minutes=20)
    ids["xss"] = cases.file(
        CaseDraft(
            channel=Channel.WEB,
            conversation_id="web-xss",
            description=f"The waiting room sign said {XSS} and we waited three hours.",
            category=Category.SCHEDULING_WAIT,
            urgency=Urgency.ROUTINE,
            people_involved="<b>front desk</b>",
            transcript=(
                TranscriptLine("patient", f"I waited three hours {XSS}", when["now"]),
                TranscriptLine(
                    "bot",
                    "I'm sorry you waited so long. What happened?",
                    when["now"] + timedelta(seconds=2),
                    template_id="utter_ask_description",
                    template_version=3,
                ),
                TranscriptLine("patient", "Nobody told us about the delay.", when["now"]),
            ),
        )
    ).id
    when["now"] = now - timedelta(days=6)
    ids["old"] = cases.file(
        CaseDraft(
            channel=Channel.SMS,
            conversation_id="sms-old",
            description="My bill shows a visit I never had.",
            category=Category.BILLING,
            urgency=Urgency.ROUTINE,
        )
    ).id
    return ids


@pytest.fixture(scope="session")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """The office web app (`bot serve web`) in its own process on a seeded database."""
    root = tmp_path_factory.mktemp("dashboard")
    env = {
        "BOT_VAR_DIR": str(root / "var"),
        "DATABASE_URL": f"sqlite:///{root / 'cases.db'}",
        "SECRET_KEY": "dashboard-secret-key-0123456789",
        "ACTION_SERVER_TOKEN": "dashboard-action-token-0123456789",
        "MANAGER_PHONES": "+15555550101",
        "OFFICE_NAME": "Maple Street Clinic",
        "OFFICE_TIMEZONE": "America/New_York",
    }
    upgrade(env["DATABASE_URL"])
    services = build_services(load_settings(env))
    ids = _seed(services, datetime.now(timezone.utc))
    services.staff.create_user("alice", "Alice Manager", PASSWORD)
    services.staff.create_user("bob", "Bob Front Desk", PASSWORD)
    port = free_port()
    full_env = {**os.environ, **env, "RASA_TELEMETRY_ENABLED": "false"}
    argv = [sys.executable, "-m", "bot", "serve", "web", "--port", str(port)]
    try:
        with process(argv, full_env, root / "web.log", port):
            yield Office(base_url=f"http://127.0.0.1:{port}", services=services, cases=ids)
    finally:
        services.engine.dispose()
