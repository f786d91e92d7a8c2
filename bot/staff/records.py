"""Plain dataclasses that leave the staff repository."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class StaffUser:
    """A dashboard account (never carries the password hash)."""

    id: int
    username: str
    display_name: str
    active: bool

    @property
    def actor(self) -> str:
        """How this person appears in case audit trails."""
        return f"staff:{self.username}"


@dataclass(frozen=True)
class StaffSession:
    """A signed-in browser: who, its CSRF token, and when it started and was last used."""

    user: StaffUser
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True)
class SessionPolicy:
    """How long a session lives: `idle` after the last request, `absolute` after sign-in."""

    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class LoginLimits:
    """Refused sign-ins allowed within `window` before further attempts are refused unchecked.

    Per account stops guessing one password from many addresses; per IP stops one address trying
    many accounts.
    """

    window: timedelta = timedelta(minutes=15)
    per_account: int = 5
    per_ip: int = 20
