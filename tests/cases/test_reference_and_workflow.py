"""Reference numbers and the status workflow."""

from __future__ import annotations

import pytest

from bot.cases.reference import case_id_from_reference, reference_for
from bot.cases.vocabulary import Status
from bot.cases.workflow import ALLOWED, TransitionError, check_transition


def test_reference_round_trip() -> None:
    assert reference_for(42) == "C-1042"
    for text in ("C-1042", "c1042", "case #1042 please", "1042", "what about c 1042?"):
        assert case_id_from_reference(text) == 42, text


@pytest.mark.parametrize("text", ["", "no number here", "C-12", "C-0999", "999"])
def test_no_reference(text: str) -> None:
    assert case_id_from_reference(text) is None


def test_every_status_has_a_way_forward_or_back() -> None:
    assert set(ALLOWED) == set(Status)
    for status, targets in ALLOWED.items():
        assert targets, status
        assert status not in targets


def test_cannot_skip_back_to_new() -> None:
    with pytest.raises(TransitionError):
        check_transition(Status.RESOLVED, Status.NEW)
    with pytest.raises(TransitionError):
        check_transition(Status.CLOSED, Status.RESOLVED)
    check_transition(Status.NEW, Status.RESOLVED)
