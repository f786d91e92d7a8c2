"""The lexical vote: TF-IDF weighting, the blend, training on Rasa's own sparse features."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfTransformer

from bot.nlu.complaint_head import LinearModel
from bot.nlu.lexical_vote import LexicalVote, TfIdf, blend, pool_urgency
from bot.triage.mapping import URGENCY_SCORE_KEY

CONTEXT = ExecutionContext(graph_schema=None, node_name="test")
# Toy examples written for this test: who the message is about decides the intent.
EXAMPLES = {
    "complaint_staff_communication": [
        "the receptionist was rude to me",
        "the receptionist hung up on me",
        "the doctor never listens to me",
        "the doctor was rude and dismissive",
        "the nurse ignored my questions",
    ],
    "medical_question": [
        "my boyfriend never listens to me",
        "my boyfriend is rude to me and I feel low",
        "my sister ignored my calls and I can't sleep",
        "my husband shouts at me and I feel anxious",
        "my boyfriend and I argue all the time",
    ],
}
# Toy urgency labels: the same complaint intent, told with and without a harm the rules miss.
URGENT_EXAMPLES = [
    "the nurse left my dad bleeding on the floor",
    "my mum was bleeding for an hour before anyone looked",
    "the doctor left me bleeding after the stitches came out",
]


def test_tfidf_matches_sklearn_sublinear_weighting() -> None:
    counts = scipy.sparse.csr_matrix(
        np.array([[3, 0, 1, 0], [0, 0, 0, 0], [1, 2, 0, 5], [0, 1, 1, 1]], dtype=np.float64)
    )
    reference = TfidfTransformer(sublinear_tf=True).fit(counts)
    ours = TfIdf.fit(counts)
    assert ours.idf == pytest.approx(reference.idf_)
    assert ours.transform(counts).toarray() == pytest.approx(
        reference.transform(counts).toarray()
    )
    assert counts.toarray()[0, 0] == 3  # the input is left as it was


def test_linear_model_reads_a_sparse_row_as_its_dense_twin() -> None:
    rng = np.random.default_rng(5)
    model = LinearModel(rng.normal(size=(3, 8)), rng.normal(size=3))
    row = scipy.sparse.csr_matrix(np.array([[0, 0, 1.5, 0, 0, 0.5, 0, 0]]))
    assert model.scores(row) == pytest.approx(model.scores(row.toarray().ravel()))


def test_blend_pools_geometrically_over_the_ranked_intents() -> None:
    ranking = [{"name": "greet", "confidence": 0.7}, {"name": "complaint_billing", "confidence": 0.3}]
    blended = blend(
        ranking, ["complaint_billing", "greet", "thanks"], np.array([0.8, 0.1, 0.1]), 0.5
    )
    billing, greet = np.sqrt(0.3 * 0.8), np.sqrt(0.7 * 0.1)
    assert [entry["name"] for entry in blended] == ["complaint_billing", "greet"]
    assert [entry["confidence"] for entry in blended] == pytest.approx(
        [billing / (billing + greet), greet / (billing + greet)]
    )


def test_where_the_models_agree_the_pool_stays_as_sure_as_they_are() -> None:
    ranking = [{"name": "complaint_billing", "confidence": 0.9}, {"name": "greet", "confidence": 0.1}]
    [billing, _] = blend(ranking, ["complaint_billing", "greet"], np.array([0.6, 0.4]), 0.5)
    assert billing["confidence"] > (0.9 + 0.6) / 2


def test_blend_without_a_shared_intent_is_the_lexical_vote_alone() -> None:
    expected = [{"name": "thanks", "confidence": 0.75}, {"name": "greet", "confidence": 0.25}]
    assert blend([], ["greet", "thanks"], np.array([0.25, 0.75]), 0.5) == expected
    ranked_elsewhere = [{"name": "affirm", "confidence": 1.0}]
    assert blend(ranked_elsewhere, ["greet", "thanks"], np.array([0.25, 0.75]), 0.5) == expected


def toy_examples() -> List[Message]:
    """EXAMPLES and URGENT_EXAMPLES as training messages."""
    return [
        Message.build(text, intent) for intent, texts in EXAMPLES.items() for text in texts
    ] + [
        Message.build(text, "complaint_staff_communication", None, {"urgency": "urgent"})
        for text in URGENT_EXAMPLES
    ]


def featurised_data(
    examples: List[Message], storage: LocalModelStorage
) -> tuple[WhitespaceTokenizer, CountVectorsFeaturizer, TrainingData]:
    """Tokenizer and word counts trained on `examples`, and the examples featurised by them."""
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    data = TrainingData(examples)
    tokenizer.process_training_data(data)
    counts = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("counts"), CONTEXT
    )
    counts.train(data)
    counts.process_training_data(data)
    return tokenizer, counts, data


def trained_pipeline(tmp_path: Path) -> tuple[WhitespaceTokenizer, CountVectorsFeaturizer, Any]:
    storage = LocalModelStorage(tmp_path)
    tokenizer, counts, data = featurised_data(toy_examples(), storage)
    vote = LexicalVote.create({}, storage, Resource("vote"), CONTEXT)
    vote.train(data)
    return tokenizer, counts, vote


def parsed(
    text: str,
    tokenizer: WhitespaceTokenizer,
    counts: CountVectorsFeaturizer,
    urgency_score: Optional[float] = 0.5,
) -> Message:
    message = Message.build(text)
    tokenizer.process([message])
    counts.process([message])
    if urgency_score is not None:
        message.set(URGENCY_SCORE_KEY, urgency_score, add_to_output=True)
    ranking: List[Dict[str, Any]] = [
        {"name": "complaint_staff_communication", "confidence": 0.6},
        {"name": "medical_question", "confidence": 0.4},
    ]
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    return message


def test_trained_vote_moves_a_personal_story_away_from_a_complaint(tmp_path: Path) -> None:
    tokenizer, counts, vote = trained_pipeline(tmp_path)
    [personal] = vote.process([parsed("my boyfriend was rude to me", tokenizer, counts)])
    assert personal.get(INTENT)["name"] == "medical_question"
    assert sum(entry["confidence"] for entry in personal.get(INTENT_RANKING_KEY)) == (
        pytest.approx(1.0)
    )
    [staff] = vote.process([parsed("the receptionist never listens", tokenizer, counts)])
    assert staff.get(INTENT)["name"] == "complaint_staff_communication"
    assert staff.get(INTENT)["confidence"] > 0.6


def test_pool_urgency_is_geometric_and_falls_back_to_the_lexical_vote() -> None:
    urgent, routine = 0.8**0.7 * 0.4**0.3, 0.2**0.7 * 0.6**0.3
    assert pool_urgency(0.8, 0.4, 0.3) == pytest.approx(urgent / (urgent + routine))
    assert pool_urgency(0.8, 0.4, 0.0) == pytest.approx(0.8)
    assert pool_urgency(0.8, 0.4, 1.0) == pytest.approx(0.4)
    assert pool_urgency(0.9, 0.9, 0.5) == pytest.approx(0.9)
    assert pool_urgency(None, 0.4, 0.3) == 0.4
    assert 0.0 < pool_urgency(0.0, 1.0, 0.5) < 1.0


def test_trained_vote_raises_the_urgency_of_a_harm_told_in_its_words(tmp_path: Path) -> None:
    tokenizer, counts, vote = trained_pipeline(tmp_path)
    [harm] = vote.process([parsed("the nurse left my son bleeding", tokenizer, counts)])
    [rude] = vote.process([parsed("the nurse was rude to my son", tokenizer, counts)])
    assert harm.get(URGENCY_SCORE_KEY) > 0.5 > rude.get(URGENCY_SCORE_KEY)
    assert URGENCY_SCORE_KEY in harm.as_dict(only_output_properties=True)
    [alone] = vote.process([parsed("left bleeding", tokenizer, counts, urgency_score=None)])
    assert alone.get(URGENCY_SCORE_KEY) > 0.5


def test_votes_survive_persist_and_load(tmp_path: Path) -> None:
    tokenizer, counts, vote = trained_pipeline(tmp_path)
    loaded = LexicalVote.load({}, LocalModelStorage(tmp_path), Resource("vote"), CONTEXT)
    text = "my husband never listens to the doctor and left me bleeding"
    [before] = vote.process([parsed(text, tokenizer, counts)])
    [after] = loaded.process([parsed(text, tokenizer, counts)])
    assert [entry["name"] for entry in after.get(INTENT_RANKING_KEY)] == [
        entry["name"] for entry in before.get(INTENT_RANKING_KEY)
    ]
    assert [entry["confidence"] for entry in after.get(INTENT_RANKING_KEY)] == pytest.approx(
        [entry["confidence"] for entry in before.get(INTENT_RANKING_KEY)], abs=1e-6
    )
    assert after.get(URGENCY_SCORE_KEY) == pytest.approx(before.get(URGENCY_SCORE_KEY), abs=1e-4)


def test_an_untrained_vote_or_an_unfeaturised_message_is_left_alone(tmp_path: Path) -> None:
    tokenizer, counts, vote = trained_pipeline(tmp_path)
    untrained = LexicalVote.create({}, LocalModelStorage(tmp_path), Resource("none"), CONTEXT)
    message = parsed("the nurse was rude", tokenizer, counts)
    ranking = message.get(INTENT_RANKING_KEY)
    assert untrained.process([message])[0].get(INTENT_RANKING_KEY) == ranking
    bare = Message.build("no features here")
    bare.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    assert vote.process([bare])[0].get(INTENT_RANKING_KEY) == ranking


@pytest.mark.parametrize(
    "config",
    [{"weight": 1.5}, {"weight": -0.1}, {"c": 0}, {"urgency_weight": 2.0}, {"urgency_c": -1}],
)
def test_config_outside_its_range_is_rejected(config: Dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="LexicalVote"):
        LexicalVote.validate_config(config)
