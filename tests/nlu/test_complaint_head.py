"""The complaint head: category re-split, semantic urgency, persistence. Toy vectors stand in for
the fine-tuned MiniLM's; the pretrained MiniLM that the pair model also reads is the real one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.engine.training.fingerprinting import calculate_fingerprint_key
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from bot.nlu.complaint_head import (
    ComplaintHead,
    LinearModel,
    prior_shift,
    resplit,
    urgency_label,
    urgency_target,
)
from bot.nlu.encoder import Encoded
from bot.nlu.lexical_vote import LexicalVote
from bot.nlu.minilm import shared_encoder
from bot.triage.mapping import URGENCY_SCORE_KEY

# Four toy "meaning" axes: billing, facility, greeting, harm.
BILLING, FACILITY, GREETING, HARM = np.eye(4)


def featurised(
    text: str, vector: np.ndarray, intent: Optional[str] = None, urgency: Optional[str] = None
) -> Message:
    message = Message.build(text, intent, None, {"urgency": urgency} if urgency else None)
    message.add_features(Features(vector[np.newaxis, :], FEATURE_TYPE_SENTENCE, TEXT, "test"))
    return message


def training_data() -> TrainingData:
    rng = np.random.default_rng(7)
    examples: List[Message] = []
    for index in range(12):
        noise = rng.normal(0.0, 0.05, 4)
        examples.append(featurised(f"bill {index}", BILLING + noise, "complaint_billing"))
        examples.append(featurised(f"room {index}", FACILITY + noise, "complaint_facility"))
        examples.append(featurised(f"hello {index}", GREETING + noise, "greet"))
        examples.append(
            featurised(f"harm {index}", FACILITY + HARM + noise, "complaint_facility", "urgent")
        )
    return TrainingData(examples)


def head(tmp_path: Path) -> ComplaintHead:
    return ComplaintHead.create(
        {},
        LocalModelStorage(tmp_path),
        Resource("complaint_head"),
        ExecutionContext(graph_schema=None, node_name="head"),  # type: ignore[arg-type]
    )


def parsed(vector: np.ndarray, ranking: List[Dict[str, Any]]) -> Message:
    message = featurised("a message", vector)
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    return message


def test_resplit_keeps_the_complaint_mass_and_the_other_intents() -> None:
    ranking = [
        {"name": "complaint_billing", "confidence": 0.5},
        {"name": "greet", "confidence": 0.3},
        {"name": "complaint_facility", "confidence": 0.2},
    ]
    result = resplit(ranking, ["complaint_billing", "complaint_facility"], np.array([0.1, 0.9]))
    assert [entry["name"] for entry in result] == [
        "complaint_facility",
        "greet",
        "complaint_billing",
    ]
    assert result[0]["confidence"] == pytest.approx(0.63)
    assert result[1]["confidence"] == 0.3
    assert sum(entry["confidence"] for entry in result) == pytest.approx(1.0)


def test_resplit_without_complaints_changes_nothing() -> None:
    ranking = [{"name": "greet", "confidence": 0.9}, {"name": "thanks", "confidence": 0.1}]
    assert resplit(ranking, ["complaint_billing"], np.array([1.0])) == ranking


def test_prior_shift_moves_a_loose_other_to_the_real_category_only() -> None:
    names = ["complaint_billing", "complaint_clinical_care", "complaint_other"]
    loose = prior_shift(np.array([0.1, 0.4, 0.5]), names, "complaint_other", 0.03)
    assert loose.argmax() == 1 and abs(float(loose.sum()) - 1.0) < 1e-9
    assert loose[0] / loose[1] == pytest.approx(0.25)
    clear = prior_shift(np.array([0.01, 0.01, 0.98]), names, "complaint_other", 0.03)
    assert clear.argmax() == 2
    same = np.array([0.2, 0.8])
    assert prior_shift(same, names[:2], "complaint_other", 0.03) is same


def test_linear_model_matches_sklearn_probabilities() -> None:
    rng = np.random.default_rng(3)
    features = rng.normal(size=(60, 5))
    for labels in (features[:, 0] > 0, np.digitize(features[:, 1], [-0.5, 0.5])):
        reference = LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced").fit(
            features, labels
        )
        model = LinearModel.fit(features, list(labels), 2.0)
        for row in features[:5]:
            assert model.scores(row) == pytest.approx(reference.predict_proba([row])[0])


def test_urgency_label_comes_from_the_intent_metadata() -> None:
    assert urgency_label(featurised("x", HARM, "complaint_other", "urgent")) == "urgent"
    assert urgency_label(featurised("x", HARM, "complaint_other")) is None


def test_urgency_target_leaves_out_what_nobody_labelled_but_the_rules_flag() -> None:
    assert urgency_target(featurised("my dad fell", HARM, "complaint_other", "urgent")) is True
    assert urgency_target(featurised("the bill is wrong", BILLING, "complaint_billing")) is False
    assert urgency_target(featurised("i want to end my life", HARM, "crisis")) is None
    flagged = featurised("the nurse hit my mother", HARM, "complaint_staff_communication")
    assert urgency_target(flagged) is None


@pytest.mark.parametrize("component", [ComplaintHead, LexicalVote])
def test_a_rule_change_misses_rasas_training_cache(
    component: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = component.get_default_config()
    before = calculate_fingerprint_key(component, config, {})
    module = sys.modules[component.__module__]
    monkeypatch.setattr(module, "rules_fingerprint", lambda: "rules edited")
    assert calculate_fingerprint_key(component, config, {}) != before


def test_trained_head_resplits_by_category_and_scores_urgency(tmp_path: Path) -> None:
    trained = head(tmp_path)
    trained.train(training_data())
    ranking = [
        {"name": "complaint_billing", "confidence": 0.6},
        {"name": "complaint_facility", "confidence": 0.2},
        {"name": "greet", "confidence": 0.2},
    ]
    [routine] = trained.process([parsed(FACILITY, ranking)])
    assert routine.get(INTENT)["name"] == "complaint_facility"
    assert routine.get(INTENT)["confidence"] > 0.7
    assert routine.get(URGENCY_SCORE_KEY) < 0.5
    [harmful] = trained.process([parsed(FACILITY + HARM, ranking)])
    assert harmful.get(URGENCY_SCORE_KEY) > 0.5
    assert URGENCY_SCORE_KEY in harmful.as_dict(only_output_properties=True)


class CountingEncoder:
    """The real pretrained encoder, keeping the texts it was asked to encode."""

    def __init__(self) -> None:
        self.texts: List[str] = []

    def encode(self, texts: Sequence[str]) -> List[Encoded]:
        self.texts.extend(texts)
        return shared_encoder().encode(texts)


def test_the_pair_model_hears_the_pretrained_vector_where_the_tuned_one_is_blind(
    tmp_path: Path,
) -> None:
    # Every example has the same tuned vector, as fine-tuning on intents pulls a complaint's
    # harmed and unharmed tellings together; only the words tell them apart.
    harmed = [
        "they gave my mother the wrong tablets and she ended up in intensive care",
        "the nurse injected the wrong dose and my son stopped breathing",
        "my father fell off the trolley and broke his hip while nobody watched",
        "the doctor sent her home with sepsis and she nearly died",
        "he was left bleeding in the corridor for hours after surgery",
        "she had a stroke in the waiting room and staff ignored her",
    ]
    unharmed = [
        "the waiting room chairs are uncomfortable and the magazines are old",
        "the receptionist was a bit short with me on the phone",
        "parking at the practice is hard to find on a weekday",
        "my appointment letter had my name spelled wrong",
        "the music in the lobby is too loud",
        "the online form for repeat prescriptions is confusing",
    ]
    examples = [featurised(text, FACILITY, "complaint_facility", "urgent") for text in harmed]
    examples += [featurised(text, FACILITY, "complaint_facility") for text in unharmed]
    trained = head(tmp_path)
    trained.train(TrainingData(examples))
    ranking = [{"name": "complaint_facility", "confidence": 0.9}]

    def score(text: str) -> float:
        message = featurised(text, FACILITY)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return float(trained.process([message])[0].get(URGENCY_SCORE_KEY))

    assert score("my grandmother was given the wrong injection and was rushed to hospital") > 0.5
    assert score("the toilets by the lobby were out of paper") < 0.5


def test_no_second_pass_where_the_tuned_model_is_sure_it_is_routine(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    trained = ComplaintHead(
        {},
        LocalModelStorage(tmp_path),
        Resource("complaint_head"),
        pretrained=encoder,  # type: ignore[arg-type]
    )
    trained.train(training_data())
    assert len(encoder.texts) == len(training_data().intent_examples)
    encoder.texts.clear()
    ranking = [{"name": "complaint_billing", "confidence": 0.9}]
    [routine] = trained.process([parsed(BILLING, ranking)])
    assert routine.get(URGENCY_SCORE_KEY) < 0.1
    assert encoder.texts == []
    [harmful] = trained.process([parsed(FACILITY + HARM, ranking)])
    assert harmful.get(URGENCY_SCORE_KEY) > 0.5
    assert encoder.texts == ["a message"]


def test_weights_survive_persist_and_load(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("complaint_head")
    context = ExecutionContext(graph_schema=None, node_name="head")  # type: ignore[arg-type]
    trained = ComplaintHead.create({}, storage, resource, context)
    trained.train(training_data())
    loaded = ComplaintHead.load({}, storage, resource, context)
    ranking = [{"name": "complaint_billing", "confidence": 0.9}]
    before = trained.process([parsed(BILLING + HARM, ranking)])[0]
    after = loaded.process([parsed(BILLING + HARM, ranking)])[0]
    assert after.get(INTENT_RANKING_KEY) == before.get(INTENT_RANKING_KEY)
    assert after.get(URGENCY_SCORE_KEY) == before.get(URGENCY_SCORE_KEY)


def test_an_untrained_head_leaves_the_parse_alone(tmp_path: Path) -> None:
    ranking = [{"name": "complaint_billing", "confidence": 0.9}]
    [message] = head(tmp_path).process([parsed(BILLING, ranking)])
    assert message.get(INTENT_RANKING_KEY) == ranking
    assert message.get(URGENCY_SCORE_KEY) is None
