"""Talk to the running bot as Twilio would: a signed webhook in, the queued replies out.

Replies leave through the outbox (sent by the worker, possibly much later, possibly never while
Twilio is unset), so the simulator reads what the turn queued for the number from the database
instead of waiting for a real phone.
"""

from __future__ import annotations

import time
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from twilio.request_validator import RequestValidator

from bot.db.engine import unit_of_work
from bot.notify.models import OutboxMessageRow
from bot.settings import ConfigError, Settings
from bot.sms.keywords import Keyword, keyword_of

WEBHOOK_PATH = "/webhooks/twilio/webhook"
PLACEHOLDER_ACCOUNT_SID = "AC" + "0" * 32


@dataclass(frozen=True)
class Exchange:
    """One inbound SMS and what came back: the HTTP status, any immediate TwiML message, and the
    SMS bodies the turn queued in the outbox."""

    status: int
    immediate: List[str]
    queued: List[str]


def last_outbox_id(session: Session, to_number: str) -> int:
    """The newest outbox id for `to_number` (0 when none)."""
    newest = session.execute(
        select(func.max(OutboxMessageRow.id)).where(OutboxMessageRow.to_number == to_number)
    ).scalar()
    return int(newest or 0)


def queued_after(session: Session, to_number: str, after_id: int) -> List[str]:
    """Bodies queued for `to_number` after outbox id `after_id`, oldest first."""
    rows = session.execute(
        select(OutboxMessageRow.body)
        .where(OutboxMessageRow.to_number == to_number, OutboxMessageRow.id > after_id)
        .order_by(OutboxMessageRow.id)
    ).scalars()
    return [str(body) for body in rows]


class SmsSimulator:
    """Signs and posts Twilio-style inbound SMS to a running Rasa server."""

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        rasa_url: Optional[str] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if settings.twilio_auth_token is None:
            raise ConfigError(
                "TWILIO_AUTH_TOKEN is not set: the SMS webhook refuses every request without it"
            )
        self._settings = settings
        self._sessions = sessions
        self._validator = RequestValidator(settings.twilio_auth_token)
        self.post_url = (rasa_url or settings.rasa_url).rstrip("/") + WEBHOOK_PATH
        self._signed_url = settings.public_base_url + WEBHOOK_PATH
        self._sleep = sleep

    def form(self, text: str, from_number: str, num_media: int = 0) -> Dict[str, str]:
        """The fields Twilio posts for an inbound SMS."""
        twilio = self._settings.twilio
        sid = f"SM{uuid.uuid4().hex}"
        form = {
            "ToCountry": "US",
            "SmsMessageSid": sid,
            "NumMedia": str(num_media),
            "SmsSid": sid,
            "SmsStatus": "received",
            "MessageSid": sid,
            "AccountSid": twilio.account_sid if twilio else PLACEHOLDER_ACCOUNT_SID,
            "From": from_number,
            "To": (twilio.from_number if twilio else None) or "",
            "Body": text,
            "NumSegments": "1",
            "ApiVersion": "2010-04-01",
        }
        for index in range(num_media):
            form[f"MediaContentType{index}"] = "image/jpeg"
            form[f"MediaUrl{index}"] = f"https://api.twilio.com/2010-04-01/Media/ME{index}"
        return form

    def send(
        self, text: str, from_number: str, num_media: int = 0, wait_seconds: float = 30.0
    ) -> Exchange:
        """Post one signed SMS and collect the replies queued for `from_number`."""
        with unit_of_work(self._sessions) as session:
            before = last_outbox_id(session, from_number)
        form = self.form(text, from_number, num_media)
        answer = requests.post(
            self.post_url,
            data=form,
            headers={
                "X-Twilio-Signature": self._validator.compute_signature(self._signed_url, form)
            },
            timeout=30,
        )
        if answer.status_code != 200:
            return Exchange(status=answer.status_code, immediate=[], queued=[])
        immediate = [node.text or "" for node in ET.fromstring(answer.text).iter("Message")]  # noqa: S314
        if self._answered_in_webhook(text, from_number):
            with unit_of_work(self._sessions) as session:
                queued = queued_after(session, from_number, before)
        else:
            queued = self._await_replies(from_number, before, wait_seconds)
        return Exchange(status=200, immediate=immediate, queued=queued)

    def _answered_in_webhook(self, text: str, from_number: str) -> bool:
        """Keywords are handled inside the webhook request (no background turn to wait for),
        except HELP from a manager, which is a manager command."""
        keyword = keyword_of(text)
        if keyword is Keyword.HELP:
            return from_number not in self._settings.manager_phones
        return keyword is not None

    def _await_replies(self, to_number: str, after_id: int, wait_seconds: float) -> List[str]:
        """Poll the outbox until the turn's replies appear and stop growing, or time runs out."""
        deadline = time.monotonic() + wait_seconds
        seen: List[str] = []
        quiet_polls = 0
        while time.monotonic() < deadline:
            with unit_of_work(self._sessions) as session:
                current = queued_after(session, to_number, after_id)
            if current and len(current) == len(seen):
                quiet_polls += 1
                if quiet_polls >= 3:
                    break
            else:
                quiet_polls = 0
            seen = current
            self._sleep(0.25)
        return seen
