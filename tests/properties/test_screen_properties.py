"""Properties of the safety screen and its normaliser on hostile text: no exception, a stable
normal form, and a crisis sentence still found after any complaint text or script."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cases.vocabulary import Urgency
from bot.triage.patterns import normalise
from bot.triage.screen import screen
from tests.properties.strategies import BOUNDED, SCRIPTS, adversarial_text

COMPLAINT_WORDS = ["the", "bill", "was", "wrong", "front", "desk", "rude", "parking", "my", "visit"]


@settings(**BOUNDED)
@given(adversarial_text())
def test_screen_takes_any_text(text: str) -> None:
    flag = screen(text)
    assert flag is None or (flag.urgency in (Urgency.CRISIS, Urgency.EMERGENCY) and flag.rule)


@settings(**BOUNDED)
@given(adversarial_text())
def test_normalise_is_idempotent_and_tidy(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip() and "  " not in once


@settings(**BOUNDED)
@given(
    st.lists(st.sampled_from(COMPLAINT_WORDS), max_size=40).map(" ".join),
    st.sampled_from(SCRIPTS),
    st.sampled_from([". ", "! ", "? ", "\n"]),
    st.sampled_from(
        ["I want to kill myself", "i WANT to KILL myself", "I   want to kill   myself"]
    ),
)
def test_a_crisis_sentence_is_found_after_any_complaint_or_script(
    complaint: str, script: str, stop: str, crisis: str
) -> None:
    flag = screen(f"{script} {complaint}{stop}{crisis}")
    assert flag is not None and flag.urgency is Urgency.CRISIS
