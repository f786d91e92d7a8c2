"""Closing messages to patients and their 1-5 satisfaction answer.

`ClosingMessages` is a `StatusHook`: when a case becomes `resolved` (by SMS command or on the
dashboard) it queues the closing SMS for an SMS patient who gave consent, or keeps the text for a
web patient's next visit, in the same transaction as the status change.

`SurveyService` is what the channels call:
- SMS channel, before passing a patient's text to Rasa: `try_record(phone, text)`; True means the
  text was the answer to the closing question and is stored (do not pass it to Rasa).
- Widget, when a conversation (re)opens: `pending_web_message(conversation_id)` returns the closing
  text to show once (then marks it shown), or None; the next patient text goes first to
  `try_record_web(conversation_id, text)`, with the same meaning as `try_record`.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Callable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cases import joined
from bot.cases.records import CaseRecord
from bot.cases.vocabulary import Channel, Status
from bot.db.engine import unit_of_work
from bot.db.types import utcnow
from bot.notify import texts
from bot.notify.models import ClosingSurveyRow
from bot.notify.outbox import Purpose, enqueue
from bot.privacy.phones import phone_key
from bot.settings import Settings, parse_phone
from bot.templates.registry import TemplateRegistry
from bot.templates.render import office_values, render

ANSWER_WINDOW = timedelta(days=14)
_SCORE = re.compile(r"^\s*([1-5])\s*(?:/\s*5|out of 5|stars?)?\s*[.!]*\s*$", re.IGNORECASE)


def web_key(conversation_id: str) -> str:
    """Recipient key of a widget conversation."""
    return f"web:{conversation_id}"


def parse_score(text: str) -> Optional[int]:
    """A 1-5 answer such as `4`, `5!`, `3/5`; None for anything else (that goes to the bot)."""
    match = _SCORE.match(text)
    return int(match.group(1)) if match else None


CLOSING_TEMPLATE = "utter_case_closing"
SMS_CHANNEL = "twilio"
WEB_CHANNEL = "socketio"


class ClosingMessages:
    """Status hook: the patient hears how their concern was resolved.

    The wording is the `utter_case_closing` template (data/templates/notify.yml), so the office
    reviews and versions it like every other patient-facing text.
    """

    def __init__(self, settings: Settings, templates: TemplateRegistry) -> None:
        self._settings = settings
        self._templates = templates

    def _text(self, case: CaseRecord, note: Optional[str], channel: str) -> str:
        template = self._templates.get(CLOSING_TEMPLATE)
        if template is None:
            raise LookupError(f"template {CLOSING_TEMPLATE} is missing")
        values = {
            **office_values(self._settings),
            "reference": case.reference,
            "outcome_note": texts.closing_note(note or case.resolution_note),
        }
        return render(template, channel, values).text

    def after_status_change(
        self, session: Session, case: CaseRecord, actor: str, note: Optional[str], now: datetime
    ) -> None:
        """Queue the closing SMS or keep the web message when `case` was just resolved."""
        if case.status is not Status.RESOLVED:
            return
        if case.channel is Channel.SMS:
            if not (case.contact_phone and case.contact_consent):
                return
            body = self._text(case, note, SMS_CHANNEL)
            enqueue(session, to_number=case.contact_phone, body=body,
                    purpose=Purpose.PATIENT_CLOSING, now=now, case_id=case.id)
            key = phone_key(case.contact_phone, self._settings.secret_key)
            session.add(ClosingSurveyRow(case_id=case.id, recipient_key=key, channel="sms",
                                         asked_at=now))
        elif case.channel is Channel.WEB:
            session.add(ClosingSurveyRow(case_id=case.id,
                                         recipient_key=web_key(case.conversation_id),
                                         channel="web",
                                         web_message=self._text(case, note, WEB_CHANNEL),
                                         asked_at=now))
        else:
            return
        joined.audit(session, case.id, "closing_message_queued", "system:closing", now,
                     detail=f"channel={case.channel.value}")


class SurveyService:
    """Records satisfaction answers and hands web closing messages to the widget."""

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._settings = settings
        self._sessions = sessions
        self._clock = clock

    def try_record(self, phone: str, text: str) -> bool:
        """Store `text` as the satisfaction answer of the patient texting from `phone`."""
        number = parse_phone(phone, self._settings.default_region) or phone
        return self._record(phone_key(number, self._settings.secret_key), text, web=False)

    def try_record_web(self, conversation_id: str, text: str) -> bool:
        """Store `text` as the answer of a web patient who has been shown the closing message."""
        return self._record(web_key(conversation_id), text, web=True)

    def pending_web_message(self, conversation_id: str) -> Optional[str]:
        """The closing message to show this web conversation once, or None."""
        now = self._clock()
        with unit_of_work(self._sessions) as session:
            row = session.execute(
                select(ClosingSurveyRow)
                .where(
                    ClosingSurveyRow.recipient_key == web_key(conversation_id),
                    ClosingSurveyRow.shown_at.is_(None),
                )
                .order_by(ClosingSurveyRow.asked_at.desc())
                .limit(1)
                .with_for_update()
            ).scalar_one_or_none()
            if row is None:
                return None
            row.shown_at = now
            return str(row.web_message)

    def _record(self, key: str, text: str, *, web: bool) -> bool:
        score = parse_score(text)
        if score is None:
            return False
        now = self._clock()
        with unit_of_work(self._sessions) as session:
            query = select(ClosingSurveyRow).where(
                ClosingSurveyRow.recipient_key == key,
                ClosingSurveyRow.answered_at.is_(None),
                ClosingSurveyRow.asked_at >= now - ANSWER_WINDOW,
            )
            if web:
                query = query.where(ClosingSurveyRow.shown_at.is_not(None))
            row = session.execute(
                query.order_by(ClosingSurveyRow.asked_at.desc()).limit(1).with_for_update()
            ).scalar_one_or_none()
            if row is None:
                return False
            row.answered_at = now
            row.score = score
            joined.record_satisfaction(session, row.case_id, score, now)
        return True
