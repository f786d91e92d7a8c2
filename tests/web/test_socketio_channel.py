"""The widget's socket.io channel with a real socket.io client: sessions, rooms, origins."""

from __future__ import annotations

import asyncio
import dataclasses
import types
from pathlib import Path
from typing import Any, AsyncIterator, Dict, Iterator, List, Optional

import pytest
import pytest_asyncio
import socketio
from rasa.core.channels.channel import UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from sanic import Sanic
from sqlalchemy import select

from bot.channels.limits import MESSAGES_PER_WINDOW, DatabaseCounter, FloodGuard
from bot.channels.socketio import (
    SecureSocketIOInput,
    WidgetNotices,
    WidgetSessions,
    visible_history,
)
from bot.db.engine import unit_of_work
from bot.db.migrate import upgrade
from bot.notify.models import OutboxMessageRow
from bot.notify.outbox import Purpose
from bot.settings import load_settings
from bot.templates.registry import TemplateRegistry
from bot.templates.render import office_values
from bot.wiring import Services, build_services
from tests.support.services import free_port

ORIGIN = "http://127.0.0.1:8123"
FROZEN_NOW = 1_800_000_000.0


class Channel:
    """A running Sanic app with only the widget channel; the "bot" echoes and keeps a tracker."""

    def __init__(self, url: str, store: InMemoryTrackerStore) -> None:
        self.url = url
        self.store = store
        self.senders: List[str] = []


@pytest.fixture
def widget_services(base_env: Dict[str, str], tmp_path: Path) -> Iterator[Services]:
    """The flood guard's database (a migrated SQLite file) and the outbox it alerts through."""
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    upgrade(url)
    built = build_services(load_settings({**base_env, "DATABASE_URL": url}))
    # A frozen clock: the flood test must not straddle a minute boundary.
    guard = FloodGuard(
        DatabaseCounter(built.sessions),
        built.sessions,
        built.settings.manager_phones,
        built.settings.office_name,
        clock=lambda: FROZEN_NOW,
    )
    built = dataclasses.replace(built, flood_guard=guard)
    yield built
    built.engine.dispose()


@pytest_asyncio.fixture
async def channel(widget_services: Services) -> AsyncIterator[Channel]:
    store = InMemoryTrackerStore(Domain.empty())
    sessions = WidgetSessions("channel-test-secret-0123456789")
    input_channel = SecureSocketIOInput(
        sessions,
        allowed_origins=[ORIGIN],
        flood_guard=widget_services.flood_guard,
        notices=WidgetNotices(TemplateRegistry(), office_values(widget_services.settings)),
    )
    port = free_port()
    running = Channel(f"http://127.0.0.1:{port}", store)

    async def on_new_message(message: UserMessage) -> None:
        running.senders.append(message.sender_id)
        tracker = await store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text))
        tracker.update(BotUttered(f"echo {message.text}", {"buttons": []}))
        await store.save(tracker)
        await message.output_channel.send_text_message(message.sender_id, f"echo {message.text}")

    app = Sanic(f"socketio_test_{port}")
    app.ctx.agent = types.SimpleNamespace(tracker_store=store)
    app.blueprint(input_channel.blueprint(on_new_message))
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, debug=False
    )
    assert server is not None
    await server.startup()
    await server.start_serving()
    try:
        yield running
    finally:
        server.close()
        await server.wait_closed()


