"""The web widget's socket.io channel: Rasa's `SocketIOInput` with its session hole closed.

Rasa 3.6's stock channel lets the browser pick its own `session_id` and makes it the Rasa sender
id, so anyone who learns (or guesses) another visitor's id joins that room and reads the
conversation; it also calls python-socketio's `enter_room` without awaiting it, which silently
does nothing from 5.10 on. Here the server issues every session:

- `session_request` carries an opaque token the server signed earlier (kept in the browser's
  localStorage). A valid token resumes its conversation; anything else (nothing, a forged token,
  somebody's bare sender id) gets a brand-new session and token.
- The Rasa sender id is derived from the token with a separate keyed hash, so it never travels
  to the browser, and each socket's sender id is kept server-side: messages name no session.
- On resume, the visible messages of the conversation's latest session are replayed from the
  tracker store, so a page reload keeps the conversation.
- Only the office web app's origin may connect (checked on connect; CORS headers for that
  origin come from Rasa's `--cors`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import inspect
import logging
import secrets
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.channels.limits import SLOW_DOWN_TEMPLATE, TOO_LONG_TEMPLATE, FloodGuard
from bot.templates.registry import TemplateRegistry
from bot.templates.render import office_values, render
from bot.wiring import current_services

logger = logging.getLogger(__name__)

FORMAT_TAG = "v1"
MAX_MESSAGE_CHARS = 4000


@dataclass(frozen=True)
class WidgetSessions:
    """Issues and checks the widget's session tokens with keys derived from the secret key."""

    secret_key: str

    def _key(self, purpose: str) -> bytes:
        return hashlib.sha256(f"socketio-{purpose}:{self.secret_key}".encode()).digest()

    def _mac(self, purpose: str, nonce: str) -> str:
        digest = hmac.new(self._key(purpose), nonce.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def sender_for(self, token: object) -> Optional[str]:
        """The Rasa sender id of a genuine token, or None for anything else."""
        if not isinstance(token, str) or len(token) > 200:
            return None
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != FORMAT_TAG:
            return None
        nonce, signature = parts[1], parts[2]
        if not hmac.compare_digest(signature, self._mac("token", nonce)):
            return None
        return self._sender(nonce)

    def _sender(self, nonce: str) -> str:
        return "web-" + hashlib.sha256(self._mac("sender", nonce).encode()).hexdigest()[:32]

    def open(self, token: object) -> Tuple[str, str, bool]:
        """(token, sender id, resumed): the presented token if genuine, else a new session."""
        sender_id = self.sender_for(token)
        if sender_id is not None and isinstance(token, str):
            return token, sender_id, True
        nonce = secrets.token_urlsafe(24)
        return f"{FORMAT_TAG}.{nonce}.{self._mac('token', nonce)}", self._sender(nonce), False


@dataclass(frozen=True)
class WidgetNotices:
    """The channel's own answers (too long, too many), rendered from the template registry."""

    registry: TemplateRegistry
    office: Dict[str, str]

    def text(self, template_id: str) -> Optional[str]:
        template = self.registry.get(template_id)
        if template is None:
            logger.error("widget template %s is missing", template_id)
            return None
        return render(template, "socketio", self.office).text


class _AppAwareBlueprint(SocketBlueprint):
    """Remembers the Rasa app so handlers can reach the agent's tracker store."""

    def register(self, app: Sanic, options: Dict[str, Any]) -> None:
        self.ctx.app = app
        super().register(app, options)


async def _maybe_await(result: Any) -> None:
    """python-socketio made `enter_room` a coroutine in 5.10; await it whichever we have."""
    if inspect.isawaitable(result):
        await result


def visible_history(events: List[Any]) -> List[Dict[str, Any]]:
    """User and bot messages of a tracker's events, as the widget shows them.

    A button press arrives as its payload (`/affirm`); it is shown as the button's title.
    """
    lines: List[Dict[str, Any]] = []
    titles: Dict[str, str] = {}
    for event in events:
        if isinstance(event, BotUttered) and event.text:
            buttons = event.data.get("buttons") or event.data.get("quick_replies") or []
            titles = {str(b.get("payload")): str(b.get("title")) for b in buttons}
            lines.append({"sender": "bot", "text": event.text, "buttons": buttons})
        elif isinstance(event, UserUttered) and event.text:
            text = titles.get(event.text, event.text)
            if not text.startswith("/"):
                lines.append({"sender": "user", "text": text})
    return lines


class SecureSocketIOInput(SocketIOInput):
    """`socketio` channel with server-issued sessions, reload history and origin checks."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        services = current_services()
        settings = services.settings
        return cls(
            sessions=WidgetSessions(settings.secret_key),
            allowed_origins=[settings.office_base_url.rstrip("/")],
            flood_guard=services.flood_guard,
            notices=WidgetNotices(services.templates, office_values(settings)),
            user_message_evt=credentials.get("user_message_evt", "user_uttered"),
            bot_message_evt=credentials.get("bot_message_evt", "bot_uttered"),
            socketio_path=credentials.get("socketio_path", "/socket.io"),
        )

    def __init__(
        self,
        sessions: WidgetSessions,
        allowed_origins: List[str],
        flood_guard: FloodGuard,
        notices: WidgetNotices,
        user_message_evt: str = "user_uttered",
        bot_message_evt: str = "bot_uttered",
        socketio_path: str = "/socket.io",
    ) -> None:
        super().__init__(
            user_message_evt=user_message_evt,
            bot_message_evt=bot_message_evt,
            session_persistence=True,
            socketio_path=socketio_path,
        )
        self.sessions = sessions
        self.allowed_origins = allowed_origins
        self.flood_guard = flood_guard
        self.notices = notices

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The socket.io server and its event handlers."""
        # CORS headers come from Rasa's `--cors` (the office origin); engine.io adding its own
        # would send the header twice, which browsers refuse. The origin check is ours, below.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        webhook = _AppAwareBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio

        @sio.on("connect")
        async def connect(_sid: str, environ: Dict[str, Any], _auth: Any = None) -> bool:
            """Only pages of the office web app may open the widget's socket."""
            origin = str(environ.get("HTTP_ORIGIN", "")).rstrip("/")
            if origin not in self.allowed_origins:
                logger.warning("socket.io connection refused: origin not allowed")
                return False
            return True

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            presented = data.get("session_token") if isinstance(data, dict) else None
            token, sender_id, resumed = self.sessions.open(presented)
            await sio.save_session(sid, {"sender_id": sender_id})
            await _maybe_await(sio.enter_room(sid, sender_id))
            history = await self._history(webhook, sender_id) if resumed else []
            await sio.emit(
                "session_confirm",
                {"session_token": token, "resumed": resumed, "history": history},
                room=sid,
            )

        @sio.on(self.user_message_evt)
        async def handle_message(sid: str, data: Any) -> Dict[str, Any]:
            session = await sio.get_session(sid)
            sender_id = session.get("sender_id") if session else None
            text = data.get("message") if isinstance(data, dict) else None
            if sender_id is None:
                return {"ok": False, "error": "no_session"}
            refusal = self._refusal(sender_id, text)
            if refusal is not None:
                return refusal
            message = UserMessage(
                str(text).strip(),  # a non-empty str: checked by _refusal
                SocketIOOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
            )
            await on_new_message(message)
            return {"ok": True}

        return webhook

    def _refusal(self, sender_id: str, text: object) -> Optional[Dict[str, Any]]:
        """The acknowledgement of a message that is not passed on, with the answer the widget
        shows (counted first, so a flood of oversized messages is throttled too)."""
        if not self.flood_guard.check(sender_id, "web chat").allowed:
            return {"ok": False, "error": "too_many", "notice": self.notices.text(SLOW_DOWN_TEMPLATE)}
        if not isinstance(text, str) or not text.strip():
            return {"ok": False, "error": "bad_message"}
        if len(text) > MAX_MESSAGE_CHARS:
            return {"ok": False, "error": "too_long", "notice": self.notices.text(TOO_LONG_TEMPLATE)}
        return None

    async def _history(self, webhook: _AppAwareBlueprint, sender_id: str) -> List[Dict[str, Any]]:
        app = getattr(webhook.ctx, "app", None)
        agent = getattr(app.ctx, "agent", None) if app is not None else None
        if agent is None or agent.tracker_store is None:
            return []
        tracker = await agent.tracker_store.retrieve(sender_id)
        return visible_history(list(tracker.events)) if tracker is not None else []
