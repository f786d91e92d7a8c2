"""`LanguageScreen`: a message the bot cannot read is answered as such, not guessed at.

The intent model is English. On a Spanish or Chinese message it still ranks its intents, and the
dialogue then started an English intake or showed the English menu. When
`bot.triage.language` finds another language, the dialogue intent becomes `out_of_scope`, whose
action answers in English and Spanish (a person at the office, 911, 988), and the parse carries
`language`. The ranking stays as the model gave it, so the triage (`bot triage`, the urgency
kept for a case) reads the message as before, and `SafetyScreen`, which runs next, still turns
a danger its Spanish rules find into 911 / 988 guidance.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.parse_step import ParseStep
from bot.nlu.safety import OUT_OF_SCOPE
from bot.triage.language import LANGUAGE_KEY, detector, foreign_language


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageScreen(ParseStep):
    """Mark messages in another language and route them to the bilingual answer."""

    def __init__(self) -> None:
        """Load the language models with the bot, not on the first patient's message."""
        detector()

    def process(self, messages: List[Message]) -> List[Message]:
        """Mark each message in another language; leave English ones untouched."""
        for message in messages:
            language = foreign_language(message.get(TEXT) or "")
            if language is None:
                continue
            message.set(LANGUAGE_KEY, language.value, add_to_output=True)
            unread = {INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, unread, add_to_output=True)
        return messages