class Client:
    """A socket.io client like the widget: asks for a session, sends, collects bot messages."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.confirmed: asyncio.Queue[Dict[str, Any]] = asyncio.Queue()
        self.bot: List[str] = []
        self.sio.on("session_confirm", self.confirmed.put)
        self.sio.on("bot_uttered", lambda data: self.bot.append(data["text"]))

    async def session(
        self, url: str, token: Optional[str] = None, origin: str = ORIGIN
    ) -> Dict[str, Any]:
        await self.sio.connect(url, headers={"Origin": origin}, transports=["polling"])
        await self.sio.emit("session_request", {"session_token": token})
        return await asyncio.wait_for(self.confirmed.get(), timeout=10)

    async def say(self, text: str) -> Dict[str, Any]:
        answer: Dict[str, Any] = await self.sio.call("user_uttered", {"message": text}, timeout=10)
        return answer


@pytest.mark.asyncio
async def test_the_server_issues_sessions_and_a_token_resumes_with_history(
    channel: Channel,
) -> None:
    first = Client()
    session = await first.session(channel.url)
    assert session["resumed"] is False and session["history"] == []
    assert await first.say("hello") == {"ok": True}
    assert first.bot == ["echo hello"]
    await first.sio.disconnect()

    again = Client()
    resumed = await again.session(channel.url, session["session_token"])
    assert resumed["resumed"] is True and resumed["session_token"] == session["session_token"]
    assert resumed["history"] == [
        {"sender": "user", "text": "hello"},
        {"sender": "bot", "text": "echo hello", "buttons": []},
    ]
    await again.sio.disconnect()


@pytest.mark.asyncio
async def test_forged_tokens_and_bare_sender_ids_get_a_new_empty_session(channel: Channel) -> None:
    owner = Client()
    session = await owner.session(channel.url)
    await owner.say("my private complaint")
    sender_id = channel.senders[-1]
    token = session["session_token"]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    for attempt in (sender_id, tampered, "v1.made-up.signature", {"x": 1}):
        intruder = Client()
        answer = await intruder.session(channel.url, attempt)  # type: ignore[arg-type]
        assert answer["resumed"] is False and answer["history"] == []
        assert answer["session_token"] not in (token, attempt)
        await intruder.say("hello?")
        assert channel.senders[-1] != sender_id
        await intruder.sio.disconnect()
    await asyncio.sleep(0.2)
    assert owner.bot == ["echo my private complaint"]
    await owner.sio.disconnect()


@pytest.mark.asyncio
async def test_messages_need_a_session_and_sane_text(channel: Channel) -> None:
    client = Client()
    await client.sio.connect(channel.url, headers={"Origin": ORIGIN}, transports=["polling"])
    assert await client.say("hello") == {"ok": False, "error": "no_session"}
    await client.sio.emit("session_request", {})
    await asyncio.wait_for(client.confirmed.get(), timeout=10)
    assert await client.say("   ") == {"ok": False, "error": "bad_message"}
    for size in (5000, 100_000):
        answer = await client.say("x" * size)
        assert answer["ok"] is False and answer["error"] == "too_long"
        assert answer["notice"].startswith("Sorry, that message is too long")
    assert channel.senders == []
    await client.sio.disconnect()


@pytest.mark.asyncio
async def test_a_flooding_visitor_is_slowed_down_and_the_manager_told_once(
    channel: Channel, widget_services: Services
) -> None:
    flooder = Client()
    await flooder.session(channel.url)
    answers = [await flooder.say(f"message {number}") for number in range(40)]
    assert answers[:MESSAGES_PER_WINDOW] == [{"ok": True}] * MESSAGES_PER_WINDOW
    refused = answers[MESSAGES_PER_WINDOW:]
    assert {answer["error"] for answer in refused} == {"too_many"}
    assert all("wait" in answer["notice"] for answer in refused)
    assert len(channel.senders) == MESSAGES_PER_WINDOW

    calm = Client()  # another visitor is not affected
    await calm.session(channel.url)
    assert await calm.say("hello") == {"ok": True}
    await flooder.sio.disconnect()
    await calm.sio.disconnect()

    with unit_of_work(widget_services.sessions) as session:
        alerts = session.execute(select(OutboxMessageRow)).scalars().all()
        assert [(row.purpose, row.to_number) for row in alerts] == [
            (Purpose.FLOOD_ALERT.value, "+15555550101")
        ]
        assert "web chat" in alerts[0].body and "message 1" not in alerts[0].body


@pytest.mark.asyncio
async def test_other_origins_cannot_connect(channel: Channel) -> None:
    client = Client()
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.session(channel.url, origin="https://evil.example")


def test_history_shows_button_titles_and_only_visible_messages() -> None:
    events = [
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("I was billed twice"),
        BotUttered("Is this right?", {"buttons": [{"title": "Yes", "payload": "/affirm"}]}),
        UserUttered("/affirm"),
        UserUttered("/restart"),
        BotUttered(None, {}),
    ]
    assert visible_history(events) == [
        {"sender": "user", "text": "I was billed twice"},
        {
            "sender": "bot",
            "text": "Is this right?",
            "buttons": [{"title": "Yes", "payload": "/affirm"}],
        },
        {"sender": "user", "text": "Yes"},
    ]


def test_tokens_are_signed_and_sender_ids_derived_not_exposed() -> None:
    sessions = WidgetSessions("one-secret-0123456789")
    token, sender, resumed = sessions.open(None)
    assert not resumed and sender.startswith("web-") and sender not in token
    assert sessions.open(token) == (token, sender, True)
    assert WidgetSessions("another-secret-0123456789").sender_for(token) is None
