"""SMS sender adapters: the one place that talks to Twilio (or records instead of sending).

`bot/wiring.py` picks the adapter from the settings: `TwilioSender` when Twilio credentials are
configured, `RecordingSender` otherwise. The outbox worker only sees the `SmsSender` protocol and
the two error types, which say whether trying again can help.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Dict, Optional, Protocol, Tuple

import aiohttp
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from bot.db.types import utcnow
from bot.privacy.phones import mask
from bot.settings import TWILIO_API_BASE_URL, TwilioSettings

log = logging.getLogger(__name__)

# Twilio error codes that no retry can fix (https://www.twilio.com/docs/api/errors).
PERMANENT_CODES = frozenset({21211, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006})


@dataclass(frozen=True)
class SendResult:
    """What the provider said: its message id (the Twilio SID) and the delivery status."""

    sid: str
    status: str
    recorded_only: bool = False


class TransientSendError(Exception):
    """Sending failed in a way that may succeed later (5xx, 429, timeout, dropped connection)."""

    def __init__(self, reason: str, retry_after: Optional[float] = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class PermanentSendError(Exception):
    """The provider refused the message for good (opted out, invalid number, other 4xx)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SmsSender(Protocol):
    """Sends one SMS; raises `TransientSendError` or `PermanentSendError` on failure."""

    async def send(self, to_number: str, body: str) -> SendResult:
        """Hand the message to the provider and return its id."""

    async def close(self) -> None:
        """Release connections; called once when the worker stops."""


class RecordingSender:
    """Used while no Twilio credentials are set: the message counts as handled locally.

    The log line shows the masked number and the body length only, never the text, so a default
    installation can be tried end to end without leaking PHI into its logs.
    """

    async def send(self, to_number: str, body: str) -> SendResult:
        sid = f"LOCAL{uuid.uuid4().hex[:24]}"
        log.info("sms recorded, not sent (no Twilio credentials): to=%s chars=%d sid=%s",
                 mask(to_number), len(body), sid)
        return SendResult(sid=sid, status="recorded", recorded_only=True)

    async def close(self) -> None:
        return None


class _RebasedHttpClient(AsyncTwilioHttpClient):
    """Twilio's own async HTTP client, pointed at `api_base_url` and reporting Retry-After.

    Tests and benchmarks point the base URL at Prism or a fault-injecting server; in production
    it stays `https://api.twilio.com`. A 429 is raised here because Twilio's exception type drops
    the response headers, and Retry-After is how Twilio tells us when to come back.
    """

    def __init__(self, api_base_url: str, timeout: float) -> None:
        super().__init__(timeout=timeout, logger=logging.getLogger("twilio.http"))
        self._base = api_base_url.rstrip("/")

    async def request(
        self,
        method: str,
        url: str,
        params: Optional[Dict[str, object]] = None,
        data: Optional[Dict[str, object]] = None,
        headers: Optional[Dict[str, str]] = None,
        auth: Optional[Tuple[str, str]] = None,
        timeout: Optional[float] = None,
        allow_redirects: bool = False,
    ) -> Response:
        if url.startswith(TWILIO_API_BASE_URL):
            url = self._base + url[len(TWILIO_API_BASE_URL):]
        response: Response = await super().request(
            method, url, params, data, headers, auth, timeout or self.timeout, allow_redirects
        )
        if response.status_code == 429:
            raise TransientSendError("http_429", retry_after=_retry_after(response.headers))
        return response


def _retry_after(headers: Any) -> Optional[float]:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    raw = headers.get("Retry-After") if headers is not None else None
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(raw) - utcnow()).total_seconds())
    except (TypeError, ValueError):
        return None


class TwilioSender:
    """Sends through the real `twilio` client with `create_async`, so the event loop never blocks.

    The HTTP client is made on first use inside the running loop (aiohttp sessions belong to a
    loop). `timeout` must stay below the worker's claim lease so a live worker always finishes or
    gives up before another worker may take the message over.
    """

    def __init__(self, settings: TwilioSettings, timeout: float) -> None:
        self._settings = settings
        self._timeout = timeout
        self._client: Optional[Client] = None
        self._http: Optional[_RebasedHttpClient] = None

    def _twilio(self) -> Client:
        if self._client is None:
            self._http = _RebasedHttpClient(self._settings.api_base_url, self._timeout)
            self._client = Client(
                self._settings.account_sid, self._settings.auth_token, http_client=self._http
            )
        return self._client

    async def send(self, to_number: str, body: str) -> SendResult:
        sender: Dict[str, Any] = (
            {"messaging_service_sid": self._settings.messaging_service_sid}
            if self._settings.messaging_service_sid
            else {"from_": self._settings.from_number}
        )
        try:
            message = await self._twilio().messages.create_async(
                to=to_number, body=body, **sender
            )
        except TwilioRestException as error:
            raise _classify(error) from None
        except asyncio.TimeoutError:
            raise TransientSendError("timeout") from None
        except aiohttp.ClientError as error:
            raise TransientSendError(f"connection:{type(error).__name__}") from None
        return SendResult(sid=str(message.sid), status=str(message.status or "queued"))

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
        self._client = None
        self._http = None


def _classify(error: TwilioRestException) -> Exception:
    """Twilio's answer as our error type; never carries the message text or the number."""
    status = int(error.status)
    code = error.code if isinstance(error.code, int) and error.code != status else None
    if code in PERMANENT_CODES:
        return PermanentSendError(f"twilio_{code}")
    if status >= 500 or status in (408, 409):
        return TransientSendError(f"http_{status}")
    return PermanentSendError(f"twilio_{code}" if code else f"http_{status}")
