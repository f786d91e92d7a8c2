"""Tables owned by the staff concern. Only `bot.staff.repository` touches them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String

from bot.db.base import Base
from bot.db.types import UTCDateTime


class StaffUserRow(Base):
    """A person who may sign in to the dashboard."""

    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(80), nullable=False, unique=True)
    display_name = Column(String(120), nullable=False)
    password_hash = Column(String(255), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(UTCDateTime, nullable=False)


class StaffSessionRow(Base):
    """A signed-in browser. Only a hash of the cookie value is stored, so a copy of the database
    cannot be replayed as a login."""

    __tablename__ = "staff_sessions"

    token_hash = Column(String(64), primary_key=True)
    user_id = Column(
        Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)
    last_seen_at = Column(UTCDateTime, nullable=False)


class LoginFailureRow(Base):
    """One refused sign-in. Kept in the database so every web process counts the same failures."""

    __tablename__ = "staff_login_failures"

    id = Column(Integer, primary_key=True)
    username = Column(String(80), nullable=False, index=True)
    ip = Column(String(64), nullable=False, index=True)
    failed_at = Column(UTCDateTime, nullable=False, index=True)
