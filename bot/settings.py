"""Typed settings read once from the environment and validated at start.

Every process (Rasa server, action server, office web app, outbox worker, CLI) calls
`load_settings()` before doing any work, so a missing or malformed value stops start-up with one
clear line that names the variable instead of failing later in the middle of a patient's turn.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Tuple

import phonenumbers
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VAR_DIR = PROJECT_ROOT / "var"
TWILIO_API_BASE_URL = "https://api.twilio.com"


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable and never its value."""


@dataclass(frozen=True)
class TwilioSettings:
    """Credentials for Twilio; `None` in `Settings.twilio` means SMS is recorded, not sent."""

    account_sid: str
    auth_token: str
    from_number: Optional[str]
    messaging_service_sid: Optional[str]
    api_base_url: str


@dataclass(frozen=True)
class Settings:
    """The whole configuration of one installation."""

    var_dir: Path
    database_url: str
    tracker_database_url: str
    redis_url: Optional[str]
    twilio: Optional[TwilioSettings]
    twilio_auth_token: Optional[str]
    public_base_url: str
    office_base_url: str
    manager_phones: Tuple[str, ...]
    office_name: str
    office_hours: str
    office_timezone: str
    office_phone: Optional[str]
    response_business_days: int
    secret_key: str
    action_server_token: str
    action_server_url: str
    rasa_url: str
    ack_timeout_minutes: int
    digest_hour: int
    rest_api_token: Optional[str]
    default_region: str = "US"
    outbox_poll_seconds: float = 0.2
    outbox_lease_seconds: int = 60
    outbox_retry_base_seconds: float = 2.0
    staff_idle_minutes: int = 30
    staff_session_hours: int = 12

    @property
    def sms_enabled(self) -> bool:
        """True when real Twilio credentials are configured."""
        return self.twilio is not None


def load_settings(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Build `Settings` from `env` (default: `os.environ`), raising `ConfigError` on bad input."""
    env = os.environ if env is None else env
    var_dir = Path(env.get("BOT_VAR_DIR") or DEFAULT_VAR_DIR)
    database_url = _database_url(env, "DATABASE_URL", f"sqlite:///{var_dir / 'cases.db'}")
    tracker_url = _database_url(
        env, "TRACKER_DATABASE_URL", _default_tracker_url(database_url, var_dir)
    )
    region = env.get("DEFAULT_REGION", "US").strip().upper() or "US"
    return Settings(
        var_dir=var_dir,
        database_url=database_url,
        tracker_database_url=tracker_url,
        redis_url=_redis_url(env),
        twilio=_twilio(env),
        twilio_auth_token=_optional(env, "TWILIO_AUTH_TOKEN"),
        public_base_url=_http_url(env, "PUBLIC_BASE_URL", "http://127.0.0.1:5005"),
        office_base_url=_http_url(env, "OFFICE_BASE_URL", "http://127.0.0.1:8000"),
        manager_phones=_phones(env, "MANAGER_PHONES", region),
        office_name=env.get("OFFICE_NAME", "").strip() or "Our medical office",
        office_hours=env.get("OFFICE_HOURS", "").strip() or "Monday to Friday, 8 am to 5 pm",
        office_timezone=_timezone(env),
        office_phone=_optional_phone(env, "OFFICE_PHONE", region),
        response_business_days=_int(env, "RESPONSE_BUSINESS_DAYS", 2, low=1, high=30),
        secret_key=_secret(env, "SECRET_KEY", var_dir / "secret_key"),
        action_server_token=_secret(env, "ACTION_SERVER_TOKEN", var_dir / "action_token"),
        action_server_url=_http_url(env, "ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook"),
        rasa_url=_http_url(env, "RASA_URL", "http://127.0.0.1:5005"),
        ack_timeout_minutes=_int(env, "ESCALATION_ACK_MINUTES", 15, low=1, high=24 * 60),
        digest_hour=_int(env, "DIGEST_HOUR", 8, low=0, high=23),
        rest_api_token=_optional_secret(env, "REST_API_TOKEN"),
        default_region=region,
        outbox_poll_seconds=_float(env, "OUTBOX_POLL_SECONDS", 0.2, low=0.05, high=60.0),
        outbox_lease_seconds=_int(env, "OUTBOX_LEASE_SECONDS", 60, low=3, high=3600),
        outbox_retry_base_seconds=_float(
            env, "OUTBOX_RETRY_BASE_SECONDS", 2.0, low=0.01, high=600.0
        ),
        staff_idle_minutes=_int(env, "STAFF_IDLE_MINUTES", 30, low=1, high=24 * 60),
        staff_session_hours=_int(env, "STAFF_SESSION_HOURS", 12, low=1, high=24 * 7),
    )


def _optional(env: Mapping[str, str], name: str) -> Optional[str]:
    value = env.get(name, "").strip()
    return value or None


def _database_url(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, "").strip() or default
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError(f"{name} is not a valid database URL") from None
    if url.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigError(f"{name} must be a sqlite:// or postgresql:// URL")
    if url.get_backend_name() == "sqlite" and not url.database:
        raise ConfigError(f"{name} must name a SQLite file (in-memory databases lose cases)")
    return raw


def _default_tracker_url(database_url: str, var_dir: Path) -> str:
    """SQLite keeps Rasa's `events` table in its own file; PostgreSQL shares the database."""
    if make_url(database_url).get_backend_name() == "sqlite":
        return f"sqlite:///{var_dir / 'tracker.db'}"
    return database_url


def _redis_url(env: Mapping[str, str]) -> Optional[str]:
    raw = _optional(env, "REDIS_URL")
    if raw is not None and not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError("REDIS_URL must start with redis://, rediss:// or unix://")
    return raw


def _http_url(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, "").strip() or default
    if not raw.startswith(("http://", "https://")) or raw.endswith("://"):
        raise ConfigError(f"{name} must be an http:// or https:// URL")
    return raw.rstrip("/")


def _int(env: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}")
    return value


def _float(env: Mapping[str, str], name: str, default: float, *, low: float, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}")
    return value


def _timezone(env: Mapping[str, str]) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    raw = env.get("OFFICE_TIMEZONE", "").strip() or "America/New_York"
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            "OFFICE_TIMEZONE must be an IANA time zone such as America/Chicago"
        ) from None
    return raw


