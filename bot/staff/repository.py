"""Staff persistence. Takes a session from the caller's unit of work; returns plain records."""

from __future__ import annotations

from datetime import datetime
from typing import List, Optional, Tuple

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from bot.staff.models import LoginFailureRow, StaffSessionRow, StaffUserRow
from bot.staff.records import StaffSession, StaffUser


class StaffRepository:
    """Reads and writes of staff users, sessions and login failures within one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add_user(
        self, username: str, display_name: str, password_hash: str, now: datetime
    ) -> StaffUser:
        """Insert a new account."""
        row = StaffUserRow(
            username=username,
            display_name=display_name,
            password_hash=password_hash,
            active=True,
            created_at=now,
        )
        self._session.add(row)
        self._session.flush()
        return _user(row)

    def user_exists(self, username: str) -> bool:
        """True when an account (active or not) has `username`."""
        return self.user_id(username) is not None

    def credentials(self, username: str) -> Optional[Tuple[StaffUser, str]]:
        """The active account with `username` and its password hash, if any."""
        row = self._session.execute(
            select(StaffUserRow).where(StaffUserRow.username == username, StaffUserRow.active)
        ).scalar_one_or_none()
        return None if row is None else (_user(row), row.password_hash)

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        """Replace a stored hash (a new password, or a hash made with older parameters)."""
        row = self._session.get(StaffUserRow, user_id)
        if row is not None:
            row.password_hash = password_hash

    def user_id(self, username: str) -> Optional[int]:
        """The id of the account (active or not) with `username`, if any."""
        query = select(StaffUserRow.id).where(StaffUserRow.username == username)
        found = self._session.execute(query).scalar_one_or_none()
        return None if found is None else int(found)

    def set_active(self, user_id: int, active: bool) -> None:
        """Let an account sign in, or stop it."""
        row = self._session.get(StaffUserRow, user_id)
        if row is not None:
            row.active = active

    def users(self, stopped: bool = False) -> List[StaffUser]:
        """Active accounts by username; with `stopped`, the stopped ones too."""
        query = select(StaffUserRow).order_by(StaffUserRow.username)
        if not stopped:
            query = query.where(StaffUserRow.active)
        return [_user(row) for row in self._session.execute(query).scalars()]

    def add_session(self, token_hash: str, user_id: int, csrf_token: str, now: datetime) -> None:
        """Record a new signed-in browser."""
        self._session.add(
            StaffSessionRow(
                token_hash=token_hash,
                user_id=user_id,
                csrf_token=csrf_token,
                created_at=now,
                last_seen_at=now,
            )
        )

    def find_session(self, token_hash: str) -> Optional[StaffSession]:
        """The session with `token_hash` whose account is still active."""
        found = self._session.execute(
            select(StaffSessionRow, StaffUserRow)
            .join(StaffUserRow, StaffUserRow.id == StaffSessionRow.user_id)
            .where(StaffSessionRow.token_hash == token_hash, StaffUserRow.active)
        ).first()
        if found is None:
            return None
        row, user = found
        return StaffSession(
            user=_user(user),
            csrf_token=row.csrf_token,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
        )

    def touch_session(self, token_hash: str, now: datetime) -> None:
        """Move the idle deadline of a session forward."""
        row = self._session.get(StaffSessionRow, token_hash)
        if row is not None:
            row.last_seen_at = now

    def delete_session(self, token_hash: str) -> None:
        """Forget one session (sign-out or expiry)."""
        self._session.execute(
            delete(StaffSessionRow).where(StaffSessionRow.token_hash == token_hash)
        )

    def delete_sessions_of(self, user_id: int) -> None:
        """Sign an account out of every browser."""
        self._session.execute(delete(StaffSessionRow).where(StaffSessionRow.user_id == user_id))

    def delete_sessions_before(self, created_before: datetime, seen_before: datetime) -> None:
        """Forget every session past its absolute or idle deadline."""
        self._session.execute(
            delete(StaffSessionRow).where(
                or_(
                    StaffSessionRow.created_at < created_before,
                    StaffSessionRow.last_seen_at < seen_before,
                )
            )
        )

    def count_failures(self, since: datetime, username: str, ip: str) -> Tuple[int, int]:
        """Refused sign-ins since `since` for this account and from this address."""

        def count(*conditions: object) -> int:
            query = select(func.count(LoginFailureRow.id)).where(
                LoginFailureRow.failed_at >= since, *conditions
            )
            return int(self._session.execute(query).scalar_one())

        return (
            count(LoginFailureRow.username == username),
            count(LoginFailureRow.ip == ip),
        )

    def add_failure(self, username: str, ip: str, now: datetime) -> None:
        """Record a refused sign-in."""
        self._session.add(LoginFailureRow(username=username, ip=ip, failed_at=now))

    def clear_failures(self, username: str) -> None:
        """Forget an account's refused sign-ins once its owner signs in."""
        self._session.execute(delete(LoginFailureRow).where(LoginFailureRow.username == username))

    def delete_failures_before(self, before: datetime) -> None:
        """Forget refused sign-ins that no longer count."""
        self._session.execute(delete(LoginFailureRow).where(LoginFailureRow.failed_at < before))


def _user(row: StaffUserRow) -> StaffUser:
    return StaffUser(
        id=row.id, username=row.username, display_name=row.display_name, active=bool(row.active)
    )
