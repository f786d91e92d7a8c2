"""Staff accounts, sessions and login limits on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import List

import pytest
from sqlalchemy import func, select

from bot.staff.models import StaffSessionRow, StaffUserRow
from bot.staff.passwords import WeakPasswordError
from bot.staff.records import LoginLimits, SessionPolicy
from bot.staff.service import (
    InvalidUsernameError,
    LoginRefusedError,
    LoginThrottledError,
    StaffService,
    UnknownUserError,
    UserExistsError,
)
from bot.wiring import Services

PASSWORD = "correct horse battery"
POLICY = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
LIMITS = LoginLimits()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


def staff(services: Services, clock: Clock, limits: LoginLimits = LIMITS) -> StaffService:
    return StaffService(services.sessions, POLICY, limits, clock)


def test_accounts_store_only_an_argon2_hash(services: Services) -> None:
    service = staff(services, Clock())
    user = service.create_user("  Alice ", "Alice Manager", PASSWORD)
    assert user.username == "alice"
    assert user.actor == "staff:alice"
    with services.sessions() as session:
        stored = session.execute(select(StaffUserRow.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert [u.username for u in service.users()] == ["alice"]


def test_bad_accounts_are_refused(services: Services) -> None:
    service = staff(services, Clock())
    service.create_user("alice", "", PASSWORD)
    with pytest.raises(UserExistsError):
        service.create_user("ALICE", "", PASSWORD)
    with pytest.raises(InvalidUsernameError):
        service.create_user("a b", "", PASSWORD)
    with pytest.raises(WeakPasswordError):
        service.create_user("bob", "", "short")


def test_sign_in_opens_a_session_found_by_its_token(services: Services) -> None:
    clock = Clock()
    service = staff(services, clock)
    service.create_user("alice", "Alice", PASSWORD)
    token, opened = service.sign_in("Alice", PASSWORD, "127.0.0.1")
    found = service.session_for(token)
    assert found is not None
    assert found.user.username == "alice"
    assert found.csrf_token == opened.csrf_token
    assert service.session_for("not-a-token") is None
    with services.sessions() as session:
        stored = session.execute(select(StaffSessionRow.token_hash)).scalar_one()
    assert stored != token


def test_wrong_password_and_unknown_user_look_the_same(services: Services) -> None:
    service = staff(services, Clock())
    service.create_user("alice", "Alice", PASSWORD)
    with pytest.raises(LoginRefusedError) as wrong:
        service.sign_in("alice", "wrong password!", "127.0.0.1")
    with pytest.raises(LoginRefusedError) as unknown:
        service.sign_in("mallory", PASSWORD, "127.0.0.1")
    assert str(wrong.value) == str(unknown.value)


def test_idle_sessions_expire_and_use_moves_the_idle_deadline(services: Services) -> None:
    clock = Clock()
    service = staff(services, clock)
    service.create_user("alice", "Alice", PASSWORD)
    token, _ = service.sign_in("alice", PASSWORD, "127.0.0.1")
    clock.now += timedelta(minutes=29)
    assert service.session_for(token) is not None
    clock.now += timedelta(minutes=29)
    assert service.session_for(token) is not None
    clock.now += timedelta(minutes=30)
    assert service.session_for(token) is None
    clock.now -= timedelta(minutes=30)
    assert service.session_for(token) is None, "an expired session is deleted, not revived"


def test_sessions_expire_absolutely_even_when_in_use(services: Services) -> None:
    clock = Clock()
    service = staff(services, clock)
    service.create_user("alice", "Alice", PASSWORD)
    token, _ = service.sign_in("alice", PASSWORD, "127.0.0.1")
    seen: List[bool] = []
    for _ in range(26):
        clock.now += timedelta(minutes=28)
        seen.append(service.session_for(token) is not None)
    assert seen[:25] == [True] * 25  # 25 x 28 min = 11 h 40 min
    assert seen[25] is False  # 12 h 8 min after sign-in


def test_sign_out_ends_the_session(services: Services) -> None:
    service = staff(services, Clock())
    service.create_user("alice", "Alice", PASSWORD)
    token, _ = service.sign_in("alice", PASSWORD, "127.0.0.1")
    service.sign_out(token)
    assert service.session_for(token) is None


def test_account_is_locked_after_repeated_failures_across_service_instances(
    services: Services,
) -> None:
    clock = Clock()
    first = staff(services, clock)
    second = staff(services, clock)  # another process on the same database
    first.create_user("alice", "Alice", PASSWORD)
    for attempt in range(5):
        with pytest.raises(LoginRefusedError):
            (first if attempt % 2 else second).sign_in("alice", "wrong password!", f"10.0.0.{attempt}")
    with pytest.raises(LoginThrottledError):
        second.sign_in("alice", PASSWORD, "10.0.0.99")
    clock.now += timedelta(minutes=16)
    token, _ = first.sign_in("alice", PASSWORD, "10.0.0.99")
    assert first.session_for(token) is not None


def test_one_address_is_throttled_across_accounts(services: Services) -> None:
    clock = Clock()
    service = staff(services, clock, LoginLimits(per_account=5, per_ip=3))
    service.create_user("alice", "Alice", PASSWORD)
    for name in ("bob", "carol", "dave"):
        with pytest.raises(LoginRefusedError):
            service.sign_in(name, "wrong password!", "192.0.2.7")
    with pytest.raises(LoginThrottledError):
        service.sign_in("alice", PASSWORD, "192.0.2.7")
    token, _ = service.sign_in("alice", PASSWORD, "192.0.2.8")
    assert service.session_for(token) is not None


def test_success_clears_the_account_s_failures(services: Services) -> None:
    service = staff(services, Clock())
    service.create_user("alice", "Alice", PASSWORD)
    for _ in range(4):
        with pytest.raises(LoginRefusedError):
            service.sign_in("alice", "wrong password!", "127.0.0.1")
    service.sign_in("alice", PASSWORD, "127.0.0.1")
    for _ in range(4):
        with pytest.raises(LoginRefusedError):
            service.sign_in("alice", "wrong password!", "127.0.0.1")
    service.sign_in("alice", PASSWORD, "127.0.0.1")
    with services.sessions() as session:
        assert session.execute(select(func.count()).select_from(StaffSessionRow)).scalar_one() == 2


def test_a_new_password_signs_the_account_out_everywhere(services: Services) -> None:
    service = staff(services, Clock())
    service.create_user("dana", "Dana Lee", PASSWORD)
    token, _ = service.sign_in("dana", PASSWORD, "10.0.0.1")
    service.set_password("Dana", PASSWORD + " new")
    assert service.session_for(token) is None
    with pytest.raises(LoginRefusedError):
        service.sign_in("dana", PASSWORD, "10.0.0.1")
    assert service.sign_in("dana", PASSWORD + " new", "10.0.0.1")[1].user.username == "dana"
    with pytest.raises(WeakPasswordError):
        service.set_password("dana", "short")
    with pytest.raises(UnknownUserError):
        service.set_password("nobody", PASSWORD)


def test_a_stopped_account_cannot_sign_in_until_restarted(services: Services) -> None:
    service = staff(services, Clock())
    service.create_user("dana", "Dana Lee", PASSWORD)
    service.create_user("erin", "Erin Moss", PASSWORD)
    token, _ = service.sign_in("dana", PASSWORD, "10.0.0.1")
    service.set_active("dana", False)
    assert service.session_for(token) is None
    with pytest.raises(LoginRefusedError):
        service.sign_in("dana", PASSWORD, "10.0.0.1")
    assert [user.username for user in service.users()] == ["erin"]
    assert [(user.username, user.active) for user in service.accounts()] == [
        ("dana", False),
        ("erin", True),
    ]
    with services.sessions() as session:
        assert session.execute(select(func.count(StaffSessionRow.token_hash))).scalar_one() == 0
    service.set_active("dana", True)
    assert service.sign_in("dana", PASSWORD, "10.0.0.1")[1].user.active
    with pytest.raises(UnknownUserError):
        service.set_active("nobody", False)
