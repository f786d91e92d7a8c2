"""`SeededSklearnIntentClassifier`: Rasa's SVM intent classifier, trained the same way every time.

The SVM's probabilities come from Platt scaling, which sklearn fits on shuffled folds. With no
`random_state`, the shuffle draws from numpy's global generator, whose state depends on what ran
before in the process: a `bot train` that restored the fine-tuned encoder from Rasa's cache gave
different confidences from one that trained it, and the evaluation figures moved by up to a point
on the same data. A fixed seed makes the same data give the same model, so figures measured here
and in CI can be compared. Examples that teach urgency or entities alone (`bot.nlu.teaching`)
stay out.
"""

from __future__ import annotations

from typing import Any, Dict

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.sklearn_intent_classifier import SklearnIntentClassifier
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.model_selection import GridSearchCV

from bot.nlu.teaching import intent_training


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SeededSklearnIntentClassifier(SklearnIntentClassifier):
    """`SklearnIntentClassifier` with a fixed seed for its probability calibration, trained on
    the examples that teach an intent."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Rasa's defaults plus `random_seed`."""
        return {**SklearnIntentClassifier.get_default_config(), "random_seed": 42}

    def _create_classifier(self, num_threads: int, y: np.ndarray) -> GridSearchCV:
        search: GridSearchCV = super()._create_classifier(num_threads, y)
        search.estimator.set_params(random_state=self.component_config["random_seed"])
        return search

    def train(self, training_data: TrainingData) -> Resource:
        """Rasa's training on the examples that teach an intent."""
        return super().train(intent_training(training_data))
