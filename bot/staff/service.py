"""Staff use cases: create, stop and restart accounts, change passwords, sign in (rate
limited), look up and end sessions.

The browser holds only a random session token; the database holds its SHA-256 hash, the CSRF
token and the two deadlines' starting points, so sessions expire the same way in every process.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime
from typing import Callable, List, Optional, Tuple

from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import unit_of_work
from bot.db.types import utcnow
from bot.staff.passwords import burn_verification, hash_password, needs_rehash, verify_password
from bot.staff.records import LoginLimits, SessionPolicy, StaffSession, StaffUser
from bot.staff.repository import StaffRepository

DEFAULT_LIMITS = LoginLimits()
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


class StaffError(Exception):
    """Base class of staff account errors; messages never contain passwords."""


class InvalidUsernameError(StaffError):
    """A username that is not 2-40 lowercase letters, digits, dots, dashes or underscores."""


class UserExistsError(StaffError):
    """An account with that username already exists."""


class UnknownUserError(StaffError):
    """No account has that username."""


class LoginRefusedError(StaffError):
    """Unknown username or wrong password (deliberately not told apart)."""


class LoginThrottledError(StaffError):
    """Too many refused sign-ins for this account or from this address; try again later."""


def normalise_username(raw: str) -> str:
    """Usernames compare case-insensitively and without surrounding blanks."""
    return raw.strip().lower()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class StaffService:
    """The one entry point for staff accounts and dashboard sessions."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        policy: SessionPolicy,
        limits: LoginLimits = DEFAULT_LIMITS,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._policy = policy
        self._limits = limits
        self._clock = clock

    def create_user(self, username: str, display_name: str, password: str) -> StaffUser:
        """Add an account; raises on a bad or taken username or a weak password."""
        name = normalise_username(username)
        if not _USERNAME.match(name):
            raise InvalidUsernameError(
                "a username is 2-40 lowercase letters, digits, dots, dashes or underscores"
            )
        password_hash = hash_password(password)
        with unit_of_work(self._sessions) as session:
            repo = StaffRepository(session)
            if repo.user_exists(name):
                raise UserExistsError(f"the username {name} is taken")
            return repo.add_user(name, display_name.strip() or name, password_hash, self._clock())

    def set_password(self, username: str, password: str) -> None:
        """Give an account a new password and sign it out everywhere: whoever knew the old one
        may hold a session too."""
        name = normalise_username(username)
        password_hash = hash_password(password)
        with unit_of_work(self._sessions) as session:
            repo = StaffRepository(session)
            user_id = _existing(repo, name)
            repo.set_password_hash(user_id, password_hash)
            repo.delete_sessions_of(user_id)
            repo.clear_failures(name)

    def set_active(self, username: str, active: bool) -> None:
        """Let an account sign in again, or stop it (someone who left): a stopped account is
        signed out everywhere at once, keeps its name, and stays on the cases it touched."""
        with unit_of_work(self._sessions) as session:
            repo = StaffRepository(session)
            user_id = _existing(repo, normalise_username(username))
            repo.set_active(user_id, active)
            if not active:
                repo.delete_sessions_of(user_id)

    def accounts(self) -> List[StaffUser]:
        """Every account, stopped ones included, for `bot user list`."""
        with unit_of_work(self._sessions) as session:
            return StaffRepository(session).users(stopped=True)

    def users(self) -> List[StaffUser]:
        """Active accounts, e.g. for the assignment menu."""
        with unit_of_work(self._sessions) as session:
            return StaffRepository(session).users()

    def sign_in(self, username: str, password: str, ip: str) -> Tuple[str, StaffSession]:
        """Check the password and open a session; returns the cookie token and the session.

        Raises `LoginThrottledError` without checking the password once the account or the
        address has too many recent failures, and `LoginRefusedError` on a wrong name or password.
        """
        name = normalise_username(username)
        now = self._clock()
        since = now - self._limits.window
        with unit_of_work(self._sessions) as session:
            repo = StaffRepository(session)
            repo.delete_failures_before(since)
            repo.delete_sessions_before(now - self._policy.absolute, now - self._policy.idle)
            by_account, by_ip = repo.count_failures(since, name, ip)
            if by_account >= self._limits.per_account or by_ip >= self._limits.per_ip:
                raise LoginThrottledError("too many refused sign-ins; try again later")
            found = repo.credentials(name)
            if found is None:
                burn_verification(password)
            if found is None or not verify_password(found[1], password):
                repo.add_failure(name[:80], ip[:64], now)
                refused = True
            else:
                refused = False
        if refused:
            # Raised after the unit of work commits, so the failure row is kept.
            raise LoginRefusedError("unknown username or wrong password")
        assert found is not None
        user, password_hash = found
        token = secrets.token_urlsafe(32)
        csrf_token = secrets.token_urlsafe(32)
        with unit_of_work(self._sessions) as session:
            repo = StaffRepository(session)
            repo.clear_failures(name)
            if needs_rehash(password_hash):
                repo.set_password_hash(user.id, hash_password(password))
            repo.add_session(_token_hash(token), user.id, csrf_token, now)
        return token, StaffSession(
            user=user, csrf_token=csrf_token, created_at=now, last_seen_at=now
        )

    def session_for(self, token: str) -> Optional[StaffSession]:
        """The live session for a cookie token, its idle deadline moved on; `None` if expired."""
        if not token:
            return None
        now = self._clock()
        token_hash = _token_hash(token)
        with unit_of_work(self._sessions) as session:
            repo = StaffRepository(session)
            found = repo.find_session(token_hash)
            if found is None:
                return None
            if (
                now - found.created_at >= self._policy.absolute
                or now - found.last_seen_at >= self._policy.idle
            ):
                repo.delete_session(token_hash)
                return None
            repo.touch_session(token_hash, now)
        return StaffSession(
            user=found.user,
            csrf_token=found.csrf_token,
            created_at=found.created_at,
            last_seen_at=now,
        )

    def sign_out(self, token: str) -> None:
        """End a session now."""
        with unit_of_work(self._sessions) as session:
            StaffRepository(session).delete_session(_token_hash(token))


def _existing(repo: StaffRepository, name: str) -> int:
    """The id of the account `name`; raises `UnknownUserError` when there is none."""
    user_id = repo.user_id(name)
    if user_id is None:
        raise UnknownUserError(f"there is no account {name}")
    return user_id
