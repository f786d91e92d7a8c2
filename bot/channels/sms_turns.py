"""What happens to an inbound SMS once its signature is known to be Twilio's.

Two steps, so that Twilio gets its answer within milliseconds and a retry never doubles a turn:

1. `accept` (inside the webhook request, one transaction): record the `MessageSid` (a duplicate
   stops here), remember the encrypted number behind the keyed sender id, and act on STOP / START /
   HELP at once, because opt-outs must hold even if the process dies a moment later.
2. `process` (a background task): manager commands, survey answers, media-only and empty
   messages, numbered choices, then the Rasa turn. Replies are collected by `SmsOutput` and written
   to the outbox in one transaction; the outbox worker sends them, so a Twilio outage delays a
   reply but never loses it, and never makes Twilio retry the inbound webhook.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Awaitable, Callable, Dict, List, Optional, Protocol, Sequence

from cryptography.fernet import Fernet
from rasa.core.channels.channel import OutputChannel, UserMessage
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.channels import sms_format
from bot.channels.limits import SLOW_DOWN_TEMPLATE, TOO_LONG_TEMPLATE
from bot.db.engine import unit_of_work
from bot.db.types import utcnow
from bot.notify import outbox
from bot.notify.outbox import Purpose
from bot.privacy.phones import mask
from bot.sms import optouts, store, texts
from bot.sms.keywords import Keyword, keyword_of
from bot.sms.store import Choice
from bot.sms.texts import SmsTexts

logger = logging.getLogger(__name__)

CHANNEL_NAME = "twilio"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class ManagerCommandHandler(Protocol):
    """The escalation concern's handler for manager texts (`ACK 1042`, `RESOLVE ...`, ...).

    Returns None when the sender is not a manager; otherwise the reply, already queued.
    """

    def handle(self, from_number: str, body: str) -> Optional[str]: ...


class SurveyRecorder(Protocol):
    """The closing survey: True when `text` answered a pending satisfaction question."""

    def try_record(self, phone: str, text: str) -> bool: ...


@dataclass(frozen=True)
class InboundSms:
    """A verified inbound message; `phone` is E.164 and never logged, `key` is the sender id."""

    message_sid: str
    phone: str
    key: str
    body: str
    num_media: int
    too_long: bool = False


@dataclass(frozen=True)
class Acceptance:
    """The outcome of step 1: an optional immediate TwiML reply and whether step 2 must run."""

    twiml_reply: Optional[str]
    needs_turn: bool


class SmsOutput(OutputChannel):
    """Collects a turn's bot messages instead of sending them; named "twilio" so the template
    NLG picks the SMS variants."""

    def __init__(self) -> None:
        self.messages: List[Dict[str, Any]] = []

    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        self.messages.append(dict(message))


class SmsTurns:
    """Both steps for one installation; holds no per-message state."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        fernet: Fernet,
        sms_texts: SmsTexts,
        manager_phones: Sequence[str],
        manager_commands: ManagerCommandHandler,
        surveys: SurveyRecorder,
    ) -> None:
        self._sessions = sessions
        self._fernet = fernet
        self._texts = sms_texts
        self._manager_phones = frozenset(manager_phones)
        self._manager_commands = manager_commands
        self._surveys = surveys

    def accept(self, sms: InboundSms, now: Optional[datetime] = None) -> Optional[Acceptance]:
        """Step 1; None when this `MessageSid` was accepted before (a Twilio retry)."""
        now = now or utcnow()
        try:
            with unit_of_work(self._sessions) as session:
                store.record_inbound(session, sms.message_sid, sms.key, now)
                store.remember_contact(session, sms.key, sms.phone, self._fernet, now)
                return self._keyword(session, sms, now)
        except IntegrityError:
            with unit_of_work(self._sessions) as session:
                if store.is_recorded(session, sms.message_sid):
                    logger.info("SMS %s is a retry; already accepted", sms.message_sid)
                    return None
            raise

    def _keyword(self, session: Session, sms: InboundSms, now: datetime) -> Acceptance:
        keyword = keyword_of(sms.body)
        is_manager = sms.phone in self._manager_phones
        if keyword is Keyword.OPT_OUT:
            store.offer_choices(session, sms.key, ())
            if optouts.opt_out(session, sms.key, now):
                logger.info("SMS opt-out recorded for %s", mask(sms.phone))
                return Acceptance(twiml_reply=self._texts.text(texts.OPTED_OUT), needs_turn=False)
            return Acceptance(twiml_reply=None, needs_turn=False)
        if keyword is Keyword.OPT_IN:
            if optouts.opt_in(session, sms.key):
                logger.info("SMS opt-in recorded for %s", mask(sms.phone))
                self._enqueue(session, sms.phone, [self._texts.text(texts.OPTED_IN)], now)
            return Acceptance(twiml_reply=None, needs_turn=False)
        if keyword is Keyword.HELP and not is_manager:
            self._enqueue(session, sms.phone, [self._texts.text(texts.HELP)], now)
            return Acceptance(twiml_reply=None, needs_turn=False)
        return Acceptance(twiml_reply=None, needs_turn=True)

    async def process(self, sms: InboundSms, on_new_message: OnNewMessage) -> None:
        """Step 2. Any failure is logged without PHI and answered with a polite retry SMS."""
        try:
            await self._process(sms, on_new_message)
        except Exception as error:
            logger.error(
                "SMS turn %s for %s failed: %s at %s",
                sms.message_sid,
                mask(sms.phone),
                type(error).__name__,
                _where(error),
            )
            self._reply_after_failure(sms)

    async def _process(self, sms: InboundSms, on_new_message: OnNewMessage) -> None:
        is_manager = sms.phone in self._manager_phones
        if is_manager and sms.body and self._manager_commands.handle(sms.phone, sms.body):
            return
        if sms.body and self._surveys.try_record(sms.phone, sms.body):
            self._deliver_texts(sms, [self._texts.text(texts.SURVEY_THANKS)], choices=())
            return
        if sms.too_long:
            # Twilio joins a long text into at most 1,600 characters; anything longer was not
            # typed on a phone, and half a message must not become half a complaint.
            self._deliver_texts(sms, [self._texts.text(TOO_LONG_TEMPLATE)], choices=())
            return
        if not sms.body:
            template = texts.MEDIA_ONLY if sms.num_media else texts.EMPTY
            self._deliver_texts(sms, [self._texts.text(template)], choices=())
            return
        output = SmsOutput()
        await on_new_message(
            UserMessage(
                text=self._choice_payload(sms),
                output_channel=output,
                sender_id=sms.key,
                input_channel=CHANNEL_NAME,
                message_id=sms.message_sid,
                metadata={"sms": {"phone": sms.phone}},
            )
        )
        self._deliver_turn(sms, output.messages)

    def _choice_payload(self, sms: InboundSms) -> str:
        """A bare number answering the last "Reply 1 for ..." becomes that button's payload."""
        answer = sms.body.strip()
        if not answer.isdigit():
            return sms.body
        with unit_of_work(self._sessions) as session:
            choices = store.offered_choices(session, sms.key)
        number = int(answer)
        if 1 <= number <= len(choices):
            return choices[number - 1].payload
        return sms.body

    def _deliver_turn(self, sms: InboundSms, messages: Sequence[Dict[str, Any]]) -> None:
        parts: List[Optional[str]] = []
        choices: List[Choice] = []
        for message in messages:
            body, offered = sms_format.render_message(message, self._choice_line)
            parts.append(body)
            if offered:
                choices = offered
        self._deliver_texts(sms, parts, choices)

    def _choice_line(self, choices: Sequence[Choice]) -> Optional[str]:
        return self._texts.text(texts.CHOICES, choices=sms_format.numbered(choices))

    def _deliver_texts(
        self, sms: InboundSms, parts: Sequence[Optional[str]], choices: Sequence[Choice]
    ) -> None:
        """Queue the turn's replies, preceded once per number by the first-contact notice."""
        now = utcnow()
        with unit_of_work(self._sessions) as session:
            store.offer_choices(session, sms.key, choices)
            if optouts.is_opted_out(session, sms.key):
                logger.info("SMS replies to %s not queued: opted out", mask(sms.phone))
                return
            texts_to_send = [part for part in parts if part]
            if texts_to_send and store.claim_first_notice(session, sms.key, now):
                texts_to_send.insert(0, self._texts.text(texts.FIRST_CONTACT) or "")
            self._enqueue(session, sms.phone, texts_to_send, now)

    def reply_throttled(self, sms: InboundSms) -> None:
        """The one "please slow down" SMS of a flood window (see `bot.channels.limits`)."""
        self._deliver_texts(sms, [self._texts.text(SLOW_DOWN_TEMPLATE)], choices=())

    def _reply_after_failure(self, sms: InboundSms) -> None:
        try:
            self._deliver_texts(sms, [self._texts.text(texts.RETRY)], choices=())
        except Exception as error:
            logger.error(
                "SMS retry notice for %s not queued: %s", mask(sms.phone), type(error).__name__
            )

    @staticmethod
    def _enqueue(
        session: Session,
        phone: str,
        parts: Sequence[Optional[str]],
        now: datetime,
        purpose: Purpose = Purpose.PATIENT_REPLY,
    ) -> None:
        for body in sms_format.pack([part for part in parts if part]):
            outbox.enqueue(session, to_number=phone, body=body, purpose=purpose, now=now)


def _where(error: BaseException) -> str:
    """The frames an exception passed through, without source lines or its message (either may
    quote patient text)."""
    frames = traceback.extract_tb(error.__traceback__)
    return " <- ".join(
        f"{frame.name} ({frame.filename}:{frame.lineno})" for frame in reversed(frames)
    )
