"""The one place where adapters are built and passed in (cosmicpython's bootstrap).

Processes call `build_services(load_settings())` once at start. Rasa custom actions are created
by rasa-sdk without arguments, so they reach the same object through `current_services()`, which
builds it on first use (never at import time).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.cases.service import CaseService
from bot.db.engine import make_engine, make_session_factory
from bot.settings import Settings, load_settings


@dataclass(frozen=True)
class Services:
    """Everything a process needs, built from settings."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    cases: CaseService


def build_services(settings: Settings) -> Services:
    """Wire the adapters and services for one process."""
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    return Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        cases=CaseService(sessions),
    )


@lru_cache(maxsize=1)
def current_services() -> Services:
    """The process-wide services, built from the environment on first use."""
    return build_services(load_settings())
