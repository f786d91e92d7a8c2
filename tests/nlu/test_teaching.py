"""Examples marked `urgency_only` teach the urgency models and leave every intent model as it was;
those marked `entities_only` teach DIET and leave every other model as it was."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.complaint_head import ComplaintHead, urgency_target
from bot.nlu.entity_diet import entity_training_examples
from bot.nlu.lexical_vote import LexicalVote
from bot.nlu.seeded_svm import SeededSklearnIntentClassifier
from bot.nlu.teaching import entities_only, intent_teaching, intent_training, urgency_only
from bot.triage.mapping import URGENCY_SCORE_KEY
from tests.nlu.test_complaint_head import BILLING, HARM, featurised, parsed, training_data
from tests.nlu.test_lexical_vote import featurised_data, toy_examples
from tests.nlu.test_lexical_vote import parsed as lexical_parsed
from tests.nlu.test_seeded_svm import overlapping_intents

CONTEXT = ExecutionContext(graph_schema=None, node_name="test")  # type: ignore[arg-type]
NLU_YAML = """
version: "3.1"
nlu:
  - intent: complaint_scheduling_wait
    metadata:
      urgency: urgent
      urgency_only: true
    examples: |
      - the referral sat in a tray for a year and now it has spread
  - intent: complaint_scheduling_wait
    examples: |
      - I waited two hours past my appointment time
  - intent: inform
    metadata:
      entities_only: true
    examples: |
      - [Dr Morales](person) kept me waiting [last Tuesday](date)
