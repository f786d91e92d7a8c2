"""How the office can reach the patient: a phone number (phonenumbers) or an email address."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from typing import List, Mapping, Optional

import phonenumbers

from bot.settings import dialable

MAX_EMAIL_CHARS = 254


@dataclass(frozen=True)
class Contact:
    """A validated way to reach the patient; exactly one of the two is set."""

    phone: Optional[str] = None
    email: Optional[str] = None


def find_phone(text: str, region: str) -> Optional[str]:
    """The first phone number in `text` the office can dial (`bot.settings.dialable`), in E.164,
    or `None`."""
    matches = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matches:
        if dialable(match.number):
            return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


def valid_email(candidate: str) -> Optional[str]:
    """`candidate` normalised if it is a plausible mailbox address (one @, a dotted domain).

    An address longer than the 254 characters mail allows, or with the parentheses of an RFC 5322
    comment, is refused before `parseaddr`, which recurses once per "(" and raised
    RecursionError on a patient's "((((...@x.com" (found by tests/properties)."""
    cleaned = candidate.strip().strip(".,;")
    if len(cleaned) > MAX_EMAIL_CHARS or "(" in cleaned or ")" in cleaned:
        return None
    _, address = parseaddr(cleaned)
    local, at, domain = address.rpartition("@")
    labels = domain.split(".")
    if not at or not local or any(c.isspace() for c in cleaned) or len(labels) < 2:
        return None
    if not all(label and label.replace("-", "").isalnum() for label in labels):
        return None
    return f"{local}@{domain.lower()}"


def find_email(text: str) -> Optional[str]:
    """The first plausible email address among the words of `text`."""
    for word in text.split():
        if "@" in word:
            email = valid_email(word)
            if email:
                return email
    return None


def find_contact(text: str, region: str, entities: Mapping[str, List[str]]) -> Optional[Contact]:
    """A phone number or an email from the NLU entities, else from the text itself."""
    for value in entities.get("email", []):
        email = valid_email(value)
        if email:
            return Contact(email=email)
    for value in entities.get("phone_number", []):
        phone = find_phone(value, region)
        if phone:
            return Contact(phone=phone)
    email = find_email(text)
    if email:
        return Contact(email=email)
    phone = find_phone(text, region)
    return Contact(phone=phone) if phone else None
