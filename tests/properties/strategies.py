"""Hypothesis strategies for hostile patient text: long repeats, nested brackets, mixed scripts,
invisible and bidi characters, and the words the parsers and the screen react to."""

from __future__ import annotations

from hypothesis import strategies as st

# Bounded runs: every property runs on each commit, so the suite must stay fast.
BOUNDED = {"max_examples": 60, "deadline": None}

SCRIPTS = (
    "hello",
    "привет",
    "γειά",
    "مرحبا",
    "שלום",
    "你好",
    "こんにちは",
    "안녕",
    "😡🚑💊",
    "e\u0301",
    "\u200b\u200d\u2060",
    "\u202e\u2066\u2069",
    "\u2019\u201c\u201d\u2014",
    "\uff21\uff22\uff23\uff11\uff12\uff13",
)
WORDS = (
    "not",
    "no",
    "never",
    "i'm",
    "im",
    "cant",
    "can not",
    "dying",
    "kill",
    "myself",
    "die",
    "breathe",
    "911",
    "988",
    "chest",
    "pain",
    "yesterday",
    "last",
    "week",
    "ago",
    "tuesday",
    "call",
    "me",
    "at",
    "555-0142",
    "(212)",
    "+1",
    "@",
    ".",
    ",",
    "!",
    "?",
    "C-1042",
    "#1042",
    "STOP",
    "help",
    "but",
    "and",
    "now",
    "\n",
)

fragments = st.one_of(
    st.sampled_from(SCRIPTS),
    st.sampled_from(WORDS),
    st.text(max_size=12),
)


@st.composite
def adversarial_text(draw: st.DrawFn, max_chars: int = 5000) -> str:
    """Text of up to `max_chars` characters built the ways hostile or broken input looks."""
    shape = draw(st.sampled_from(["mixture", "repeat", "nested", "unicode"]))
    if shape == "repeat":
        unit = draw(fragments.filter(bool))
        text = (unit + draw(st.sampled_from(["", " ", ", ", ". "]))) * draw(st.integers(1, 2000))
    elif shape == "nested":
        depth = draw(st.integers(1, 1500))
        opening, closing = draw(st.sampled_from(["()", "[]", "{}", "<>", "“”", "«»"]))
        text = opening * depth + draw(fragments) + closing * draw(st.integers(0, depth))
    elif shape == "unicode":
        text = draw(st.text(min_size=0, max_size=400))
    else:
        text = " ".join(draw(st.lists(fragments, max_size=80)))
    return text[:max_chars]
