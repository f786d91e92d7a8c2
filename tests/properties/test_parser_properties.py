"""Properties of the parsers that read patient text: dates, phone numbers, emails, SMS keywords
and case reference numbers. Each takes any text without raising and finds what is there."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cases.reference import case_id_from_reference, reference_for
from bot.intake.contact import find_email, find_phone, valid_email
from bot.intake.dates import parse_when
from bot.settings import parse_phone
from bot.sms.keywords import HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS, Keyword, keyword_of
from tests.properties.strategies import BOUNDED, adversarial_text

TODAY = date(2026, 12, 7)
E164 = re.compile(r"^\+\d{8,15}$")
# Words without digits, @ or date words: filler around what a parser must find.
filler = st.lists(
    st.sampled_from(["the", "desk", "was", "rude", "please", "thanks", "bill"]), max_size=6
).map(" ".join)
blanks = st.sampled_from(["", " ", "  ", "\t", "\n", "\u00a0"])


def any_case(word: str) -> st.SearchStrategy[str]:
    """`word` with each ASCII letter upper or lower case."""
    return st.tuples(*(st.sampled_from(sorted({c.lower(), c.upper()})) for c in word)).map("".join)


# --- dates ----------------------------------------------------------------------------------


# dateparser is slow on long text; dates are short answers, so shorter text and fewer examples.
@settings(max_examples=25, deadline=None)
@given(adversarial_text(max_chars=300))
def test_parse_when_takes_any_text_and_flags_every_future_day(text: str) -> None:
    when = parse_when(text, TODAY)
    if when is not None and when.day is not None and when.day > TODAY:
        assert when.in_future


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=2, max_value=60), blanks)
def test_days_ago_is_that_many_days_back(days: int, blank: str) -> None:
    when = parse_when(f"{blank}{days} days ago{blank}", TODAY)
    assert when is not None and when.day == TODAY - timedelta(days=days) and not when.in_future


# --- phones ---------------------------------------------------------------------------------


@settings(**BOUNDED)
@given(adversarial_text(max_chars=1000))
def test_find_phone_returns_nothing_or_a_dialable_e164_number(text: str) -> None:
    phone = find_phone(text, "US")
    if phone is not None:
        assert E164.match(phone)
        assert parse_phone(phone) == phone


@settings(**BOUNDED)
@given(
    st.sampled_from(["212", "312", "415", "617", "713"]),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(
        ["({a}) 555-{n}", "{a}-555-{n}", "{a}.555.{n}", "+1 {a} 555 {n}", "1{a}555{n}"]
    ),
    filler,
    filler,
)
def test_a_written_us_number_is_found_in_any_format(
    area: str, last: int, shape: str, before: str, after: str
) -> None:
    number = shape.format(a=area, n=f"01{last:02d}")
    assert find_phone(f"{before} {number} {after}", "US") == f"+1{area}55501{last:02d}"


# --- emails ---------------------------------------------------------------------------------


@settings(**BOUNDED)
@given(adversarial_text(max_chars=1000))
def test_valid_email_is_none_or_a_normal_form_that_stays_put(text: str) -> None:
    for candidate in (text, *text.split()):
        email = valid_email(candidate)
        if email is not None:
            assert email.count("@") >= 1 and not any(c.isspace() for c in email)
            assert valid_email(email) == email
    found = find_email(text)
    assert found is None or valid_email(found) == found


label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)


@settings(**BOUNDED)
@given(
    st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9._+-]{0,12}[A-Za-z0-9])?", fullmatch=True),
    st.lists(label, min_size=1, max_size=3),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
    st.booleans(),
    filler,
)
def test_an_address_is_found_with_its_domain_lower_cased(
    local: str, labels: list[str], tld: str, shout: bool, before: str
) -> None:
    domain = ".".join([*labels, tld])
    written = f"{local}@{domain.upper() if shout else domain}"
    assert valid_email(written) == f"{local}@{domain}"
    assert find_email(f"{before} {written}, thanks") == f"{local}@{domain}"


# --- SMS keywords ---------------------------------------------------------------------------

KEYWORDS = (
    *((word, Keyword.OPT_OUT) for word in OPT_OUT_WORDS),
    *((word, Keyword.OPT_IN) for word in OPT_IN_WORDS),
    *((word, Keyword.HELP) for word in HELP_WORDS),
)


@settings(**BOUNDED)
@given(
    st.sampled_from(KEYWORDS).flatmap(lambda pair: st.tuples(any_case(pair[0]), st.just(pair[1]))),
    blanks,
    blanks,
)
def test_a_keyword_alone_is_recognised_in_any_case_and_spacing(
    written: tuple[str, Keyword], left: str, right: str
) -> None:
    word, keyword = written
    assert keyword_of(f"{left}{word}{right}") is keyword


@settings(**BOUNDED)
@given(
    st.sampled_from(sorted(OPT_OUT_WORDS | OPT_IN_WORDS | HELP_WORDS)),
    st.sampled_from(["please", "now", "me", "!", "?"]),
)
def test_a_keyword_inside_a_sentence_is_not_a_keyword(word: str, other: str) -> None:
    assert keyword_of(f"{word} {other}") is None
    assert keyword_of(f"{other} {word}") is None


@settings(**BOUNDED)
@given(adversarial_text())
def test_keyword_of_takes_any_text(text: str) -> None:
    keyword = keyword_of(text)
    assert keyword is None or text.strip().upper() in OPT_OUT_WORDS | OPT_IN_WORDS | HELP_WORDS


# --- reference numbers ----------------------------------------------------------------------


@settings(**BOUNDED)
@given(
    st.integers(min_value=1, max_value=100_000),
    st.sampled_from(["{r}", "{r}.", "c{n}", "C {n}", "c-{n}", "#{n}", "{n}", "(C-{n})"]),
    filler,
    filler,
)
def test_a_reference_is_found_however_it_is_written(
    case_id: int, shape: str, before: str, after: str
) -> None:
    reference = reference_for(case_id)
    written = shape.format(r=reference, n=reference[2:])
    assert case_id_from_reference(f"{before} {written} {after}") == case_id


@settings(**BOUNDED)
@given(adversarial_text())
def test_case_id_from_reference_takes_any_text(text: str) -> None:
    case_id = case_id_from_reference(text)
    assert case_id is None or case_id > 0
