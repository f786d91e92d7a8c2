"""The one place where adapters are built and passed in (cosmicpython's bootstrap).

Each process builds its services once, at its entry point (the `bot` command's `main`, which
starts every process), and passes them in. Rasa creates our channels, stores and NLG, and
rasa-sdk our custom actions, without arguments, so those reach the process's services through
`current_services()`: the ones the entry point `install`ed, or, when Rasa was started some other
way, ones built from the environment on first use (never at import time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Optional

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
    templates: TemplateRegistry
    flood_guard: FloodGuard


def build_services(settings: Settings) -> Services:
    """Wire the adapters and services for one process."""
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    escalation = EscalationPolicy(settings, sessions)
    templates = TemplateRegistry()
    cases = CaseService(
        sessions,
        filing_hooks=(escalation,),
        status_hooks=(escalation, ClosingMessages(settings, templates)),
        reclassify_hooks=(escalation,),
    )
    return Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        cases=cases,
        escalation=escalation,
        digest=DailyDigest(settings, sessions, cases),
        manager_commands=ManagerCommands(settings, sessions, cases),
        surveys=SurveyService(settings, sessions),
        staff=StaffService(
            sessions,
            SessionPolicy(
                idle=timedelta(minutes=settings.staff_idle_minutes),
                absolute=timedelta(hours=settings.staff_session_hours),
            ),
        ),
        templates=templates,
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


_installed: Optional[Services] = None


def install(services: Services) -> None:
    """Make `services` this process's, for the objects Rasa and rasa-sdk create."""
    global _installed
    _installed = services


def current_services() -> Services:
    """This process's services: the installed ones, else built from the environment once."""
    global _installed
    if _installed is None:
        _installed = build_services(load_settings())
    return _installed