def parse_phone(raw: str, region: str = "US") -> Optional[str]:
    """Return `raw` as an E.164 number, or `None` when it is not a possible phone number."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not dialable(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def dialable(number: phonenumbers.PhoneNumber) -> bool:
    """A number of the right length for its country, area code included.

    "Possible" rather than "valid" (an allocated range): new ranges and the fictional 555-01xx
    numbers must not be refused. A local-only number ("555-0123") cannot be texted or called.
    """
    reason = phonenumbers.is_possible_number_with_reason(number)
    return bool(reason == phonenumbers.ValidationResult.IS_POSSIBLE)


def _phones(env: Mapping[str, str], name: str, region: str) -> Tuple[str, ...]:
    raw = env.get(name, "").strip()
    if not raw:
        return ()
    phones = []
    for position, part in enumerate(raw.split(","), start=1):
        phone = parse_phone(part.strip(), region)
        if phone is None:
            raise ConfigError(f"{name} entry {position} is not a phone number")
        phones.append(phone)
    return tuple(dict.fromkeys(phones))


def _optional_phone(env: Mapping[str, str], name: str, region: str) -> Optional[str]:
    raw = _optional(env, name)
    if raw is None:
        return None
    phone = parse_phone(raw, region)
    if phone is None:
        raise ConfigError(f"{name} is not a phone number")
    return phone


def _twilio(env: Mapping[str, str]) -> Optional[TwilioSettings]:
    sid = _optional(env, "TWILIO_ACCOUNT_SID")
    token = _optional(env, "TWILIO_AUTH_TOKEN")
    from_number = _optional(env, "TWILIO_FROM_NUMBER")
    service_sid = _optional(env, "TWILIO_MESSAGING_SERVICE_SID")
    if not any((sid, token, from_number, service_sid)):
        return None
    if sid is None:
        raise ConfigError("TWILIO_ACCOUNT_SID is missing (the other Twilio settings are set)")
    if token is None:
        raise ConfigError("TWILIO_AUTH_TOKEN is missing (the other Twilio settings are set)")
    if not sid.startswith("AC") or len(sid) != 34:
        raise ConfigError("TWILIO_ACCOUNT_SID must look like AC followed by 32 characters")
    if from_number is None and service_sid is None:
        raise ConfigError("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID must be set")
    if from_number is not None and parse_phone(from_number) is None:
        raise ConfigError("TWILIO_FROM_NUMBER is not a phone number")
    if service_sid is not None and not service_sid.startswith("MG"):
        raise ConfigError("TWILIO_MESSAGING_SERVICE_SID must start with MG")
    return TwilioSettings(
        account_sid=sid,
        auth_token=token,
        from_number=parse_phone(from_number) if from_number else None,
        messaging_service_sid=service_sid,
        api_base_url=_http_url(env, "TWILIO_API_BASE_URL", TWILIO_API_BASE_URL),
    )


def _optional_secret(env: Mapping[str, str], name: str) -> Optional[str]:
    raw = _optional(env, name)
    if raw is not None and len(raw) < 16:
        raise ConfigError(f"{name} must be at least 16 characters")
    return raw


def _secret(env: Mapping[str, str], name: str, path: Path) -> str:
    """Use `name` from the environment, else a random secret kept in `path` (mode 0600).

    Embedded defaults must work with nothing typed, yet a secret must survive restarts: the
    keyed sender hashes and staff sessions depend on it staying the same.
    """
    raw = _optional_secret(env, name)
    if raw is not None:
        return raw
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    except OSError:
        raise ConfigError(f"{name} is not set and {path} cannot be read") from None
    value = secrets.token_urlsafe(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        raise ConfigError(f"{name} is not set and {path} cannot be written") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value
