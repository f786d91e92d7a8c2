"""Helpers for the SMS channel tests: Twilio-style signed webhooks and a scripted bot."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple
from urllib.parse import urlencode

from rasa.core.channels.channel import UserMessage
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from bot.notify.models import OutboxMessageRow
from bot.wiring import Services

AUTH_TOKEN = "test-twilio-auth-token-0123456789"
ACCOUNT_SID = "AC" + "0" * 32
OFFICE_NUMBER = "+15555550199"
PUBLIC_BASE_URL = "https://intake.example.org"
WEBHOOK_PATH = "/webhooks/twilio/webhook"
PATIENT = "+15555550142"
MANAGER = "+15555550101"

_sids = itertools.count(1)


def twilio_form(
    body: str, sender: str = PATIENT, num_media: int = 0, sid: Optional[str] = None
) -> Dict[str, str]:
    """The fields Twilio posts for an inbound SMS (a subset, same names and shapes)."""
    form = {
        "ToCountry": "US",
        "SmsMessageSid": "",
        "NumMedia": str(num_media),
        "MessageSid": sid or f"SM{uuid.uuid4().hex}",
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "To": OFFICE_NUMBER,
        "Body": body,
        "NumSegments": "1",
        "ApiVersion": "2010-04-01",
    }
    form["SmsMessageSid"] = form["MessageSid"]
    for index in range(num_media):
        form[f"MediaUrl{index}"] = f"https://api.twilio.com/media/ME{index}"
        form[f"MediaContentType{index}"] = "image/jpeg"
    return form


def signed(
    form: Mapping[str, str], token: str = AUTH_TOKEN, url: str = PUBLIC_BASE_URL + WEBHOOK_PATH
) -> Tuple[str, Dict[str, str]]:
    """The urlencoded body and headers, signed with twilio's own `RequestValidator`."""
    signature = RequestValidator(token).compute_signature(url, dict(form))
    return urlencode(form), {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": signature,
    }


@dataclass
class ScriptedBot:
    """Stands in for Rasa's `on_new_message`: records each message and answers from a script.

    `/affirm` and `/deny` get a plain acknowledgement; anything else gets a question with two
    buttons, like the intake's read-back.
    """

    received: List[UserMessage] = field(default_factory=list)
    fail_next: bool = False

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("the model failed")
        out: Any = message.output_channel
        if message.text in {"/affirm", "/deny"}:
            await out.send_response(message.sender_id, {"text": f"Noted: {message.text[1:]}."})
            return
        await out.send_response(
            message.sender_id,
            {
                "text": "Thanks.\n\nShould I save this complaint?",
                "buttons": [
                    {"title": "Yes", "payload": "/affirm"},
                    {"title": "No", "payload": "/deny"},
                ],
            },
        )


def outbox_bodies(services: Services, to_number: str) -> List[str]:
    """SMS bodies queued for `to_number`, oldest first."""
    with services.sessions() as session:
        rows = session.execute(
            select(OutboxMessageRow)
            .where(OutboxMessageRow.to_number == to_number)
            .order_by(OutboxMessageRow.id)
        ).scalars()
        return [str(row.body) for row in rows]
