"""Flood limits on the SMS webhook (SQLite and PostgreSQL counters) and on Redis: a flooding
number gets one polite answer per window and no turns past the limit, the manager gets one alert,
opt-outs still hold, other numbers are untouched, and replicas share one count."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Iterator, List

import pytest
from sanic import Sanic
from sqlalchemy import select

from bot.channels.limits import (
    MESSAGES_PER_WINDOW,
    WINDOW_SECONDS,
    Counter,
    DatabaseCounter,
    FloodGuard,
    RedisCounter,
)
from bot.channels.twilio import TwilioChannel, build_turns
from bot.db.engine import unit_of_work
from bot.notify.models import OutboxMessageRow
from bot.notify.outbox import Purpose
from bot.privacy.phones import phone_key
from bot.settings import Settings
from bot.sms import optouts
from bot.wiring import Services
from tests.channels.sms_support import MANAGER, PATIENT, ScriptedBot, outbox_bodies, twilio_form
from tests.channels.test_twilio_webhook import post
from tests.support.services import redis_server

START = 1_800_000_000.0  # a minute boundary
OTHER_PATIENT = "+15555550143"
SLOW_DOWN = "We got a lot of messages from you"


class Clock:
    """A clock the test moves by hand, so a flood never straddles a window by accident."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def guard_for(counter: Counter, services: Services, clock: Clock) -> FloodGuard:
    settings = services.settings
    return FloodGuard(
        counter, services.sessions, settings.manager_phones, settings.office_name, clock
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def flood_app(
    sms_settings: Settings, sms_services: Services, scripted_bot: ScriptedBot, clock: Clock
) -> Iterator[tuple[Sanic, TwilioChannel]]:
    guard = guard_for(DatabaseCounter(sms_services.sessions), sms_services, clock)
    channel = TwilioChannel(sms_settings, build_turns(sms_settings, sms_services), guard)
    Sanic.test_mode = True
    app = Sanic(f"sms_flood_{id(channel)}")
    app.blueprint(channel.blueprint(scripted_bot), url_prefix="/webhooks/twilio")
    yield app, channel


def alerts(services: Services) -> List[OutboxMessageRow]:
    with unit_of_work(services.sessions) as session:
        rows = session.execute(
            select(OutboxMessageRow).where(OutboxMessageRow.purpose == Purpose.FLOOD_ALERT.value)
        )
        return list(rows.scalars())


@pytest.mark.asyncio
async def test_a_flooding_number_is_throttled_with_one_answer_and_one_alert(
    flood_app: tuple[Sanic, TwilioChannel],
    scripted_bot: ScriptedBot,
    sms_services: Services,
    clock: Clock,
) -> None:
    app, channel = flood_app
    statuses = [
        (await post(app, twilio_form(f"message {n}")))[0] for n in range(6 * MESSAGES_PER_WINDOW)
    ]
    await channel.wait_idle()

    assert set(statuses) == {200}
    assert len(scripted_bot.received) == MESSAGES_PER_WINDOW
    bodies = outbox_bodies(sms_services, PATIENT)
    # One reply per allowed turn (the first carries the first-contact notice) and one notice.
    assert len(bodies) == MESSAGES_PER_WINDOW + 1
    assert sum(SLOW_DOWN in body for body in bodies) == 1
    [alert] = alerts(sms_services)
    assert alert.to_number == MANAGER
    assert "SMS" in alert.body and PATIENT[-4:] not in alert.body and "message 0" not in alert.body

    # Another number is not slowed down by the flood.
    await post(app, twilio_form("hello", sender=OTHER_PATIENT))
    await channel.wait_idle()
    assert len(scripted_bot.received) == MESSAGES_PER_WINDOW + 1

    # STOP always gets through, even from a throttled number.
    await post(app, twilio_form("STOP"))
    with unit_of_work(sms_services.sessions) as session:
        assert optouts.is_opted_out(session, phone_key(PATIENT, sms_services.settings.secret_key))

    # A new window: the number may talk again, with one more notice at most; no second alert.
    clock.now += WINDOW_SECONDS
    await post(app, twilio_form("START"))
    for n in range(2 * MESSAGES_PER_WINDOW):
        await post(app, twilio_form(f"again {n}"))
    await channel.wait_idle()
    assert len(scripted_bot.received) == 2 * MESSAGES_PER_WINDOW
    assert sum(SLOW_DOWN in body for body in outbox_bodies(sms_services, PATIENT)) == 2
    assert len(alerts(sms_services)) == 1


@pytest.mark.asyncio
async def test_a_far_too_long_text_gets_a_clear_answer_not_a_turn(
    flood_app: tuple[Sanic, TwilioChannel], scripted_bot: ScriptedBot, sms_services: Services
) -> None:
    app, channel = flood_app
    status, twiml, _ = await post(app, twilio_form("complaint " * 10_000))  # 100 KB
    await channel.wait_idle()
    assert status == 200 and "<Message>" not in twiml
    assert scripted_bot.received == []
    [answer] = outbox_bodies(sms_services, PATIENT)
    assert "too long for us to read" in answer


def test_database_and_redis_counters_are_shared_between_replicas(
    sms_services: Services, tmp_path: Path
) -> None:
    """Two guards (two replicas) on one store count together; windows restart cleanly."""
    with redis_server(tmp_path) as redis_url:
        for make in (
            lambda: DatabaseCounter(sms_services.sessions),
            lambda: RedisCounter(redis_url),
        ):
            clock = Clock()
            replicas = itertools.cycle(
                [guard_for(make(), sms_services, clock), guard_for(make(), sms_services, clock)]
            )
            decisions = [next(replicas).check("sms-replica-test", "SMS") for _ in range(MESSAGES_PER_WINDOW + 4)]
            assert [d.allowed for d in decisions] == [True] * MESSAGES_PER_WINDOW + [False] * 4
            assert [d.notify_sender for d in decisions].count(True) == 1
            clock.now += WINDOW_SECONDS
            assert next(replicas).check("sms-replica-test", "SMS").allowed


def test_an_unreachable_counter_store_never_refuses_a_patient(sms_services: Services) -> None:
    guard = guard_for(RedisCounter("redis://127.0.0.1:1/0"), sms_services, Clock())
    assert all(guard.check("sms-no-redis", "SMS").allowed for _ in range(MESSAGES_PER_WINDOW + 5))
