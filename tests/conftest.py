"""Fixtures shared by every suite: isolated settings, real databases, wired services, Prism
mocking Twilio, and the one running bot."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Dict, Iterator

import pytest

from bot.db.migrate import upgrade
from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.wiring import Services, build_services
from tests.channels.sms_support import ACCOUNT_SID, AUTH_TOKEN, OFFICE_NUMBER, PUBLIC_BASE_URL
from tests.support.servers import RunningBot, running_bot
from tests.support.services import free_port, postgres_database, wait_for_port

TWILIO_SPEC = PROJECT_ROOT.parent / "shared" / "twilio" / "twilio_api_v2010.json"


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
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Prism mocking Twilio's Api v2010 from Twilio's own OpenAPI file, on a free port."""
    if not TWILIO_SPEC.exists():
        pytest.fail(f"Twilio's OpenAPI spec is missing at {TWILIO_SPEC}")
    prism = PROJECT_ROOT / "node_modules" / ".bin" / "prism"
    if not prism.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is not installed; install Node.js 18+ to run the Twilio contract tests")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PROJECT_ROOT, check=True)
    port = free_port()
    log = Path(tmp_path_factory.mktemp("prism")) / "prism.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(prism), "mock", "-h", "127.0.0.1", "-p", str(port), str(TWILIO_SPEC)],
            cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT,
        )
        try:
            try:
                wait_for_port(port, timeout=60)
            except TimeoutError:
                pytest.fail(f"Prism did not start; see {log}")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def running(tmp_path_factory: pytest.TempPathFactory, prism_url: str) -> Iterator[RunningBot]:
    """The real Rasa, action and web servers on SQLite stores, shared by the whole test session.

    One bot serves every end-to-end suite (REST, widget, SMS, test stories): loading the model
    is most of a bot's start, and three bots paid it three times on CI. Twilio is configured with its
    API pointed at Prism, so the SMS webhook accepts signed requests and an outbox pass sends
    through the real client; no worker runs, so nothing is sent unless a test sends it. Tests
    keep apart by their own sender ids and phone numbers.
    """
    root = tmp_path_factory.mktemp("bot")
    env = {
        "BOT_VAR_DIR": str(root / "var"),
        "SECRET_KEY": "e2e-secret-key-0123456789",
        "ACTION_SERVER_TOKEN": "e2e-action-token-0123456789",
        "MANAGER_PHONES": "+15555550101,+15555550102",
        "OFFICE_NAME": "Maple Street Clinic",
        "OFFICE_PHONE": "+15555550100",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": OFFICE_NUMBER,
        "TWILIO_API_BASE_URL": prism_url,
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
    }
    with running_bot(env, root / "logs") as bot:
        yield bot
