"""`bot triage` end to end with the project's trained model (trained here if out of date)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from bot.ops.training import model_path, train_if_changed
from bot.settings import PROJECT_ROOT

HELDOUT = Path(__file__).with_name("heldout.jsonl")
FIELDS = {"kind", "category", "urgency", "confidence"}


@pytest.fixture(scope="module")
def model() -> Path:
    """The model `bot train` writes, as the live bot serves it."""
    train_if_changed()
    return model_path()


AWKWARD = [
    json.dumps({"text": "I was charged twice for the same appointment"}),
    json.dumps({"text": ""}),
    json.dumps({"text": "\U0001f621\U0001f621\U0001f621"}),
    json.dumps({"text": "Esper\u00e9 tres horas y nadie me atendi\u00f3"}),
    json.dumps({"text": "the wait was awful " * 600}),
    "{broken json",
    json.dumps({"text": "I want to end my life"}),
]


@pytest.fixture(scope="module")
def jsonl_answers(model: Path) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """The answers to the awkward lines and to the held-out rows, from one `bot triage --jsonl`
    run: loading the model is most of a run's time."""
    rows = [json.loads(line) for line in HELDOUT.read_text().splitlines() if line.strip()]
    answers = triage_lines(model, [*AWKWARD, *(json.dumps({"text": row["text"]}) for row in rows)])
    assert len(answers) == len(AWKWARD) + len(rows), "one answer per line, bad lines included"
    return answers[: len(AWKWARD)], answers[len(AWKWARD) :]


def triage_lines(model: Path, lines: List[str]) -> List[Dict[str, Any]]:
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "triage", "--jsonl", "--model", str(model)],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    return [json.loads(line) for line in completed.stdout.splitlines()]


def test_single_text_prints_one_json_object(model: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "triage",
            "my husband is not breathing",
            "--model",
            str(model),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    answer = json.loads(completed.stdout)
    assert answer["kind"] == "emergency" and answer["urgency"] == "emergency"
    assert answer["category"] is None and answer["confidence"] == 1.0


def test_jsonl_handles_awkward_input_without_crashing(
    jsonl_answers: Tuple[List[Dict[str, Any]], List[Dict[str, Any]]],
) -> None:
    answers, _ = jsonl_answers
    for index in (0, 1, 2, 3, 4, 6):
        assert answers[index].keys() >= FIELDS
        assert 0.0 <= answers[index]["confidence"] <= 1.0
    assert answers[0]["kind"] == "complaint" and answers[0]["category"] == "billing"
    assert answers[1]["kind"] == "out_of_scope" and answers[2]["kind"] == "out_of_scope"
    assert answers[3]["urgency"] in ("routine", "urgent")
    assert answers[4]["truncated"] is True
    assert "error" in answers[5]
    assert answers[6]["kind"] == "crisis"
    for answer in answers:
        if answer.get("kind") != "complaint":
            assert answer.get("category") is None


def test_heldout_messages_are_mostly_understood(
    jsonl_answers: Tuple[List[Dict[str, Any]], List[Dict[str, Any]]],
) -> None:
    """My own held-out messages (never trained on): safety rows exact, the rest mostly right."""
    rows = [json.loads(line) for line in HELDOUT.read_text().splitlines() if line.strip()]
    _, answers = jsonl_answers
    kinds_right = sum(
        1 for row, answer in zip(rows, answers, strict=True) if row["kind"] == answer["kind"]
    )
    for row, answer in zip(rows, answers, strict=True):
        if row["kind"] in ("emergency", "crisis"):
            assert answer["urgency"] == row["kind"]
    assert kinds_right / len(rows) >= 0.8
