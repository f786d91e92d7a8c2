"""Is a message written in a language the bot cannot read?

The model, the intake and its questions are English. A patient who wrote in Spanish, the most
common other language in US offices, got the English "I can't help with that" menu, and one who
wrote in Chinese or Arabic the same. The safety screen already reads Spanish dangers; this tells
the dialogue to answer everything else in English and Spanish: how to reach a person, 911, 988.

Two checks, cheapest first:
- Mostly non-Latin letters (Chinese, Arabic, Cyrillic, Korean, ...): another language, surely.
- Latin letters: lingua (a well-kept n-gram detector, all offline) chooses between English and
  Spanish only, and the message counts as Spanish when it is sure (`SPANISH_CONFIDENCE`). Short
  English texting ("u r so rude smh", "tmrw at 3pm") and English with a Spanish name or word
  ("I went to la clinica on Monday") stay English; a one-word "gracias" may not, and the
  bilingual answer costs such a patient nothing.
"""

from __future__ import annotations

import unicodedata
from enum import Enum
from functools import lru_cache
from typing import Optional

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from bot.nlu.policy import NON_LATIN_SHARE, SPANISH_CONFIDENCE

# Where `bot.nlu.language` puts the language of such a message on the parse.
LANGUAGE_KEY = "language"


class Foreign(str, Enum):
    """The language a message is in, when it is not English."""

    SPANISH = "es"
    OTHER = "other"


def foreign_language(text: str) -> Optional[Foreign]:
    """The language of `text` when the bot cannot read it; None for English (or no letters)."""
    letters = [character for character in text if character.isalpha()]
    if not letters:
        return None
    latin = sum(1 for character in letters if unicodedata.name(character, "").startswith("LATIN"))
    if latin < len(letters) * (1 - NON_LATIN_SHARE):
        return Foreign.OTHER
    spanish = detector().compute_language_confidence(text, Language.SPANISH)
    return Foreign.SPANISH if spanish >= SPANISH_CONFIDENCE else None


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """English against Spanish, models loaded once (about 100 MB, under half a second)."""
    return (
        LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)
        .with_preloaded_language_models()
        .build()
    )
