"""The training data never holds a message the thresholds are chosen or measured on.

Thresholds are chosen on the held-out and safety files in `tests/triage/`, and their figures are
only honest while the models have never seen those messages. Training files are written by
several hands (the team and helpers that saw none of the held-out files), so an overlap would
come in by accident, not by design; this test is what notices it. Greetings and other short
pleasantries ("hi", "bye for now") are the same in every hand, so only messages of
`DISTINCT_WORDS` words or more count.
"""

from __future__ import annotations

import json
import re
from typing import Iterator, Set

import yaml

from bot.settings import PROJECT_ROOT

NLU_DIRS = (PROJECT_ROOT / "data" / "nlu", PROJECT_ROOT / "data" / "real" / "nlu")
HELDOUT_FILES = (
    *sorted((PROJECT_ROOT / "tests" / "triage").glob("*.jsonl")),
    PROJECT_ROOT / "data" / "real" / "dev.jsonl",
)
DISTINCT_WORDS = 7
# `[Dr Patel](staff_name)` in Rasa's markup is "Dr Patel" to the model.
ENTITY_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")


def normalised(text: str) -> str:
    """Lower case words only, so punctuation and spacing differences still match."""
    return " ".join(re.findall(r"\w+", text.lower()))


def training_texts() -> Iterator[str]:
    """Every example of every intent in `data/nlu/` and `data/real/nlu/`, without markup."""
    for path in sorted(path for folder in NLU_DIRS for path in folder.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            examples = block.get("examples")
            if "intent" not in block or not isinstance(examples, str):
                continue
            for line in examples.splitlines():
                if line.strip().startswith("- "):
                    yield ENTITY_MARKUP.sub(
                        lambda match: match.group(1) or match.group(2), line.strip()[2:]
                    )


def heldout_texts() -> Set[str]:
    """The normalised messages of every held-out, development and safety file (the real
    feedback's development part too), but the short."""
    texts = set()
    for path in HELDOUT_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            text = normalised(json.loads(line)["text"]) if line.strip() else ""
            if len(text.split()) >= DISTINCT_WORDS:
                texts.add(text)
    return texts


def test_the_files_are_found() -> None:
    assert sum(1 for _ in training_texts()) > 5000
    assert len(heldout_texts()) > 1500


def test_no_held_out_message_is_a_training_example() -> None:
    held_out = heldout_texts()
    overlap = {text for text in map(normalised, training_texts()) if text in held_out}
    assert len(overlap) == 0, "held-out messages are training examples"
