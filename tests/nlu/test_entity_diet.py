"""Which examples DIET learns entities from: all annotated ones and a fixed sample of the rest."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import List

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.entity_diet import EntityDIET, InferenceBuiltDIET, entity_training_examples


def examples() -> List[Message]:
    annotated = [
        Message(
            data={
                TEXT: f"it was Dr Patel on day {day}",
                INTENT: "inform",
                ENTITIES: [{"start": 7, "end": 15, "value": "Dr Patel", "entity": "person"}],
            }
        )
        for day in range(5)
    ]
    plain = [
        Message(data={TEXT: f"the wait was {hours} hours", INTENT: "complaint_scheduling_wait"})
        for hours in range(40)
    ]
    return [*plain[:20], *annotated, *plain[20:]]


def test_every_annotated_example_and_a_sample_of_the_rest() -> None:
    kept = entity_training_examples(examples(), unlabelled=10, seed=42)
    assert sum(1 for message in kept if message.get(ENTITIES)) == 5
    plain = [message for message in kept if not message.get(ENTITIES)]
    assert len(plain) == 10
    assert len({message.get(TEXT) for message in plain}) == 10


def test_the_sample_is_the_same_for_the_same_seed() -> None:
    texts = [m.get(TEXT) for m in entity_training_examples(examples(), unlabelled=10, seed=42)]
    again = [m.get(TEXT) for m in entity_training_examples(examples(), unlabelled=10, seed=42)]
    other = [m.get(TEXT) for m in entity_training_examples(examples(), unlabelled=10, seed=7)]
    assert texts == again
    assert texts != other


def test_asking_for_more_than_there_are_keeps_them_all() -> None:
    assert len(entity_training_examples(examples(), unlabelled=1000, seed=42)) == 45


def test_long_examples_without_entities_stay_out_and_annotated_ones_stay_in() -> None:
    """DIET pads a batch to its longest message, so a long post would cost a whole batch."""
    long_plain = Message(data={TEXT: " ".join(["word"] * 41), INTENT: "complaint_other"})
    long_annotated = Message(
        data={
            TEXT: "it was Dr Patel " + " ".join(["again"] * 60),
            INTENT: "inform",
            ENTITIES: [{"start": 7, "end": 15, "value": "Dr Patel", "entity": "person"}],
        }
    )
    kept = entity_training_examples(
        [*examples(), long_plain, long_annotated], unlabelled=1000, seed=42, max_words=40
    )
    assert long_annotated in kept
    assert long_plain not in kept
    assert len(kept) == 46


def featurise(messages: List[Message]) -> List[Message]:
    """Tokens and word counts, as the pipeline gives DIET (the vocabulary is trained once)."""
    context = ExecutionContext(node_name="features", graph_schema=None)  # type: ignore[arg-type]
    storage = LocalModelStorage(Path(tempfile.mkdtemp()))
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    counts = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("counts"), context
    )
    training = TrainingData(messages)
    tokenizer.process_training_data(training)
    counts.train(training)
    counts.process_training_data(training)
    return training.training_examples


def test_a_loaded_model_finds_what_the_trained_one_found(tmp_path: Path) -> None:
    """The load builds DIET's variables by predicting, not by a training step; the restored
    weights must give the trained model's entity tags and confidences, token by token."""
    trained_on = featurise(examples())
    probes = trained_on[15:27]  # annotated and plain texts
    config = {
        **EntityDIET.get_default_config(),
        "intent_classification": False,
        "epochs": 3,
        "transformer_size": 16,
        "number_of_transformer_layers": 1,
        "unlabelled_examples": 20,
        "random_seed": 42,
    }
    storage = LocalModelStorage(tmp_path)
    resource = Resource("diet")
    context = ExecutionContext(node_name="diet", graph_schema=None)  # type: ignore[arg-type]
    trained = EntityDIET.create(config, storage, resource, context)
    trained.train(TrainingData(trained_on))
    loaded = EntityDIET.load(config, storage, resource, context)

    assert isinstance(loaded.model, InferenceBuiltDIET)
    for probe in probes:
        expected, actual = trained._predict(probe), loaded._predict(probe)
        assert expected is not None and actual is not None
        assert actual.keys() == expected.keys()
        for key in ("e_entity_ids", "e_entity_scores"):
            np.testing.assert_array_equal(actual[key], expected[key])
