"""Fixtures shared by every suite: isolated settings, real databases, wired services."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterator

import pytest

from bot.db.migrate import upgrade
from bot.settings import Settings, load_settings
from bot.wiring import Services, build_services
from tests.support.servers import RunningBot, running_bot
from tests.support.services import postgres_database


@pytest.fixture
def base_env(tmp_path: Path) -> Dict[str, str]:
    """Environment of an isolated installation under `tmp_path` (fictional 555-01xx numbers)."""
    return {
        "BOT_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "test-secret-key-0123456789",
        "ACTION_SERVER_TOKEN": "test-action-token-0123456789",
        "MANAGER_PHONES": "+15555550101,+15555550102",
        "OFFICE_NAME": "Maple Street Clinic",
    }


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'cases.db'}"
        upgrade(url)
        yield url
        return
    with postgres_database() as url:
        upgrade(url)
        yield url


@pytest.fixture
def settings(base_env: Dict[str, str], database_url: str) -> Settings:
    """Settings for an installation on `database_url`."""
    return load_settings({**base_env, "DATABASE_URL": database_url})


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """Wired services on the test database; the engine is disposed afterwards."""
    built = build_services(settings)
    yield built
    built.engine.dispose()


@pytest.fixture(scope="session")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    """The real Rasa server and action server on SQLite stores, shared by a test session."""
    root = tmp_path_factory.mktemp("bot")
    env = {
        "BOT_VAR_DIR": str(root / "var"),
        "SECRET_KEY": "e2e-secret-key-0123456789",
        "ACTION_SERVER_TOKEN": "e2e-action-token-0123456789",
        "MANAGER_PHONES": "+15555550101,+15555550102",
        "OFFICE_NAME": "Maple Street Clinic",
    }
    with running_bot(env, root / "logs") as bot:
        yield bot
