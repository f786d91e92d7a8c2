"""The worker with the real twilio client: Prism for the contract, a fault server for outages."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Dict

import pytest

from bot.cases.vocabulary import Urgency
from bot.db.types import utcnow
from bot.notify.outbox import OutboxStatus
from bot.notify.sender import TwilioSender
from bot.notify.store import OutboxStore
from bot.notify.worker import OutboxWorker, RetryPolicy
from bot.privacy.phones import phone_key
from bot.settings import Settings
from bot.sms.optouts import opt_out
from bot.wiring import Services, build_sender, build_services
from tests.notify.conftest import file_case, outbox_rows, settings_with, twilio_env
from tests.notify.fault_server import FaultScript, fault_server

FAST_RETRY = RetryPolicy(base_seconds=0.01, max_seconds=0.05, max_attempts=6)


def make_worker(settings: Settings, services: Services, timeout: float = 1.0) -> OutboxWorker:
    assert settings.twilio is not None
    return OutboxWorker(
        OutboxStore(services.sessions, settings.secret_key),
        TwilioSender(settings.twilio, timeout=timeout),
        poll_seconds=0.05,
        lease_seconds=30,
        retry=FAST_RETRY,
    )


async def drain(worker: OutboxWorker, services: Services, rounds: int = 200) -> None:
    """Run the worker until nothing is pending (retries are due almost at once)."""
    try:
        for _ in range(rounds):
            await worker.run_once()
            if not any(row.status == OutboxStatus.PENDING.value for row in outbox_rows(services)):
                return
            await asyncio.sleep(0.02)
    finally:
        await worker.close()


@pytest.mark.asyncio
async def test_prism_accepts_the_real_client_request_and_the_sid_is_recorded(
    base_env: Dict[str, str], database_url: str, prism_url: str
) -> None:
    settings = settings_with(base_env, database_url, **twilio_env(prism_url))
    services = build_services(settings)
    try:
        file_case(services)
        await drain(make_worker(settings, services, timeout=10), services)
        [row] = outbox_rows(services)
        assert row.status == OutboxStatus.SENT.value
        assert row.twilio_sid and row.twilio_sid.startswith("SM")
        assert row.sent_at is not None and row.attempts == 1
    finally:
        services.engine.dispose()


@pytest.mark.asyncio
async def test_messaging_service_sid_is_accepted_by_the_contract(
    base_env: Dict[str, str], database_url: str, prism_url: str
) -> None:
    env = {**twilio_env(prism_url), "TWILIO_FROM_NUMBER": "",
           "TWILIO_MESSAGING_SERVICE_SID": "MG" + "a" * 32}
    settings = settings_with(base_env, database_url, **env)
    sender = build_sender(settings)
    try:
        result = await sender.send("+15555550101", "contract check")
    finally:
        await sender.close()
    assert result.sid.startswith("SM") and not result.recorded_only


@pytest.mark.asyncio
@pytest.mark.parametrize("fault", ["500", "429", "hang", "drop"])
async def test_transient_faults_are_retried_until_accepted_once(
    base_env: Dict[str, str], database_url: str, fault: str
) -> None:
    script = FaultScript(queue=[fault, fault], hang_seconds=2.0, retry_after="0")
    with fault_server(script) as (url, script):
        settings = settings_with(base_env, database_url, **twilio_env(url))
        services = build_services(settings)
        try:
            file_case(services)
            await drain(make_worker(settings, services, timeout=0.5), services)
            [row] = outbox_rows(services)
        finally:
            services.engine.dispose()
    assert script.seen == [fault, fault, "ok"]
    assert row.status == OutboxStatus.SENT.value
    assert row.attempts == 3
    assert row.twilio_sid == script.accepted[0].sid
    assert len(script.accepted) == 1


def test_retry_after_is_honoured_and_backoff_grows(
    base_env: Dict[str, str], database_url: str
) -> None:
    script = FaultScript(queue=["429"], retry_after="120")
    with fault_server(script) as (url, script):
        settings = settings_with(base_env, database_url, **twilio_env(url))
        services = build_services(settings)
        try:
            file_case(services)
            before = utcnow()
            worker = make_worker(settings, services)
            asyncio.run(_once_and_close(worker))
            [row] = outbox_rows(services)
        finally:
            services.engine.dispose()
    assert row.status == OutboxStatus.PENDING.value
    assert row.last_error == "http_429"
    assert row.next_attempt_at - before >= timedelta(seconds=120)
    policy = RetryPolicy(base_seconds=2, max_seconds=300)
    assert policy.delay(1) <= 2 < policy.delay(3) <= 8 < policy.delay(6) <= 64
    assert policy.delay(20) <= 300


async def _once_and_close(worker: OutboxWorker) -> None:
    try:
        await worker.run_once()
    finally:
        await worker.close()


@pytest.mark.asyncio
@pytest.mark.parametrize(("fault", "code"), [("400:21610", "twilio_21610"),
                                             ("400:21211", "twilio_21211"),
                                             ("400:21614", "twilio_21614")])
async def test_permanent_errors_fail_once_with_the_code_only(
    base_env: Dict[str, str], database_url: str, fault: str, code: str
) -> None:
    script = FaultScript(queue=[fault])
    with fault_server(script) as (url, script):
        settings = settings_with(base_env, database_url, **twilio_env(url))
        services = build_services(settings)
        try:
            file_case(services)
            await drain(make_worker(settings, services), services)
            [row] = outbox_rows(services)
        finally:
            services.engine.dispose()
    assert script.seen == [fault]
    assert row.status == OutboxStatus.FAILED.value
    assert row.last_error == code
    assert row.twilio_sid is None


@pytest.mark.asyncio
async def test_opted_out_numbers_are_suppressed_and_never_sent(
    base_env: Dict[str, str], database_url: str
) -> None:
    with fault_server() as (url, script):
        settings = settings_with(base_env, database_url, **twilio_env(url))
        services = build_services(settings)
        try:
            with services.sessions.begin() as session:
                opt_out(session, phone_key("+15555550101", settings.secret_key), utcnow())
            file_case(services)
            await drain(make_worker(settings, services), services)
            [row] = outbox_rows(services)
        finally:
            services.engine.dispose()
    assert script.seen == []
    assert row.status == OutboxStatus.SUPPRESSED.value


@pytest.mark.asyncio
async def test_without_credentials_messages_are_recorded_with_masked_numbers_only(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    case = file_case(services, urgency=Urgency.CRISIS)
    worker = OutboxWorker(
        OutboxStore(services.sessions, services.settings.secret_key),
        build_sender(services.settings),
        poll_seconds=0.05,
        lease_seconds=30,
    )
    await drain(worker, services)
    [row] = outbox_rows(services)
    assert row.status == OutboxStatus.RECORDED.value and row.twilio_sid
    assert "***0101" in caplog.text
    assert "+15555550101" not in caplog.text and "5555550101" not in caplog.text
    assert row.body not in caplog.text and case.reference not in caplog.text
