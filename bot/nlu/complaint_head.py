"""`ComplaintHead`: a category model and a semantic urgency score over MiniLM sentence vectors.

The intent SVM ranks ~26 intents at once, so the split of a complaint's probability between
categories is a side effect of separating complaints from greetings and questions. A model
trained on complaint examples only spends all its capacity on the category boundaries that
patients blur (clinical care vs. staff communication, records vs. results chasing); on the
team's held-out messages it picks the category better than the SVM's argmax. The head keeps the
SVM's complaint mass and redistributes it over the `complaint_*` intents by its own category
probabilities, so the dialogue (which reads the intent) and `bot triage` agree.

Urgency rules (`bot.triage.urgency`) miss harm, abuse and neglect told in words nobody listed.
The head also learns "urgent or not" from examples marked `urgency: urgent` in the NLU data's
intent metadata (complaints, and the forum posts and symptom notes of `safety_oblique.yml`:
violence at home, a wound turning bad) and puts the probability on the parse under
`urgency_score`;
`bot.triage.mapping` ORs it with the rules at a threshold chosen on the held-out set. Examples
that the rules or the safety screen flag are left out of the negatives: their label is not
"routine", it is simply not written down. Examples marked `urgency_only` (`bot.nlu.teaching`)
teach the urgency model and never the category model; those marked `entities_only` teach
neither.

Fine-tuning on intents pulls one intent's harmed and unharmed tellings together ("the nurse was
rude" beside "the nurse gave me the wrong dose"); the pretrained MiniLM's vector still hears how
grave a message sounds. So a second urgency model, the pair model, reads both vectors, and at
every threshold scored at least as well as the tuned vector alone on all four of the team's
held-out sets (docs/nlu/decisions.md). The pretrained vector costs one more encoder pass (about
8 ms of a 31 ms parse), which the speed budget cannot pay on every message. The tuned model
runs first; where it is sure a message is routine (below `pair_floor`) its score stands and no
second pass runs. On the held-out sets that skips 20 to 45% of messages, and every answer to an
intake question in the latency bench, without changing a single urgency decision.

The models are logistic regressions trained at `bot train` time and applied with one numpy
dot product per message.
"""

from __future__ import annotations

import hashlib
import inspect
import sys
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from bot.cases.vocabulary import Category
from bot.nlu.encoder import SentenceEncoder
from bot.nlu.minilm import shared_encoder
from bot.nlu.policy import OTHER_PRIOR, PAIR_FLOOR
from bot.nlu.stored_arrays import read_arrays, write_arrays
from bot.nlu.teaching import UNLABELLED, entities_only, intent_metadata, urgency_only
from bot.triage.mapping import COMPLAINT_PREFIX, SAFETY_INTENTS, URGENCY_SCORE_KEY
from bot.triage.patterns import normalise
from bot.triage.screen import screen
from bot.triage.urgency import urgent_reason

WEIGHTS_FILE = "complaint_head.npz"
URGENT_LABEL = "urgent"
OTHER_INTENT = COMPLAINT_PREFIX + Category.OTHER.value


@dataclass(frozen=True)
class LinearModel:
    """A trained logistic regression reduced to its weights (no pickles in the model archive)."""

    coef: np.ndarray
    intercept: np.ndarray

    def scores(self, vector: Any) -> np.ndarray:
        """Class probabilities: softmax for several classes, the sigmoid pair for two.

        `vector` is one example: a 1-d array, or a one-row scipy sparse matrix, whose product
        with the weights reads only the columns of its non-zero entries."""
        if scipy.sparse.issparse(vector):
            row = scipy.sparse.csr_matrix(vector)
            logits = self.coef[:, row.indices] @ row.data + self.intercept
        else:
            logits = self.coef @ vector + self.intercept
        if logits.shape[0] == 1:
            positive = 1.0 / (1.0 + np.exp(-logits[0]))
            return np.array([1.0 - positive, positive])
        logits = logits - logits.max()
        exps = np.exp(logits)
        return exps / exps.sum()

    @classmethod
    def fit(cls, features: np.ndarray, labels: Sequence[Any], c: float) -> LinearModel:
        """Fit a class-balanced logistic regression (classes in sorted order)."""
        model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        model.fit(features, np.asarray(labels))
        return cls(np.asarray(model.coef_), np.asarray(model.intercept_))


def urgency_label(message: Message) -> Optional[str]:
    """The `urgency` written in the example's intent metadata, if any."""
    label = intent_metadata(message).get("urgency")
    return label if isinstance(label, str) else None


def is_unlabelled_urgent(text: str) -> bool:
    """Rules or the safety screen call it urgent although nobody labelled it: not a negative."""
    return screen(text) is not None or urgent_reason(normalise(text)) is not None


