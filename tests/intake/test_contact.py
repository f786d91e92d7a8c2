"""Contact details: phone numbers through phonenumbers, plausible email addresses."""

from __future__ import annotations

import pytest

from bot.intake.contact import Contact, find_contact, find_phone, valid_email


@pytest.mark.parametrize(
    "text", ["555-555-0123", "(555) 555-0123", "call me on +1 555 555 0123 please"]
)
def test_phone_numbers_in_many_formats(text: str) -> None:
    assert find_phone(text, "US") == "+15555550123"


@pytest.mark.parametrize("text", ["12345", "call me", "555-01", "555-0123", "my cell is 555 0123"])
def test_no_phone_in_text_without_a_valid_number(text: str) -> None:
    assert find_phone(text, "US") is None


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("Pat@Example.COM", "Pat@example.com"),
        ("pat.lee+x@mail.example.org.", "pat.lee+x@mail.example.org"),
    ],
)
def test_valid_emails_are_normalised(candidate: str, expected: str) -> None:
    assert valid_email(candidate) == expected


@pytest.mark.parametrize(
    "candidate", ["pat@", "@example.com", "pat@example", "pat@exa mple.com", "pat"]
)
def test_invalid_emails(candidate: str) -> None:
    assert valid_email(candidate) is None


def test_entities_come_first_then_the_text() -> None:
    assert find_contact("x", "US", {"email": ["pat@example.com"]}) == Contact(
        email="pat@example.com"
    )
    assert find_contact("x", "US", {"phone_number": ["555 555 0142"]}) == Contact(
        phone="+15555550142"
    )
    assert find_contact("mail me at pat@example.com", "US", {}) == Contact(email="pat@example.com")
    assert find_contact("no details here", "US", {}) is None
