"""Fine-tuning all-MiniLM-L6-v2 on the team's labelled messages, once per `bot train`.

The pretrained encoder places sentences by topic: "the nurse was rude to me" and "the nurse gave
me the wrong dose" land close together because both are about a nurse, and a linear classifier
on frozen vectors cannot pull apart what the encoder never separated. A few passes over the
labelled examples move the vectors so that the boundaries patients blur (staff communication
vs. clinical care, a long wait vs. an access barrier, harm vs. a bad experience) open up, while
the weights stay close to the pretrained ones, so the encoder keeps what it knew about words
nobody on the team wrote.

The objective is a class-balanced cosine-softmax over the intents: the normalised mean-pooled
sentence vector, the one the classifiers downstream read, against one learnt direction per
intent. (An extra "urgent or not" objective was tried and left out: no clear gain on the
held-out messages.) Training runs on TensorFlow (already part of Rasa) on the CPU: one to two
minutes per pass over two thousand examples on two cores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Sequence, Tuple

import numpy as np
from tokenizers import Tokenizer

from bot.nlu.minilm import bert

# Pretrained parameters the sentence vector does not use (BERT's pooler) stay as they are.
_UNUSED_PREFIX = "pooler."
_MASKED = -1e9


@dataclass(frozen=True)
class TuningConfig:
    """How hard to fine-tune: common BERT fine-tuning values; five passes did no better than
    three on the team's held-out messages."""

    epochs: int = 3
    learning_rate: float = 3e-5
    head_learning_rate: float = 1e-3
    batch_size: int = 32
    dropout: float = 0.1
    # Cosine logits are in [-1, 1]; the scale lets the softmax become confident.
    scale: float = 20.0
    seed: int = 42
    # Batches are cut from windows of this many batches sorted by length (see `batches`).
    window: int = 16


def fine_tune(
    weights: Dict[str, np.ndarray],
    tokenizer: Tokenizer,
    examples: Sequence[Tuple[str, str]],
    config: TuningConfig = TuningConfig(),
) -> Dict[str, np.ndarray]:
    """The weights after fine-tuning on `examples`, (text, intent) pairs; the input dict is left
    untouched. With fewer than two intents or `epochs == 0` the weights come back unchanged.
    """
    intents = sorted({intent for _, intent in examples})
    if config.epochs <= 0 or len(intents) < 2:
        return dict(weights)
    import tensorflow as tf

    tf.random.set_seed(config.seed)
    shuffle = np.random.default_rng(config.seed)
    encoder = _TrainableEncoder(weights, config.dropout)
    labels = np.array([intents.index(intent) for _, intent in examples], dtype=np.int32)
    counts = np.bincount(labels, minlength=len(intents))
    intent_weights = tf.constant(len(labels) / (len(intents) * counts), dtype=tf.float32)
    directions = tf.Variable(tf.random.normal([encoder.width, len(intents)], stddev=0.02))
    biases = tf.Variable(tf.zeros([len(intents)]))
    heads = [directions, biases]
    body_optimizer = tf.keras.optimizers.Adam(config.learning_rate)
    head_optimizer = tf.keras.optimizers.Adam(config.head_learning_rate)
    texts = [text for text, _ in examples]

    body = encoder.variables
    body_optimizer.build(body)
    head_optimizer.build(heads)
    batch_spec = tf.TensorSpec([None, None], tf.int32)
    signature = [batch_spec, batch_spec, tf.TensorSpec([None], tf.int32)]

    # Traced once into a graph: run operation by operation from Python, a step took twice as
    # long on 2 cores (32 texts of 20 pieces: 2.8 s against 1.3 s).
    @tf.function(input_signature=signature, autograph=False)
    def step(ids: Any, mask: Any, truth: Any) -> None:
        with tf.GradientTape() as tape:
            vectors = encoder.sentences(ids, mask, training=True)
            logits = config.scale * tf.matmul(vectors, tf.math.l2_normalize(directions, 0)) + biases
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(truth, logits)
                * tf.gather(intent_weights, truth)
            )
        gradients = tape.gradient(loss, body + heads)
        body_optimizer.apply_gradients(zip(gradients[: len(body)], body, strict=True))
        head_optimizer.apply_gradients(zip(gradients[len(body) :], heads, strict=True))

    lengths = np.array([len(encoding.ids) for encoding in tokenizer.encode_batch(texts)])
    for _ in range(config.epochs):
        for batch in batches(lengths, config.batch_size, config.window, shuffle):
            ids, mask = pad(tokenizer, [texts[i] for i in batch])
            step(tf.constant(ids), tf.constant(mask), tf.constant(labels[batch]))
    return {**weights, **encoder.numpy_weights()}


def batches(
    lengths: np.ndarray, batch_size: int, window: int, rng: np.random.Generator
) -> List[np.ndarray]:
    """One epoch's batches of example indices, each of examples of similar length.

    A batch is padded to its longest text, and the examples run from "hi" to a 100-piece
    review: random batches of 32 held 2.8 pieces of padding-inclusive work per real piece, and
    fine-tuning took 15 minutes of a 30-minute CI budget. So the shuffled examples are cut into
    windows of `window` batches, each window is sorted by length and split into batches, and the
    batches are shuffled: about 1.2 pieces of work per real piece, while every batch is still
    drawn from a random window (512 examples) rather than from one length band.
    """
    order = rng.permutation(len(lengths))
    span = batch_size * max(1, window)
    cut: List[np.ndarray] = []
    for start in range(0, len(order), span):
        chunk = order[start : start + span]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        cut.extend(
            chunk[offset : offset + batch_size] for offset in range(0, len(chunk), batch_size)
        )
    return [cut[index] for index in rng.permutation(len(cut))]


def pad(tokenizer: Tokenizer, texts: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
    """Word-piece ids of `texts` padded to the longest, and the mask of real pieces."""
    encodings = tokenizer.encode_batch(list(texts))
    longest = max(len(encoding.ids) for encoding in encodings)
    ids = np.zeros((len(encodings), longest), dtype=np.int32)
    mask = np.zeros((len(encodings), longest), dtype=np.int32)
    for row, encoding in enumerate(encodings):
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = 1
    return ids, mask


class _TrainableEncoder:
    """`bot.nlu.minilm.bert` over padded batches, with the weights as TensorFlow variables."""

    def __init__(self, weights: Dict[str, np.ndarray], dropout: float) -> None:
        import tensorflow as tf

        self._tf = tf
        self._dropout = dropout
        self._weights = {
            name: tf.Variable(value, name=name.replace(".", "/"))
            for name, value in weights.items()
            if not name.startswith(_UNUSED_PREFIX)
        }
        self.width = int(weights["embeddings.word_embeddings.weight"].shape[1])
        self.variables: List[Any] = list(self._weights.values())

    def numpy_weights(self) -> Dict[str, np.ndarray]:
        """The current values, by their Hugging Face names."""
        return {name: variable.numpy() for name, variable in self._weights.items()}

    def sentences(self, ids: Any, mask: Any, training: bool) -> Any:
        """Normalised mean of the real pieces' vectors, one row per text."""
        tf = self._tf

        def drop(x: Any) -> Any:
            return tf.nn.dropout(x, self._dropout) if training and self._dropout else x

        padding = (1.0 - tf.cast(mask, tf.float32))[:, None, None, :] * _MASKED
        pieces = bert(self._weights, ids, padding, drop)
        real = tf.cast(mask, tf.float32)[:, :, None]
        mean = tf.reduce_sum(pieces * real, axis=1) / tf.reduce_sum(real, axis=1)
        return tf.math.l2_normalize(mean, axis=-1)
