"""`LexicalVote`: a second opinion on the intent from the words themselves, pooled in.

The intent SVM and `ComplaintHead` read only the MiniLM sentence vector, so they decide from what
a message is about as a whole. A long message about a partner, a mood or a sore knee sounds like
a complaint to them when the words around the point are the words of complaints ("he never
listens to me", "I was treated badly"); a rude receptionist and a wrong diagnosis sound alike
when both are told as a bad visit. The words and word pieces the message uses ("the
receptionist", "my appointment", "the surgery", "my boyfriend") say who and what it is about,
and a linear model over them makes different mistakes from the vector models: pooling the two
is right more often than either alone.

The lexical model is a class-balanced logistic regression over the sparse sentence features the
pipeline already computes for DIET (word uni/bigram and in-word character n-gram counts, regex
matches), weighted by TF-IDF with log-scaled counts so that one long message's repeated words and
the pieces every message shares do not drown the telling ones. It runs after `ComplaintHead`, so
its probabilities are pooled, with `weight` on the lexical side, with the ranking whose complaint
share the head has already split by category: it votes on complaint or not and on the category
alike. The pool is geometric (see `blend`): an average would flatten every confidence the two
models agree on, and the dialogue reads confidence to decide whether to ask back ("did you
mean...?", "is this about a bill?"). The pool is what the dialogue and `bot triage` read. One
sparse dot product per message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.complaint_head import LinearModel
from bot.nlu.stored_arrays import read_arrays, write_arrays

WEIGHTS_FILE = "lexical_vote.npz"


@dataclass(frozen=True)
class TfIdf:
    """TF-IDF weighting of count rows: log-scaled counts times smoothed inverse document
    frequency, rows scaled to unit length (the weighting of sklearn's `TfidfTransformer` with
    `sublinear_tf=True`, kept as one array so the model archive holds no pickle)."""

    idf: np.ndarray

    @classmethod
    def fit(cls, counts: scipy.sparse.spmatrix) -> TfIdf:
        """The document frequencies of `counts` (one row per training message)."""
        rows = counts.shape[0]
        frequency = np.asarray((scipy.sparse.csr_matrix(counts) > 0).sum(axis=0)).ravel()
        return cls(np.log((1.0 + rows) / (1.0 + frequency)) + 1.0)

    def transform(self, counts: scipy.sparse.spmatrix) -> scipy.sparse.csr_matrix:
        """Weighted, unit-length rows (numpy on the stored entries: a parse pays microseconds)."""
        weighted = scipy.sparse.csr_matrix(counts, dtype=np.float64, copy=True)
        weighted.sum_duplicates()
        data = weighted.data
        positive = data > 0
        data[positive] = 1.0 + np.log(data[positive])
        data *= self.idf[weighted.indices]
        rows = np.repeat(np.arange(weighted.shape[0]), np.diff(weighted.indptr))
        norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=weighted.shape[0]))
        data /= np.maximum(norms, 1e-12)[rows]
        return weighted


def blend(
    ranking: Sequence[Mapping[str, Any]],
    intents: Sequence[str],
    probabilities: np.ndarray,
    weight: float,
) -> List[Dict[str, Any]]:
    """`ranking` pooled with `probabilities` over `intents`, `weight` on the latter; best first.

    The pool is geometric (each intent's confidences multiplied, each raised to its share, then
    normalised), not an average: where the two models agree the result stays as sure as they
    are, so a clear complaint keeps a confidence the dialogue takes without asking back, while
    an intent either model rules out stays low. Intents missing from `ranking` (Rasa's
    classifiers cut it to their top ten) stay out. With no ranking, or no intent both models
    give weight to, the lexical probabilities stand alone.
    """
    lexical = {
        name: float(probability)
        for name, probability in zip(intents, probabilities, strict=True)
    }
    pooled = {
        str(entry[INTENT_NAME_KEY]): float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
        ** (1.0 - weight)
        * lexical.get(str(entry[INTENT_NAME_KEY]), 0.0) ** weight
        for entry in ranking
        if entry.get(INTENT_NAME_KEY)
    }
    total = sum(pooled.values())
    if total <= 0.0:
        pooled, total = lexical, sum(lexical.values()) or 1.0
    return [
        {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence / total}
        for name, confidence in sorted(pooled.items(), key=lambda item: -item[1])
    ]


def sentence_counts(message: Message) -> Optional[scipy.sparse.spmatrix]:
    """The sparse sentence features of the message text (one row), if featurised."""
    _, sentence = message.get_sparse_features(TEXT)
    return None if sentence is None else sentence.features


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LexicalVote(GraphComponent, IntentClassifier):
    """Pool a TF-IDF logistic regression's intent probabilities with the current ranking."""

    @classmethod
    def required_components(cls) -> List[type]:
        """Trains on sparse sentence features. At parse time it also reads the ranking of the
        intent classifier listed before it in config.yml (see `ComplaintHead`)."""
        return [SparseFeaturizer]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """`weight`: the lexical model's share of the pool (an even vote); `c`: its inverse
        regularisation, the value with the best 5-fold cross-validated log-loss on the
        training data among 1, 3, 10, 30 and 100."""
        return {"weight": 0.5, "c": 100.0}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        intents: Optional[List[str]] = None,
        tfidf: Optional[TfIdf] = None,
        model: Optional[LinearModel] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._intents = intents or []
        self._tfidf = tfidf
        self._model = model

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LexicalVote:
        """An untrained vote."""
        return cls(config, model_storage, resource)

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """Reject a weight outside [0, 1] or a non-positive `c` at config load."""
        merged = {**cls.get_default_config(), **config}
        if not 0.0 <= float(merged["weight"]) <= 1.0 or float(merged["c"]) <= 0.0:
            raise ValueError("LexicalVote needs 0 <= weight <= 1 and c > 0")

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the TF-IDF weights and the regression on the intent examples; persist them."""
        rows: List[scipy.sparse.spmatrix] = []
        labels: List[str] = []
        for message in training_data.intent_examples:
            counts = sentence_counts(message)
            intent = message.get(INTENT)
            if counts is None or not isinstance(intent, str):
                continue
            rows.append(counts)
            labels.append(intent)
        if len(set(labels)) >= 2:
            counts_matrix = scipy.sparse.vstack(rows).tocsr()
            self._tfidf = TfIdf.fit(counts_matrix)
            self._intents = sorted(set(labels))
            self._model = LinearModel.fit(
                self._tfidf.transform(counts_matrix), labels, float(self._config["c"])
            )
        self.persist()
        return self._resource

    def persist(self) -> None:
        """Write the weights as plain arrays (float32 coefficients: half the size, same votes)."""
        arrays: Dict[str, np.ndarray] = {"intents": np.asarray(self._intents, dtype=str)}
        if self._tfidf is not None and self._model is not None:
            arrays["idf"] = self._tfidf.idf
            arrays["coef"] = self._model.coef.astype(np.float32)
            arrays["intercept"] = self._model.intercept
        write_arrays(self._storage, self._resource, WEIGHTS_FILE, arrays)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LexicalVote:
        """Read the weights back (an untrained vote when there are none)."""
        stored = read_arrays(model_storage, resource, WEIGHTS_FILE)
        if stored is None or "coef" not in stored:
            return cls(config, model_storage, resource)
        return cls(
            config,
            model_storage,
            resource,
            [str(name) for name in stored["intents"]],
            TfIdf(stored["idf"]),
            LinearModel(stored["coef"].astype(np.float64), stored["intercept"]),
        )

    def process(self, messages: List[Message]) -> List[Message]:
        """Pool the lexical probabilities with each message's intent ranking."""
        if self._tfidf is None or self._model is None:
            return messages
        for message in messages:
            counts = sentence_counts(message)
            if counts is None or counts.shape[1] != self._tfidf.idf.shape[0]:
                continue
            ranking = blend(
                message.get(INTENT_RANKING_KEY) or [],
                self._intents,
                self._model.scores(self._tfidf.transform(counts)),
                float(self._config["weight"]),
            )
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
        return messages
