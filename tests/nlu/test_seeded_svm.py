"""The seeded SVM gives the same confidences whatever state numpy's global generator is in."""

from __future__ import annotations

from pathlib import Path
from typing import List

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.seeded_svm import SeededSklearnIntentClassifier
from tests.nlu.test_complaint_head import featurised


def overlapping_intents() -> TrainingData:
    """Three intents whose points overlap, so Platt scaling's folds change the confidences."""
    rng = np.random.default_rng(3)
    examples: List[Message] = []
    for index in range(15):
        for intent, centre in (("a", 0.0), ("b", 0.6), ("c", 1.2)):
            examples.append(featurised(f"{intent}{index}", rng.normal(centre, 0.5, 8), intent))
    return TrainingData(examples)


def confidences(tmp_path: Path, global_seed: int) -> List[float]:
    np.random.seed(global_seed)  # what other components left in numpy's global generator
    storage = tmp_path / str(global_seed)
    storage.mkdir()
    classifier = SeededSklearnIntentClassifier.create(
        {**SeededSklearnIntentClassifier.get_default_config(), "C": [1]},
        LocalModelStorage(storage),
        Resource("svm"),
        ExecutionContext(node_name="svm", graph_schema=None),  # type: ignore[arg-type]
    )
    classifier.train(overlapping_intents())
    [message] = classifier.process([featurised("probe", np.full(8, 0.6))])
    return [entry["confidence"] for entry in message.get(INTENT_RANKING_KEY)]


def test_the_same_data_gives_the_same_confidences(tmp_path: Path) -> None:
    first = confidences(tmp_path, global_seed=1)
    assert confidences(tmp_path, global_seed=2) == first
    assert len(first) == 3 and abs(sum(first) - 1.0) < 1e-6
