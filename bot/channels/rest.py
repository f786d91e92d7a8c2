"""The REST channel, hardened.

Rasa's stock `RestInput` logs the patient's text when a turn fails, trusts the caller's
`input_channel` and `metadata` (a caller could pose as the SMS channel or inject a phone number),
and lets any caller pick any sender id, including the keyed ids of SMS and web conversations.
This one keeps the same URL and JSON shape (`{"sender", "message"}` in, a list of bot messages
out) but: only loopback callers are served unless `REST_API_TOKEN` is set (then a bearer token is
required from everyone), sender ids of other channels are refused, client metadata is dropped,
input is bounded, and failures are logged without text.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.wiring import current_services

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 5000
MAX_SENDER_CHARS = 128
RESERVED_SENDER_PREFIXES = ("sms-", "web-")


class PrivateRestInput(InputChannel):
    """`POST /webhooks/rest/webhook` for integrations, tests and `curl` on the office machine."""

    def __init__(self, api_token: Optional[str]) -> None:
        self._api_token = api_token

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        """Settings come from the environment, never from credentials.yml."""
        return cls(current_services().settings.rest_api_token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rest = Blueprint("private_rest", __name__)

        @rest.get("/")
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
            parsed = parse_message(request)
            if isinstance(parsed, HTTPResponse):
                return parsed
            sender, text = parsed
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, sender, input_channel=self.name())
                )
            except Exception as error:
                logger.error("rest turn failed: %s", type(error).__name__)
                return response.json({"error": "the assistant could not answer"}, status=503)
            return response.json(collector.messages)

        return rest

    def _refusal(self, request: Request) -> Optional[HTTPResponse]:
        if self._api_token is not None:
            given = request.headers.get("authorization", "")
            expected = f"Bearer {self._api_token}"
            if not hmac.compare_digest(given.encode(), expected.encode()):
                logger.warning("rest: request without a valid token refused")
                return response.json({"error": "unauthorized"}, status=401)
            return None
        if not _is_loopback(request.ip):
            logger.warning("rest: non-loopback request refused (set REST_API_TOKEN to allow)")
            return response.json({"error": "forbidden"}, status=403)
        return None


def parse_message(request: Request) -> Tuple[str, str] | HTTPResponse:
    """`(sender, text)` from the JSON body, or a 400 answer that says what is wrong."""
    try:
        body = request.json
    except Exception:
        body = None
    if not isinstance(body, dict):
        return response.json({"error": "send a JSON object with sender and message"}, status=400)
    sender, text = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not 0 < len(sender) <= MAX_SENDER_CHARS:
        return response.json({"error": "sender must be a string of 1 to 128 characters"}, status=400)
    if sender.startswith(RESERVED_SENDER_PREFIXES):
        return response.json({"error": "that sender id belongs to another channel"}, status=400)
    if not isinstance(text, str):
        return response.json({"error": "message must be a string"}, status=400)
    if len(text) > MAX_MESSAGE_CHARS:
        return response.json({"error": f"message is over {MAX_MESSAGE_CHARS} characters"}, status=413)
    return sender, text


def _is_loopback(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False
