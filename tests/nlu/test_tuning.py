"""Fine-tuning MiniLM, and the featurizer that trains, stores and reloads the tuned encoder."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Tuple

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.featurizer import GRAPH_FILE, MiniLMFeaturizer, tuning_config
from bot.nlu.minilm import load_tokenizer, load_weights, shared_encoder
from bot.nlu.tuning import TuningConfig, _TrainableEncoder, batches, fine_tune, pad

EXAMPLES: List[Tuple[str, str]] = [
    ("the receptionist was rude and rolled her eyes at me", "complaint_staff_communication"),
    ("nobody at the front desk would explain anything", "complaint_staff_communication"),
    ("the nurse snapped at me when I asked a question", "complaint_staff_communication"),
    ("the doctor missed my broken wrist on the x-ray", "complaint_clinical_care"),
    ("I was given the wrong diagnosis and got worse", "complaint_clinical_care"),
    ("the doctor never examined me before prescribing", "complaint_clinical_care"),
]
# Fast enough for a unit test and strong enough to move the vectors measurably.
QUICK = TuningConfig(epochs=4, learning_rate=1e-4, batch_size=3, dropout=0.0)


@pytest.fixture(scope="module")
def weights() -> Dict[str, np.ndarray]:
    return load_weights()


def separation(vectors: np.ndarray, labels: List[str]) -> float:
    """Mean cosine within an intent minus mean cosine across intents."""
    similarity = vectors @ vectors.T
    same = [similarity[i, j] for i in range(len(labels)) for j in range(i) if labels[i] == labels[j]]
    other = [similarity[i, j] for i in range(len(labels)) for j in range(i) if labels[i] != labels[j]]
    return float(np.mean(same) - np.mean(other))


def sentences(weights: Dict[str, np.ndarray], texts: List[str]) -> np.ndarray:
    ids, mask = pad(load_tokenizer(), texts)
    return np.asarray(_TrainableEncoder(weights, 0.0).sentences(ids, mask, training=False))


def test_the_trainable_encoder_computes_what_the_served_graph_computes(
    weights: Dict[str, np.ndarray],
) -> None:
    texts = ["yes", "the nurse never called me back about my blood test results, twice"]
    padded = sentences(weights, texts)
    served = np.stack([encoded.sentence for encoded in shared_encoder().encode(texts)])
    assert np.allclose(padded, served, atol=1e-4)


def test_fine_tuning_pulls_each_intent_together(weights: Dict[str, np.ndarray]) -> None:
    texts, labels = [text for text, _ in EXAMPLES], [intent for _, intent in EXAMPLES]
    tuned = fine_tune(weights, load_tokenizer(), EXAMPLES, QUICK)
    before = separation(sentences(weights, texts), labels)
    after = separation(sentences(tuned, texts), labels)
    assert after > before + 0.05
    assert set(tuned) == set(weights)
    assert np.array_equal(tuned["pooler.dense.weight"], weights["pooler.dense.weight"])
    assert not np.array_equal(
        tuned["encoder.layer.5.output.dense.weight"], weights["encoder.layer.5.output.dense.weight"]
    )


def test_nothing_to_learn_leaves_the_weights_alone(weights: Dict[str, np.ndarray]) -> None:
    tokenizer = load_tokenizer()
    unchanged = fine_tune(weights, tokenizer, EXAMPLES, TuningConfig(epochs=0))
    assert all(unchanged[name] is weights[name] for name in weights)
    one_intent = [(text, "greet") for text, _ in EXAMPLES]
    assert all(fine_tune(weights, tokenizer, one_intent)[name] is weights[name] for name in weights)


def featurizer(storage: LocalModelStorage, **config: Any) -> MiniLMFeaturizer:
    full = {**MiniLMFeaturizer.get_default_config(), "alias": "minilm", **config}
    context = ExecutionContext(graph_schema=None, node_name="minilm")  # type: ignore[arg-type]
    return MiniLMFeaturizer.create(full, storage, Resource("minilm"), context)


def loaded(storage: LocalModelStorage, **config: Any) -> MiniLMFeaturizer:
    full = {**MiniLMFeaturizer.get_default_config(), "alias": "minilm", **config}
    context = ExecutionContext(graph_schema=None, node_name="minilm")  # type: ignore[arg-type]
    return MiniLMFeaturizer.load(full, storage, Resource("minilm"), context)


def sentence_of(component: MiniLMFeaturizer, text: str) -> np.ndarray:
    message = Message(data={TEXT: text})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    component.process([message])
    _, sentence = message.get_dense_features(TEXT)
    assert sentence is not None
    return np.asarray(sentence.features[0])


def test_the_trained_encoder_is_stored_and_served_after_loading(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    settings = {"epochs": 4, "learning_rate": 1e-4, "batch_size": 3, "dropout": 0.0}
    trainer = featurizer(storage, **settings)
    data = TrainingData([Message(data={TEXT: text, INTENT: intent}) for text, intent in EXAMPLES])
    trainer.train(data)
    text = "the receptionist hung up on me"
    tuned = sentence_of(trainer, text)
    served = sentence_of(loaded(storage, **settings), text)
    pretrained = sentence_of(featurizer(LocalModelStorage(tmp_path / "other")), text)
    assert np.allclose(tuned, served, atol=1e-6)
    assert not np.allclose(tuned, pretrained, atol=1e-3)


def test_with_no_epochs_the_pretrained_encoder_serves(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    trainer = featurizer(storage, epochs=0)
    trainer.train(TrainingData([Message(data={TEXT: t, INTENT: i}) for t, i in EXAMPLES]))
    with storage.read_from(Resource("minilm")) as directory:
        assert not (directory / GRAPH_FILE).exists()
    text = "my bill is wrong"
    assert np.allclose(
        sentence_of(loaded(storage, epochs=0), text), shared_encoder().encode([text])[0].sentence
    )


def test_batches_cover_every_example_once_and_group_similar_lengths() -> None:
    rng = np.random.default_rng(7)
    lengths = rng.integers(2, 120, size=1000)
    epoch = batches(lengths, batch_size=32, window=16, rng=np.random.default_rng(3))
    flat = np.concatenate(epoch)
    assert sorted(flat.tolist()) == list(range(1000))
    assert all(0 < len(batch) <= 32 for batch in epoch)

    def padded(cut: List[np.ndarray]) -> int:
        return sum(int(lengths[batch].max()) * len(batch) for batch in cut)

    shuffled = np.random.default_rng(3).permutation(1000)
    random_cut = [shuffled[start : start + 32] for start in range(0, 1000, 32)]
    assert padded(epoch) < 0.7 * padded(random_cut)


def test_batches_differ_from_epoch_to_epoch() -> None:
    lengths = np.arange(200) % 50
    rng = np.random.default_rng(0)
    first, second = batches(lengths, 8, 4, rng), batches(lengths, 8, 4, rng)
    assert [batch.tolist() for batch in first] != [batch.tolist() for batch in second]


def test_settings_come_from_the_component_config() -> None:
    assert tuning_config({"epochs": 1, "learning_rate": 1e-5, "alias": "x"}) == TuningConfig(
        epochs=1, learning_rate=1e-5
    )
    with pytest.raises(ValueError, match="epochs"):
        MiniLMFeaturizer.validate_config({"epochs": -1})
