"""Plain case records for statistics tests (no database needed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.cases.records import CaseRecord
from bot.cases.vocabulary import Category, Channel, Status, Urgency


def case(
    case_id: int = 1,
    created_at: datetime | None = None,
    status: Status = Status.NEW,
    category: Category = Category.BILLING,
    **fields: Any,
) -> CaseRecord:
    """A case record with sensible defaults; override any field by keyword."""
    created = created_at or datetime.fromisoformat("2026-11-16T14:00:00+00:00")
    values: dict[str, Any] = {
        "id": case_id,
        "reference": f"C-{1000 + case_id}",
        "status": status,
        "category": category,
        "urgency": Urgency.ROUTINE,
        "channel": Channel.SMS,
        "conversation_id": f"conv-{case_id}",
        "description": "The bill was sent twice.",
        "occurred_text": None,
        "occurred_on": None,
        "people_involved": None,
        "desired_outcome": None,
        "contact_phone": None,
        "contact_email": None,
        "contact_consent": False,
        "wants_callback": False,
        "triage_confidence": None,
        "assignee": None,
        "due_at": None,
        "resolution_note": None,
        "satisfaction": None,
        "created_at": created,
        "updated_at": created,
        "acknowledged_at": None,
        "resolved_at": None,
        "closed_at": None,
    }
    values.update(fields)
    return CaseRecord(**values)
