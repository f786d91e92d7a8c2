"""`ParseStep`: the shape of a pipeline step that only adjusts each parse.

`LanguageScreen` and `SafetyScreen` run after the intent classifiers, have nothing to train,
store or configure, and change what the dialogue reads; their rules live in `bot.triage`. This
base holds what Rasa asks of every such component, so each screen is its `process` alone.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from typing_extensions import Self


class ParseStep(GraphComponent, IntentClassifier):
    """A non-trainable step after the intent classifiers."""

    @classmethod
    def required_components(cls) -> List[type]:
        """Runs after an intent classifier, whose choice it reads."""
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """No options: the rules live in `bot.triage`."""
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        """Build the component (nothing to train or load)."""
        return cls()
