"""The one place where adapters are built and passed in (cosmicpython's bootstrap).

Processes call `build_services(load_settings())` once at start. Rasa custom actions are created
by rasa-sdk without arguments, so they reach the same object through `current_services()`, which
builds it on first use (never at import time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.cases.service import CaseService
from bot.channels.limits import FloodGuard, build_guard
from bot.db.engine import make_engine, make_session_factory
from bot.notify.closing import ClosingMessages, SurveyService
from bot.notify.digest import DailyDigest
from bot.notify.escalation import EscalationPolicy
from bot.notify.manager_commands import ManagerCommands
from bot.notify.sender import RecordingSender, SmsSender, TwilioSender
from bot.settings import Settings, load_settings
from bot.staff.records import SessionPolicy
from bot.staff.service import StaffService
from bot.templates.registry import TemplateRegistry


@dataclass(frozen=True)
class Services:
    """Everything a process needs, built from settings."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    cases: CaseService
    escalation: EscalationPolicy
    digest: DailyDigest
    manager_commands: ManagerCommands
    surveys: SurveyService
    staff: StaffService
    flood_guard: FloodGuard


def build_services(settings: Settings) -> Services:
    """Wire the adapters and services for one process."""
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    escalation = EscalationPolicy(settings, sessions)
    cases = CaseService(
        sessions,
        filing_hooks=(escalation,),
        status_hooks=(escalation, ClosingMessages(settings, TemplateRegistry())),
        reclassify_hooks=(escalation,),
    )
    return Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        cases=cases,
        escalation=escalation,
        digest=DailyDigest(settings, sessions),
        manager_commands=ManagerCommands(settings, sessions, cases),
        surveys=SurveyService(settings, sessions),
        staff=StaffService(
            sessions,
            SessionPolicy(
                idle=timedelta(minutes=settings.staff_idle_minutes),
                absolute=timedelta(hours=settings.staff_session_hours),
            ),
        ),
        flood_guard=build_guard(
            settings.redis_url, sessions, settings.manager_phones, settings.office_name
        ),
    )


def build_sender(settings: Settings) -> SmsSender:
    """Twilio when credentials are set, else record-and-log (numbers masked, no text).

    Made per worker process (its HTTP session belongs to that process's event loop). The request
    timeout is a third of the claim lease, so a live worker finishes or gives up long before
    another worker may take its message over.
    """
    if settings.twilio is None:
        return RecordingSender()
    return TwilioSender(settings.twilio, timeout=settings.outbox_lease_seconds / 3)


@lru_cache(maxsize=1)
def current_services() -> Services:
    """The process-wide services, built from the environment on first use."""
    return build_services(load_settings())
