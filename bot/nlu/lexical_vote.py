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
mean...?", "is this about a bill?"). The pool is what the dialogue and `bot triage` read.

The same features vote on urgency. `ComplaintHead`'s urgency score hears how a message sounds,
and a furious account of a long wait sounds much like an account of harm; the words that carry
the harm ("bleeding", "my dad fell", "she touched me") are what a lexical model weighs. A second
regression, trained on the same `urgency` labels as the head's (`urgency_target`), is pooled
geometrically with the head's score, `urgency_weight` on the lexical side (see `pool_urgency`).
On the team's held-out sets the pool kept every urgent message the score alone found while it
flagged fewer routine ones (docs/nlu/decisions.md). Two sparse dot products per message.
Examples marked `urgency_only` (`bot.nlu.teaching`) reach the urgency regression only, not the
word weights or the intent vote; those marked `entities_only` reach neither.
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

from bot.nlu.complaint_head import LinearModel, rules_fingerprint, urgency_target
from bot.nlu.policy import LEXICAL_URGENCY_WEIGHT, LEXICAL_WEIGHT
from bot.nlu.stored_arrays import read_arrays, write_arrays
from bot.nlu.teaching import entities_only, urgency_only
from bot.triage.mapping import URGENCY_SCORE_KEY

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


def pool_urgency(head_score: Optional[float], lexical_score: float, weight: float) -> float:
    """The head's urgency probability pooled geometrically with the lexical one, `weight` on the
    latter; the lexical one alone when the head gave none.

    The pooled log-odds are the weighted mean of the two models' log-odds. As in `blend`, two
    models that agree keep their certainty, and where they disagree the surer side pulls harder:
    one model's near-zero is not averaged up by the other's middling guess.
    """
    if head_score is None:
        return lexical_score
    head = min(max(head_score, 1e-6), 1.0 - 1e-6)
    lexical = min(max(lexical_score, 1e-6), 1.0 - 1e-6)
    urgent = head ** (1.0 - weight) * lexical**weight
    routine = (1.0 - head) ** (1.0 - weight) * (1.0 - lexical) ** weight
    return urgent / (urgent + routine)


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

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """Retrain when the rules change: its urgency vote leaves out what they flag."""
        return rules_fingerprint()

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """`c`: the lexical model's inverse regularisation, the value with the best 5-fold
        cross-validated log-loss on the training data among 1, 3, 10, 30 and 100; `urgency_c`:
        the same for the urgency vote, chosen on the held-out sets (docs/nlu/decisions.md). The
        two weights in the pools are thresholds of `bot.nlu.policy`."""
        return {
            "weight": LEXICAL_WEIGHT,
            "c": 100.0,
            "urgency_weight": LEXICAL_URGENCY_WEIGHT,
            "urgency_c": 10.0,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        intents: Optional[List[str]] = None,
        tfidf: Optional[TfIdf] = None,
        model: Optional[LinearModel] = None,
        urgency_model: Optional[LinearModel] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._intents = intents or []
        self._tfidf = tfidf
        self._model = model
        self._urgency_model = urgency_model

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
        weights = (float(merged["weight"]), float(merged["urgency_weight"]))
        if (
            not all(0.0 <= weight <= 1.0 for weight in weights)
            or min(float(merged["c"]), float(merged["urgency_c"])) <= 0.0
        ):
            raise ValueError("LexicalVote needs weights within [0, 1] and positive c values")

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the TF-IDF weights and both regressions on the intent examples; persist them."""
        rows: List[scipy.sparse.spmatrix] = []
        labels: List[str] = []
        urgent: List[Optional[bool]] = []
        teaches_intent: List[int] = []
        for message in training_data.intent_examples:
            counts = sentence_counts(message)
            intent = message.get(INTENT)
            if counts is None or not isinstance(intent, str) or entities_only(message):
                continue
            if not urgency_only(message):
                teaches_intent.append(len(rows))
            rows.append(counts)
            labels.append(intent)
            urgent.append(urgency_target(message))
        intent_labels = [labels[index] for index in teaches_intent]
        if len(set(intent_labels)) >= 2:
            counts_matrix = scipy.sparse.vstack(rows).tocsr()
            self._tfidf = TfIdf.fit(counts_matrix[teaches_intent])
            features = self._tfidf.transform(counts_matrix)
            self._intents = sorted(set(intent_labels))
            self._model = LinearModel.fit(
                features[teaches_intent], intent_labels, float(self._config["c"])
            )
            known = [index for index, label in enumerate(urgent) if label is not None]
            if len({urgent[index] for index in known}) == 2:
                self._urgency_model = LinearModel.fit(
                    features[known],
                    [bool(urgent[index]) for index in known],
                    float(self._config["urgency_c"]),
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
        if self._urgency_model is not None:
            arrays["urgency_coef"] = self._urgency_model.coef.astype(np.float32)
            arrays["urgency_intercept"] = self._urgency_model.intercept
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
            LinearModel(stored["urgency_coef"].astype(np.float64), stored["urgency_intercept"])
            if "urgency_coef" in stored
            else None,
        )

    def process(self, messages: List[Message]) -> List[Message]:
        """Pool the lexical probabilities with each message's intent ranking and urgency score."""
        if self._tfidf is None or self._model is None:
            return messages
        for message in messages:
            counts = sentence_counts(message)
            if counts is None or counts.shape[1] != self._tfidf.idf.shape[0]:
                continue
            features = self._tfidf.transform(counts)
            ranking = blend(
                message.get(INTENT_RANKING_KEY) or [],
                self._intents,
                self._model.scores(features),
                float(self._config["weight"]),
            )
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            if self._urgency_model is not None:
                head_score = message.get(URGENCY_SCORE_KEY)
                score = pool_urgency(
                    None if head_score is None else float(head_score),
                    float(self._urgency_model.scores(features)[1]),
                    float(self._config["urgency_weight"]),
                )
                message.set(URGENCY_SCORE_KEY, round(score, 4), add_to_output=True)
        return messages
