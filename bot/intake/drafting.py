"""Turn the intake's answers into a `CaseDraft` for `CaseService.file` (or, at the first urgent
message, for `CaseService.open_draft`, with what was said so far)."""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Optional, Tuple

from bot.cases.records import CaseDraft, TranscriptLine
from bot.cases.vocabulary import Category, Channel, Urgency
from bot.intake.transcript import PATIENT
from bot.intake.turn import (
    CATEGORY,
    CONSENT,
    CONTACT_EMAIL,
    CONTACT_PHONE,
    DESCRIPTION,
    OCCURRED_ON,
    OUTCOME,
    PEOPLE,
    WHEN,
)


def _text(slots: Mapping[str, Any], name: str) -> Optional[str]:
    value = slots.get(name)
    return str(value) if value not in (None, "") else None


def draft_case(
    slots: Mapping[str, Any],
    channel: Channel,
    conversation_id: str,
    urgency: Urgency,
    wants_callback: bool,
    transcript: Tuple[TranscriptLine, ...],
    triage_confidence: Optional[float] = None,
    category_hint: Optional[str] = None,
) -> CaseDraft:
    """The case as the patient confirmed it in the read-back, or as far as the intake got.

    Before the intake has a description (an emergency told before any complaint), the case
    holds the patient's own first words; before it has a category, the triage's reading
    (`category_hint`), else `other`.
    """
    category = slots.get(CATEGORY) or category_hint
    occurred_on = _text(slots, OCCURRED_ON)
    consent = slots.get(CONSENT) is True
    return CaseDraft(
        channel=channel,
        conversation_id=conversation_id,
        description=_text(slots, DESCRIPTION) or _first_words(transcript),
        category=Category(category) if category in Category._value2member_map_ else Category.OTHER,
        urgency=urgency,
        occurred_text=_text(slots, WHEN),
        occurred_on=date.fromisoformat(occurred_on) if occurred_on else None,
        people_involved=_text(slots, PEOPLE),
        desired_outcome=_text(slots, OUTCOME),
        contact_phone=_text(slots, CONTACT_PHONE) if consent else None,
        contact_email=_text(slots, CONTACT_EMAIL) if consent else None,
        contact_consent=consent,
        wants_callback=wants_callback,
        triage_confidence=triage_confidence,
        transcript=transcript,
    )


def _first_words(transcript: Tuple[TranscriptLine, ...]) -> str:
    return next((line.text for line in transcript if line.sender == PATIENT), "")
