"""Plain dataclasses that leave the repository; no session or lazy loading travels with them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional, Tuple

from bot.cases.vocabulary import Category, Channel, Status, Urgency


@dataclass(frozen=True)
class TranscriptLine:
    """A line of the conversation: who said it, what, and which template produced a bot line."""

    sender: str
    text: str
    sent_at: datetime
    template_id: Optional[str] = None
    template_version: Optional[int] = None


@dataclass(frozen=True)
class CaseDraft:
    """Everything the intake collected, ready to be filed."""

    channel: Channel
    conversation_id: str
    description: str
    category: Category
    urgency: Urgency
    occurred_text: Optional[str] = None
    occurred_on: Optional[date] = None
    people_involved: Optional[str] = None
    desired_outcome: Optional[str] = None
    contact_phone: Optional[str] = None
    contact_email: Optional[str] = None
    contact_consent: bool = False
    wants_callback: bool = False
    triage_confidence: Optional[float] = None
    transcript: Tuple[TranscriptLine, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CaseRecord:
    """A filed case as the rest of the system sees it."""

    id: int
    reference: str
    status: Status
    category: Category
    urgency: Urgency
    channel: Channel
    conversation_id: str
    description: str
    occurred_text: Optional[str]
    occurred_on: Optional[date]
    people_involved: Optional[str]
    desired_outcome: Optional[str]
    contact_phone: Optional[str]
    contact_email: Optional[str]
    contact_consent: bool
    wants_callback: bool
    triage_confidence: Optional[float]
    assignee: Optional[str]
    due_at: Optional[datetime]
    resolution_note: Optional[str]
    satisfaction: Optional[int]
    created_at: datetime
    updated_at: datetime
    acknowledged_at: Optional[datetime]
    resolved_at: Optional[datetime]
    closed_at: Optional[datetime]
    # True while the intake that opened the case at its first urgent message is unconfirmed:
    # the office has what was said so far, not a read-back the patient agreed to.
    incomplete: bool = False


@dataclass(frozen=True)
class AuditEntry:
    """One audit event of a case."""

    case_id: int
    action: str
    actor: str
    detail: Optional[str]
    created_at: datetime
