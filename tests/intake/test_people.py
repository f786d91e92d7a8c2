"""Staff roles named in a story count as "who was involved"."""

from __future__ import annotations

import pytest

from bot.intake.people import staff_roles


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("the nurse gave my dad the wrong tablets yesterday", ["the nurse"]),
        ("The Receptionist was rude and then the doctor ignored me", ["The Receptionist", "the doctor"]),
        ("my nurse practitioner never called back", ["my nurse practitioner"]),
        ("your front desk staff hung up on me", ["your front desk staff"]),
        ("the billing office charged me twice, the billing office!", ["the billing office"]),
        ("the   pharmacist gave me the wrong pills", ["the pharmacist"]),
    ],
)
def test_roles_with_a_definite_determiner_are_found_as_written(text: str, roles: list) -> None:
    assert staff_roles(text) == roles


@pytest.mark.parametrize(
    "text",
    [
        "they lost my referral to the heart doctor",
        "I want to see a doctor sooner",
        "my ma told me to complain",
        "the parking lot is always full",
        "",
    ],
)
def test_other_mentions_are_not_taken(text: str) -> None:
    assert staff_roles(text) == []
