"""Helpers of the notify suite: file cases and read the outbox. Prism, serving Twilio's OpenAPI
contract, is the session fixture `prism_url` of `tests/conftest.py`; fault-injection servers are
started per test (`tests/notify/fault_server`)."""

from __future__ import annotations

from typing import Dict, List, Optional

from sqlalchemy import select

from bot.cases.records import CaseDraft, CaseRecord
from bot.cases.vocabulary import Category, Channel, Urgency
from bot.notify.models import OutboxMessageRow
from bot.settings import Settings, load_settings
from bot.wiring import Services

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
