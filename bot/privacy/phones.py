"""Phone numbers are PHI: mask them for logs and key them for lookups without keeping them."""

from __future__ import annotations

import hashlib
import hmac


def mask(number: str) -> str:
    """The number as logs may show it: only the last 4 digits."""
    digits = [c for c in number if c.isdigit()]
    return "***" + "".join(digits[-4:]) if len(digits) >= 4 else "***"


def phone_key(number: str, secret_key: str) -> str:
    """A keyed hash of an E.164 number: stable per installation, useless without the secret.

    Used as Rasa's sender id for SMS conversations and for opt-out lookups, so neither the
    tracker store nor the opt-out table holds raw numbers.
    """
    digest = hmac.new(secret_key.encode(), number.encode(), hashlib.sha256).hexdigest()
    return f"sms-{digest[:32]}"