def rules_fingerprint() -> str:
    """A hash of the code of the rules `is_unlabelled_urgent` runs.

    Rasa's training cache keys a component on its config and inputs, not on code; without this
    a changed rule would leave the urgency models trained on the old rules' negatives until the
    training data changed, and a fresh clone would train a different model from the same files.
    """
    digest = hashlib.sha256()
    for function in (screen, urgent_reason, normalise):
        digest.update(inspect.getsource(sys.modules[function.__module__]).encode())
    return digest.hexdigest()


def urgency_target(message: Message) -> Optional[bool]:
    """What an intent example teaches an urgency model: True when labelled urgent, False when it
    may stand for routine, None when it must stay out (a safety intent, an example marked
    `urgency: unlabelled`, or text the rules or the screen flag: its label is not "routine", it
    is simply not written down)."""
    label = urgency_label(message)
    if label == URGENT_LABEL:
        return True
    intent = message.get(INTENT)
    if label == UNLABELLED or intent in SAFETY_INTENTS:
        return None
    if is_unlabelled_urgent(message.get(TEXT) or ""):
        return None
    return False


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class ComplaintHead(GraphComponent, IntentClassifier):
    """Re-split the complaint probability by category; score urgency."""

    @classmethod
    def required_components(cls) -> List[type]:
        """Trains on dense sentence features. At parse time it also reads the ranking of the
        intent classifier listed before it in config.yml (Rasa runs NLU components in order;
        the training graph would not contain the classifier, so it cannot be required here)."""
        return [DenseFeaturizer]

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """Retrain when the rules change (they decide which examples are left out) or this code
        does (it decides what the models read: a cached head would be served other vectors)."""
        own = hashlib.sha256(inspect.getsource(sys.modules[__name__]).encode()).hexdigest()
        return rules_fingerprint() + own

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Regularisation of the models (chosen on the held-out set, see docs/nlu/decisions.md;
        the pair model shares `urgency_c`); the prior of the leftover category and the pair
        model's floor are thresholds of `bot.nlu.policy`."""
        return {
            "category_c": 20.0,
            "urgency_c": 8.0,
            "other_prior": OTHER_PRIOR,
            "pair_floor": PAIR_FLOOR,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        categories: Optional[List[str]] = None,
        category_model: Optional[LinearModel] = None,
        urgency_model: Optional[LinearModel] = None,
        pair_model: Optional[LinearModel] = None,
        pretrained: Optional[SentenceEncoder] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._categories = categories or []
        self._category_model = category_model
        self._urgency_model = urgency_model
        self._pair_model = pair_model
        self._pretrained = pretrained

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ComplaintHead:
        """An untrained head."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit both models on the featurised training examples and persist their weights."""
        vectors: List[np.ndarray] = []
        intents: List[str] = []
        urgent: List[Optional[bool]] = []
        texts: List[str] = []
        teaches_intent: List[int] = []
        for message in training_data.intent_examples:
            vector = sentence_vector(message)
            intent = message.get(INTENT)
            if vector is None or not isinstance(intent, str) or entities_only(message):
                continue
            if not urgency_only(message):
                teaches_intent.append(len(vectors))
            vectors.append(vector)
            intents.append(intent)
            texts.append(str(message.get(TEXT) or ""))
            urgent.append(urgency_target(message))
        features = np.stack(vectors) if vectors else np.zeros((0, 0))
        complaint_rows = [i for i in teaches_intent if intents[i].startswith(COMPLAINT_PREFIX)]
        complaint_labels = [intents[i] for i in complaint_rows]
        if len(set(complaint_labels)) >= 2:
            self._categories = sorted(set(complaint_labels))
            self._category_model = LinearModel.fit(
                features[complaint_rows], complaint_labels, self._config["category_c"]
            )
        urgency_rows = [i for i, label in enumerate(urgent) if label is not None]
        urgency_labels = [bool(urgent[i]) for i in urgency_rows]
        if len(set(urgency_labels)) == 2:
            self._urgency_model = LinearModel.fit(
                features[urgency_rows], urgency_labels, self._config["urgency_c"]
            )
            pretrained = self._pretrained_vectors([texts[i] for i in urgency_rows])
            self._pair_model = LinearModel.fit(
                np.hstack([features[urgency_rows], pretrained]),
                urgency_labels,
                self._config["urgency_c"],
            )
        self.persist()
        return self._resource

    def persist(self) -> None:
        """Write the weights as plain arrays."""
        arrays: Dict[str, np.ndarray] = {"categories": np.asarray(self._categories, dtype=str)}
        if self._category_model is not None:
            arrays["category_coef"] = self._category_model.coef
            arrays["category_intercept"] = self._category_model.intercept
        for prefix, linear in (("urgency", self._urgency_model), ("pair", self._pair_model)):
            if linear is not None:
                arrays[f"{prefix}_coef"] = linear.coef
                arrays[f"{prefix}_intercept"] = linear.intercept
        write_arrays(self._storage, self._resource, WEIGHTS_FILE, arrays)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ComplaintHead:
        """Read the weights back (an untrained head when there are none)."""
        stored = read_arrays(model_storage, resource, WEIGHTS_FILE)
        if stored is None:
            return cls(config, model_storage, resource)

        def model(prefix: str) -> Optional[LinearModel]:
            if f"{prefix}_coef" not in stored:
                return None
            return LinearModel(stored[f"{prefix}_coef"], stored[f"{prefix}_intercept"])

        pair = model("pair")
        return cls(
            config,
            model_storage,
            resource,
            [str(name) for name in stored["categories"]],
            model("category"),
            model("urgency"),
            pair,
            # Loaded (or compiled, where no cached graph is on disk) now, not at the first
            # patient message after a start.
            shared_encoder() if pair is not None else None,
        )

    def process(self, messages: List[Message]) -> List[Message]:
        """Re-rank the complaint intents and attach the urgency score."""
        for message in messages:
            vector = sentence_vector(message)
            if vector is None:
                continue
            if self._urgency_model is not None:
                score = self._urgency(self._urgency_model, message, vector)
                message.set(URGENCY_SCORE_KEY, round(score, 4), add_to_output=True)
            ranking = message.get(INTENT_RANKING_KEY)
            if self._category_model is None or not ranking:
                continue
            probabilities = prior_shift(
                self._category_model.scores(vector),
                self._categories,
                OTHER_INTENT,
                float(self._config["other_prior"]),
            )
            reranked = resplit(ranking, self._categories, probabilities)
            message.set(INTENT_RANKING_KEY, reranked, add_to_output=True)
            message.set(INTENT, dict(reranked[0]), add_to_output=True)
        return messages

    def _urgency(self, tuned: LinearModel, message: Message, vector: np.ndarray) -> float:
        """The pair model's urgency probability, or the tuned model's where it is below
        `pair_floor` (then no second encoder pass runs)."""
        score = float(tuned.scores(vector)[1])
        if self._pair_model is None or score < float(self._config["pair_floor"]):
            return score
        [pretrained] = self._pretrained_vectors([str(message.get(TEXT) or "")])
        return float(self._pair_model.scores(np.concatenate([vector, pretrained]))[1])

    def _pretrained_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """The pretrained MiniLM's sentence vectors of `texts`, one row each."""
        encoder = self._pretrained or shared_encoder()
        return np.stack([encoded.sentence for encoded in encoder.encode(texts)]).astype(np.float64)


def prior_shift(
    probabilities: np.ndarray, categories: Sequence[str], name: str, prior: float
) -> np.ndarray:
    """`probabilities` with the class `name` re-weighted from a uniform prior to `prior`.

    The category model trains class-balanced, so it believes each category, the leftover
    `other` included, is as common as any. `other` means "none of the listed kinds": a few in a
    hundred real complaints. Left at a tenth, it wins messages that fit a real category only
    loosely, and the office loses the pattern (a clinical complaint filed as `other` never shows
    up in the clinical count). Bayes' rule with the real prior fixes that and changes nothing
    when `other` is the clear reading.
    """
    if name not in categories or len(categories) < 2:
        return probabilities
    shifted = np.array(probabilities, dtype=np.float64)
    shifted[list(categories).index(name)] *= prior * len(categories)
    return shifted / shifted.sum()


def sentence_vector(message: Message) -> Optional[np.ndarray]:
    """The dense sentence features of the message text (MiniLM), if featurised."""
    _, sentence = message.get_dense_features(TEXT)
    if sentence is None:
        return None
    return np.asarray(sentence.features[0], dtype=np.float64)


def resplit(
    ranking: Sequence[Dict[str, Any]], categories: Sequence[str], probabilities: np.ndarray
) -> List[Dict[str, Any]]:
    """`ranking` with its complaint mass shared out as `probabilities` over `categories`.

    Non-complaint entries keep their confidence; the result is sorted, best first.
    """
    others = [
        dict(entry)
        for entry in ranking
        if not str(entry.get(INTENT_NAME_KEY, "")).startswith(COMPLAINT_PREFIX)
    ]
    mass = sum(
        float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
        for entry in ranking
        if str(entry.get(INTENT_NAME_KEY, "")).startswith(COMPLAINT_PREFIX)
    )
    complaints = [
        {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: float(mass * probability)}
        for name, probability in zip(categories, probabilities, strict=True)
    ]
    merged = complaints + others if mass > 0 else others
    return sorted(merged, key=lambda entry: -float(entry[PREDICTED_CONFIDENCE_KEY] or 0.0))
