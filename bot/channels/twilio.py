"""Our Twilio SMS input channel, at `/webhooks/twilio/webhook` (`credentials.yml`: `twilio`).

Replaces Rasa's stock channel, which checks no signature, answers media-only messages with a 500,
splits replies on blank lines, shows button payloads and loses replies when Twilio's API fails.
Here every request must carry a valid `X-Twilio-Signature` for `PUBLIC_BASE_URL` + path over the
raw form body; the webhook records the message and answers empty TwiML at once, and the turn runs
in the background with its replies going through the outbox (see `sms_turns`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Set
from urllib.parse import parse_qsl

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.channels.limits import FloodGuard
from bot.channels.sms_turns import InboundSms, OnNewMessage, SmsTurns
from bot.channels.stores import fernet_for
from bot.notify.outbox import SMS_MAX_CHARS
from bot.privacy.phones import mask, phone_key
from bot.settings import Settings, parse_phone
from bot.sms.keywords import Keyword, keyword_of
from bot.sms.store import FERNET_PURPOSE
from bot.sms.texts import SmsTexts
from bot.templates.registry import TemplateRegistry
from bot.wiring import Services, current_services

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"


class FormParams(Dict[str, List[str]]):
    """Form fields with every value kept, in the shape `RequestValidator` signs (`getall`)."""

    def getall(self, name: str) -> List[str]:
        return self[name]

    def first(self, name: str) -> str:
        values = self.get(name)
        return values[0] if values else ""


def parse_form(raw: bytes) -> FormParams:
    """The raw urlencoded body, blank values kept: Sanic's `request.form` drops an empty `Body`,
    which would make the signature of a media-only message fail."""
    params = FormParams()
    for name, value in parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True):
        params.setdefault(name, []).append(value)
    return params


def twiml(message: Optional[str] = None) -> HTTPResponse:
    """A TwiML answer: empty, or one immediate message (used only for the STOP confirmation)."""
    answer = MessagingResponse()
    if message:
        answer.message(message)
    return response.text(str(answer), content_type="text/xml")


class TwilioChannel(InputChannel):
    """Signature-checked, idempotent, asynchronous SMS channel."""

    def __init__(self, settings: Settings, turns: SmsTurns, flood_guard: FloodGuard) -> None:
        self._settings = settings
        self._turns = turns
        self._flood_guard = flood_guard
        self._tasks: Set[asyncio.Task[None]] = set()
        self._warned_no_token = False

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        """Built from our settings, never from `credentials.yml` (which holds no secrets)."""
        services = current_services()
        return cls(
            services.settings, build_turns(services.settings, services), services.flood_guard
        )

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        twilio_webhook = Blueprint("twilio_sms_webhook", __name__)

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            return await self.handle(request, on_new_message)

        @twilio_webhook.listener("before_server_stop")
        async def finish_turns(*_: Any) -> None:
            await self.wait_idle()

        return twilio_webhook

    async def handle(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        """Verify, record, answer; the conversation turn continues in the background."""
        params = parse_form(request.body or b"")
        if not self._is_signed(request, params):
            return response.text("forbidden", status=403)
        sms = self._inbound(params)
        if sms is None:
            return twiml()
        if not self._within_limits(sms):
            return twiml()
        acceptance = self._turns.accept(sms)
        if acceptance is None:
            return twiml()
        if acceptance.needs_turn:
            task = asyncio.create_task(self._turns.process(sms, on_new_message))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return twiml(acceptance.twiml_reply)

    def _within_limits(self, sms: InboundSms) -> bool:
        """Count the sender's message; an opt-out always passes (it must hold whatever the rate),
        and the first refused message of a window gets one polite SMS through the outbox."""
        if keyword_of(sms.body) is Keyword.OPT_OUT:
            return True
        decision = self._flood_guard.check(sms.key, "SMS")
        if decision.notify_sender:
            self._turns.reply_throttled(sms)
        return decision.allowed

    async def wait_idle(self) -> None:
        """Wait for turns already accepted, so a graceful stop does not drop them."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _is_signed(self, request: Request, params: FormParams) -> bool:
        token = self._settings.twilio_auth_token
        sender = mask(params.first("From"))
        if token is None:
            if not self._warned_no_token:
                logger.error(
                    "SMS webhook refuses every request: TWILIO_AUTH_TOKEN is not set "
                    "(an unauthenticated SMS webhook is never accepted)"
                )
                self._warned_no_token = True
            return False
        signature = request.headers.get(SIGNATURE_HEADER, "")
        url = self._settings.public_base_url + request.path
        if request.query_string:
            url = f"{url}?{request.query_string}"
        if not signature or not RequestValidator(token).validate(url, params, signature):
            logger.warning(
                "SMS webhook refused a request with %s signature (From %s)",
                "a wrong" if signature else "no",
                sender,
            )
            return False
        return True

    def _inbound(self, params: FormParams) -> Optional[InboundSms]:
        sid = params.first("MessageSid") or params.first("SmsSid")
        phone = parse_phone(params.first("From"), self._settings.default_region)
        if not sid or phone is None:
            logger.warning("SMS webhook: signed request without a MessageSid or a phone sender")
            return None
        try:
            num_media = int(params.first("NumMedia") or 0)
        except ValueError:
            num_media = 0
        body = params.first("Body").strip()
        return InboundSms(
            message_sid=sid[:64],
            phone=phone,
            key=phone_key(phone, self._settings.secret_key),
            body=body[:SMS_MAX_CHARS],
            num_media=num_media,
            too_long=len(body) > SMS_MAX_CHARS,
        )


def build_turns(settings: Settings, services: Services) -> SmsTurns:
    """The channel's processing, wired from the installation's services."""
    return SmsTurns(
        sessions=services.sessions,
        fernet=fernet_for(settings.secret_key, FERNET_PURPOSE),
        sms_texts=SmsTexts(TemplateRegistry(), settings),
        manager_phones=settings.manager_phones,
        manager_commands=services.manager_commands,
        surveys=services.surveys,
    )
