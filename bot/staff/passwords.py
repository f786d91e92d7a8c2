"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified when the username is unknown, so a wrong name costs as long as a wrong password
    and response times do not reveal which accounts exist. Made on first use, not at import."""
    return _HASHER.hash("not-a-real-password")


MIN_PASSWORD_LENGTH = 12


class WeakPasswordError(ValueError):
    """A password too short to protect patient data."""


def hash_password(password: str) -> str:
    """An argon2id hash of `password`, refusing short ones."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches `password_hash`."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def burn_verification(password: str) -> None:
    """Spend the time of one verification without an account (see `_dummy_hash`)."""
    verify_password(_dummy_hash(), password)


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's defaults."""
    return _HASHER.check_needs_rehash(password_hash)
