"""Bot messages rendered as SMS, keywords, and the protected number store."""

from __future__ import annotations

from typing import Optional, Sequence

import pytest
from cryptography.fernet import Fernet

from bot.channels import sms_format
from bot.channels.stores import fernet_for
from bot.db.engine import unit_of_work
from bot.db.types import utcnow
from bot.notify.outbox import SMS_MAX_CHARS
from bot.sms import store
from bot.sms.keywords import Keyword, keyword_of
from bot.sms.models import ContactRow
from bot.sms.store import Choice
from bot.wiring import Services


def reply_line(choices: Sequence[Choice]) -> Optional[str]:
    return f"Reply {sms_format.numbered(choices)}."


def test_buttons_become_numbered_choices_and_payloads_stay_hidden() -> None:
    body, choices = sms_format.render_message(
        {
            "text": "Is this summary right?",
            "buttons": [
                {"title": "Yes", "payload": "/affirm"},
                {"title": "Change it", "payload": "/inform"},
                {"title": "", "payload": "/broken"},
            ],
        },
        reply_line,
    )
    assert body == "Is this summary right?\nReply 1 for Yes, 2 for Change it."
    assert [c.payload for c in choices] == ["/affirm", "/inform"]


def test_images_are_dropped_and_custom_payloads_keep_only_their_text() -> None:
    image_only, _ = sms_format.render_message({"image": "https://example.org/x.png"}, reply_line)
    custom, _ = sms_format.render_message(
        {"custom": {"text": "Your reference is C-1042.", "card": {"x": 1}}}, reply_line
    )
    assert image_only is None
    assert custom == "Your reference is C-1042."


def test_a_turn_is_packed_into_as_few_sms_as_fit_without_splitting_on_blank_lines() -> None:
    parts = ["First paragraph.\n\nSecond paragraph.", "Next message."]
    assert sms_format.pack(parts) == ["First paragraph.\n\nSecond paragraph.\n\nNext message."]
    long_parts = ["a" * 1000, "b" * 1000, "c" * 3000]
    bodies = sms_format.pack(long_parts)
    assert [len(b) for b in bodies] == [1000, 1000, SMS_MAX_CHARS]
    assert bodies[2].endswith("\u2026")
    assert all(len(body) <= SMS_MAX_CHARS for body in bodies)


def test_truncation_cuts_at_a_word_and_keeps_emoji_whole() -> None:
    text = "😀 word " * 400
    cut = sms_format.truncate(text)
    assert len(cut) <= SMS_MAX_CHARS
    assert cut.endswith("word\u2026") or cut.endswith("😀\u2026")
    assert sms_format.truncate("short") == "short"


@pytest.mark.parametrize(
    ("body", "keyword"),
    [
        ("STOP", Keyword.OPT_OUT),
        (" stopall ", Keyword.OPT_OUT),
        ("Unsubscribe", Keyword.OPT_OUT),
        ("cancel\n", Keyword.OPT_OUT),
        ("end", Keyword.OPT_OUT),
        ("QuIt", Keyword.OPT_OUT),
        ("start", Keyword.OPT_IN),
        ("UNSTOP", Keyword.OPT_IN),
        ("Help", Keyword.HELP),
        ("please stop calling me", None),
        ("stop!", None),
        ("", None),
    ],
)
def test_keywords_are_whole_messages_in_any_case(body: str, keyword: Optional[Keyword]) -> None:
    assert keyword_of(body) is keyword


def test_the_number_behind_a_sender_id_is_stored_encrypted(services: Services) -> None:
    fernet = fernet_for(services.settings.secret_key, store.FERNET_PURPOSE)
    with unit_of_work(services.sessions) as session:
        store.remember_contact(session, "sms-key-1", "+15555550144", fernet, utcnow())
    with unit_of_work(services.sessions) as session:
        row = session.get(ContactRow, "sms-key-1")
        assert row is not None and "5555550144" not in str(row.phone_ciphertext)
        assert store.number_for(session, "sms-key-1", fernet) == "+15555550144"
        assert store.number_for(session, "sms-key-1", Fernet(Fernet.generate_key())) is None
        assert store.number_for(session, "unknown", fernet) is None
        assert store.claim_first_notice(session, "sms-key-1", utcnow())
        assert not store.claim_first_notice(session, "sms-key-1", utcnow())