"""


def urgency_example(text: str, vector: np.ndarray, intent: str, urgency: str = "") -> Message:
    metadata = {"urgency_only": True, **({"urgency": urgency} if urgency else {})}
    message = featurised(text, vector, intent)
    message.set("metadata", {"intent": metadata})
    return message


def test_the_mark_is_read_from_the_intent_metadata_of_the_nlu_data() -> None:
    data = RasaYAMLReader().reads(NLU_YAML)
    marked, plain, named = data.intent_examples
    assert urgency_only(marked) and urgency_target(marked) is True
    assert not urgency_only(plain) and urgency_target(plain) is False
    assert entities_only(named) and not entities_only(plain) and not urgency_only(named)
    assert intent_teaching(data.intent_examples) == [plain]
    kept = intent_training(data)
    assert [message.get(TEXT) for message in kept.intent_examples] == [plain.get(TEXT)]


def test_a_mark_that_is_not_a_boolean_is_refused_with_its_intent() -> None:
    message = featurised("x", HARM, "complaint_other")
    message.set("metadata", {"intent": {"urgency_only": "yes", "entities_only": 1}})
    with pytest.raises(ValueError, match=r"urgency_only must be true or false.*complaint_other"):
        urgency_only(message)
    with pytest.raises(ValueError, match=r"entities_only must be true or false.*complaint_other"):
        entities_only(message)
    message.set("metadata", {"intent": {"urgency_only": False}})
    assert not urgency_only(message)
    message.set("metadata", "not a mapping")
    assert not urgency_only(message)


def heads_without_and_with(tmp_path: Path, extra: List[Message]) -> Tuple[Message, Message]:
    """A billing complaint that sounds harmful, read by heads trained without and with `extra`."""
    base = training_data()
    ranking = [
        {"name": "complaint_billing", "confidence": 0.6},
        {"name": "complaint_facility", "confidence": 0.2},
        {"name": "greet", "confidence": 0.2},
    ]
    storage = LocalModelStorage(tmp_path)
    heads = []
    for name, examples in (
        ("plain", base.training_examples),
        ("marked", [*base.training_examples, *extra]),
    ):
        head = ComplaintHead.create({}, storage, Resource(name), CONTEXT)
        head.train(TrainingData(examples))
        heads.append(head.process([parsed(BILLING + HARM, ranking)])[0])
    return heads[0], heads[1]


def votes_with_and_without(tmp_path: Path, marked: Message) -> Tuple[Message, Message]:
    """A probe read by lexical votes trained with `marked` and on the intent examples only."""
    storage = LocalModelStorage(tmp_path)
    tokenizer, counts, data = featurised_data([*toy_examples(), marked], storage)
    votes = []
    for name, taught in (("marked", data), ("plain", intent_training(data))):
        vote = LexicalVote.create({}, storage, Resource(name), CONTEXT)
        vote.train(taught)
        probe = lexical_parsed("the surgery lost my referral", tokenizer, counts)
        votes.append(vote.process([probe])[0])
    return votes[0], votes[1]


def test_head_learns_urgency_from_them_and_categories_without_them(tmp_path: Path) -> None:
    extra = [
        urgency_example(f"hurt by the bill {i}", BILLING + HARM, "complaint_billing", "urgent")
        for i in range(6)
    ] + [urgency_example(f"privacy {i}", HARM, "complaint_privacy") for i in range(6)]
    plain, marked = heads_without_and_with(tmp_path, extra)
    assert marked.get(INTENT_RANKING_KEY) == plain.get(INTENT_RANKING_KEY)
    assert marked.get(URGENCY_SCORE_KEY) > plain.get(URGENCY_SCORE_KEY) + 0.1


def test_lexical_vote_learns_urgency_from_them_and_intents_without_them(tmp_path: Path) -> None:
    marked = Message.build(
        "the surgery lost the referral and now it has spread",
        "out_of_scope",
        None,
        {"urgency": "urgent", "urgency_only": True},
    )
    with_marked, plain = votes_with_and_without(tmp_path, marked)
    assert with_marked.get(INTENT_RANKING_KEY) == plain.get(INTENT_RANKING_KEY)
    assert "out_of_scope" not in {entry["name"] for entry in with_marked.get(INTENT_RANKING_KEY)}
    assert with_marked.get(URGENCY_SCORE_KEY) > plain.get(URGENCY_SCORE_KEY)


@pytest.mark.parametrize("mark", ["urgency_only", "entities_only"])
def test_svm_ranks_only_the_intents_that_were_taught(tmp_path: Path, mark: str) -> None:
    data = overlapping_intents()
    rng = np.random.default_rng(5)
    extra = [featurised(f"d{i}", rng.normal(0.6, 0.5, 8), "d") for i in range(15)]
    for message in extra:
        message.set("metadata", {"intent": {mark: True}})
    classifier = SeededSklearnIntentClassifier.create(
        {**SeededSklearnIntentClassifier.get_default_config(), "C": [1]},
        LocalModelStorage(tmp_path),
        Resource("svm"),
        CONTEXT,
    )
    classifier.train(TrainingData([*data.training_examples, *extra]))
    [message] = classifier.process([featurised("probe", np.full(8, 0.6))])
    assert sorted(entry["name"] for entry in message.get(INTENT_RANKING_KEY)) == ["a", "b", "c"]


@pytest.mark.parametrize("unlabelled", [3, 100])
def test_entity_sample_never_holds_them(unlabelled: int) -> None:
    plain = [Message(data={TEXT: f"the wait was {n} hours", "intent": "inform"}) for n in range(8)]
    marked = [urgency_example(f"lost referral {n}", HARM, "complaint_other") for n in range(8)]
    kept = entity_training_examples([*plain, *marked], unlabelled=unlabelled, seed=42)
    assert kept and not any(urgency_only(message) for message in kept)
    assert kept == entity_training_examples(plain, unlabelled=unlabelled, seed=42)


def entity_example(text: str, vector: np.ndarray, intent: str = "inform") -> Message:
    message = featurised(text, vector, intent)
    message.set("metadata", {"intent": {"entities_only": True, "urgency": "urgent"}})
    return message


def test_examples_for_entities_leave_the_head_as_it_was(tmp_path: Path) -> None:
    """Not the categories, and not the urgency score either, even when marked urgent."""
    extra = [
        entity_example(f"Dr Lin billed me {i}", BILLING + HARM, "complaint_billing")
        for i in range(6)
    ]
    plain, marked = heads_without_and_with(tmp_path, extra)
    assert marked.get(INTENT_RANKING_KEY) == plain.get(INTENT_RANKING_KEY)
    assert marked.get(URGENCY_SCORE_KEY) == plain.get(URGENCY_SCORE_KEY)


def test_examples_for_entities_leave_the_lexical_vote_as_it_was(tmp_path: Path) -> None:
    named = Message.build(
        "Dr Lin lost the referral last Tuesday",
        "out_of_scope",
        None,
        {"urgency": "urgent", "entities_only": True},
    )
    with_named, plain = votes_with_and_without(tmp_path, named)
    assert with_named.get(INTENT_RANKING_KEY) == plain.get(INTENT_RANKING_KEY)
    assert with_named.get(URGENCY_SCORE_KEY) == plain.get(URGENCY_SCORE_KEY)


def test_entity_sample_holds_every_example_for_entities_and_the_same_others() -> None:
    """Those without an entity stay in too: they teach what is not a name or a date."""
    plain = [Message(data={TEXT: f"the wait was {n} hours", "intent": "inform"}) for n in range(8)]
    named = [entity_example(f"Dr Lin on day {n}", HARM) for n in range(3)]
    kept = entity_training_examples([*plain, *named], unlabelled=3, seed=42)
    assert all(message in kept for message in named)
    assert [message for message in kept if message not in named] == entity_training_examples(
        plain, unlabelled=3, seed=42
    )
