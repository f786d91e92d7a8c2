"""Fixtures of the notify suite: Prism serving Twilio's OpenAPI contract, helpers to file cases
and read the outbox. Fault-injection servers are started per test (`tests/notify/fault_server`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest
from sqlalchemy import select

from bot.cases.records import CaseDraft, CaseRecord
from bot.cases.vocabulary import Category, Channel, Urgency
from bot.notify.models import OutboxMessageRow
from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.wiring import Services
from tests.support.services import free_port, wait_for_port

TWILIO_SPEC = PROJECT_ROOT.parent / "shared" / "twilio" / "twilio_api_v2010.json"
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
PATIENT_PHONE = "+15555550123"
PATIENT_TEXT = "the nurse shouted my diagnosis across the waiting room"


def twilio_env(api_base_url: str) -> Dict[str, str]:
    """Twilio settings pointing the real client at a local server."""
    return {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": "test-auth-token-0123456789",
        "TWILIO_FROM_NUMBER": "+15555550100",
        "TWILIO_API_BASE_URL": api_base_url,
    }


def settings_with(base_env: Dict[str, str], database_url: str, **extra: str) -> Settings:
    """Settings of the test installation plus `extra` variables."""
    return load_settings({**base_env, "DATABASE_URL": database_url, **extra})


def file_case(
    services: Services,
    urgency: Urgency = Urgency.URGENT,
    channel: Channel = Channel.SMS,
    phone: Optional[str] = PATIENT_PHONE,
    consent: bool = True,
    conversation_id: str = "conversation-1",
) -> CaseRecord:
    """File a case the way the intake does, with PHI-looking text that must never leak."""
    return services.cases.file(
        CaseDraft(
            channel=channel,
            conversation_id=conversation_id,
            description=PATIENT_TEXT,
            category=Category.PRIVACY,
            urgency=urgency,
            contact_phone=phone,
            contact_consent=consent,
        )
    )


def outbox_rows(services: Services) -> List[OutboxMessageRow]:
    """Every outbox row, oldest first (detached plain rows)."""
    with services.sessions() as session:
        return list(session.execute(select(OutboxMessageRow).order_by(OutboxMessageRow.id))
                    .scalars())


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
