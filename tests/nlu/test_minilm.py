"""The MiniLM encoder and the Rasa featurizer built on it, with the real shipped weights."""

from __future__ import annotations

from typing import Any, Dict

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.special import erf

from bot.nlu.encoder import PARALLEL_FROM
from bot.nlu.featurizer import MiniLMFeaturizer, token_vectors
from bot.nlu.minilm import LAYERS, load_weights, pretrained_encoder, shared_encoder


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_sentence_vectors_are_normalised_and_carry_meaning() -> None:
    wait, long_wait, bill, weather = (
        e.sentence
        for e in shared_encoder().encode(
            [
                "I sat in the waiting room for three hours",
                "the wait before my appointment was far too long",
                "they charged my card twice for one visit",
                "it is sunny at the beach today",
            ]
        )
    )
    assert abs(float(np.linalg.norm(wait)) - 1.0) < 1e-5
    assert cosine(wait, long_wait) > cosine(wait, bill) + 0.2
    assert cosine(wait, long_wait) > cosine(wait, weather) + 0.2


def reference_forward(weights: Dict[str, np.ndarray], ids: np.ndarray) -> np.ndarray:
    """BERT written out in numpy, independently of the compiled graph, as the test oracle."""

    def dense(x: np.ndarray, name: str) -> np.ndarray:
        return x @ weights[name + ".weight"].T + weights[name + ".bias"]

    def norm(x: np.ndarray, name: str) -> np.ndarray:
        centred = x - x.mean(axis=-1, keepdims=True)
        scale = np.sqrt(x.var(axis=-1, keepdims=True) + 1e-12)
        return centred / scale * weights[name + ".weight"] + weights[name + ".bias"]

    length = len(ids)
    x = (
        weights["embeddings.word_embeddings.weight"][ids]
        + weights["embeddings.position_embeddings.weight"][:length]
        + weights["embeddings.token_type_embeddings.weight"][0]
    )
    x = norm(x, "embeddings.LayerNorm")
    for index in range(LAYERS):
        p = f"encoder.layer.{index}."
        q, k, v = (
            dense(x, p + f"attention.self.{n}").reshape(length, 12, 32).transpose(1, 0, 2)
            for n in ("query", "key", "value")
        )
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(32)
        attention = np.exp(scores - scores.max(axis=-1, keepdims=True))
        attention /= attention.sum(axis=-1, keepdims=True)
        context = (attention @ v).transpose(1, 0, 2).reshape(length, 384)
        x = norm(x + dense(context, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        inner = dense(x, p + "intermediate.dense")
        inner = 0.5 * inner * (1.0 + erf(inner / np.sqrt(2.0)))
        x = norm(x + dense(inner, p + "output.dense"), p + "output.LayerNorm")
    return x


def test_the_compiled_graph_computes_bert_exactly() -> None:
    encoder = shared_encoder()
    weights = load_weights()
    for text in ("yes", "The nurse never called me back about my blood test results."):
        encoded = encoder.encode([text])[0]
        ids = np.asarray(encoder._tokenizer.encode(text).ids)
        assert np.allclose(encoded.pieces, reference_forward(weights, ids), atol=1e-4)


def test_the_compiled_graph_is_kept_and_reused(tmp_path: Any) -> None:
    first = pretrained_encoder(tmp_path)
    kept = list(tmp_path.glob("minilm-*.tflite"))
    assert len(kept) == 1 and not list(tmp_path.glob("*.tmp"))
    stamp = kept[0].stat().st_mtime_ns
    second = pretrained_encoder(tmp_path)
    assert kept[0].stat().st_mtime_ns == stamp
    text = ["they lost my referral"]
    assert np.array_equal(first.encode(text)[0].sentence, second.encode(text)[0].sentence)


def test_a_long_list_is_shared_between_two_interpreters_with_the_same_numbers() -> None:
    encoder = shared_encoder()
    story = "The nurse never called me back about my blood test results from last week, twice."
    texts = [story[: 6 + 2 * index] for index in range(PARALLEL_FROM * 2 + 1)]
    alone = [encoder.encode([text])[0] for text in texts]
    together = encoder.encode(texts)
    assert len(together) == len(texts)
    for single, shared in zip(alone, together, strict=True):
        assert np.array_equal(single.pieces, shared.pieces)
        assert np.array_equal(single.sentence, shared.sentence)
        assert single.offsets == shared.offsets


def test_empty_emoji_and_long_text_encode() -> None:
    empty, emoji, long_text = shared_encoder().encode(["", "😡😡", "word " * 2000])
    assert empty.sentence.shape == (384,)
    assert np.isfinite(emoji.sentence).all()
    assert long_text.pieces.shape[0] <= 256


def tokenized(text: str) -> Message:
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    return message


def test_every_token_gets_the_vectors_of_its_word_pieces() -> None:
    message = tokenized("Dr. Okafor's receptionist was unbelievably rude!!")
    tokens = message.get(TOKENS_NAMES[TEXT])
    encoded = shared_encoder().encode([message.get(TEXT)])[0]
    vectors = token_vectors(tokens, encoded)
    assert vectors.shape == (len(tokens), 384)
    assert all(np.linalg.norm(row) > 0 for row in vectors)


def test_featurizer_adds_sequence_and_sentence_features(tmp_path: Any) -> None:
    config: Dict[str, Any] = {**MiniLMFeaturizer.get_default_config(), "alias": "minilm"}
    featurizer = MiniLMFeaturizer.create(
        config,
        LocalModelStorage(tmp_path),
        Resource("minilm"),
        ExecutionContext(graph_schema=None, node_name="minilm"),  # type: ignore[arg-type]
    )
    message = tokenized("my bill shows a charge I do not recognise")
    featurizer.process([message])
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is not None and sentence is not None
    assert sequence.features.shape == (len(message.get(TOKENS_NAMES[TEXT])), 384)
    assert sentence.features.shape == (1, 384)


@pytest.mark.parametrize("text", ["", "   "])
def test_messages_without_tokens_are_left_alone(text: str, tmp_path: Any) -> None:
    message = Message(data={TEXT: text})
    MiniLMFeaturizer.create(
        {**MiniLMFeaturizer.get_default_config(), "alias": "m"},
        LocalModelStorage(tmp_path),
        Resource("m"),
        ExecutionContext(graph_schema=None, node_name="m"),  # type: ignore[arg-type]
    ).process([message])
    assert message.get_dense_features(TEXT) == (None, None)
