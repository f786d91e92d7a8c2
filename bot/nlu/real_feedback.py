"""Real patient feedback as training data: `python -m bot.nlu.real_feedback SOURCE.csv`.

The team's own examples taught the models how the team writes, and figures on them did not carry
over to what patients send (README of the eval file; issue "read real patients"). The NHS
Friends and Family Test comments in `../shared/train/` are real patients' words with their
annotators' topics and sentiment, mapped onto our categories. This module turns them into Rasa
NLU data under `data/real/` (committed, with the source's licence in `data/real/NOTICE`), so a
fresh clone trains from its own repository.

What a row teaches is decided by the annotators' labels alone, never by reading the rows:
- a complaint (sentiment 4-5, or criticality -2 and below) with exactly one mapped category
  teaches `complaint_<category>`; complaints with several topics would teach a category the
  annotators did not single out, so they stay out;
- praise (sentiment 1, or criticality 2 and above) teaches `compliment`, including "nothing to
  improve" answers, which is how "Nothing. Keep up the good work" must be read;
- mixed rows teach nothing.
Urgency is not labelled in the source: the complaints are marked `urgency: unlabelled` and stay
out of the urgency models (`bot.nlu.complaint_head.urgency_target`), while praise, which is never
urgent, teaches them "routine" on real text.

One respondent in five (by a hash of the respondent's id, so all of a respondent's answers fall
on one side) is kept out of training as the development part, `data/real/dev.jsonl`, which the
benches score and nobody reads while choosing. Per-intent caps keep the training time within
its budget; which rows fill a cap is again decided by a hash, not by reading.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from bot.cases.vocabulary import Category
from bot.nlu.teaching import UNLABELLED

COMPLIMENT = "compliment"
COMPLAINT_PREFIX = "complaint_"
DEV_SHARE = 5  # one respondent in DEV_SHARE goes to the development part
MAX_WORDS = 60  # longer comments cost training time and teach little more
# Training rows per intent at most (the development part is never capped). Chosen so training
# from scratch stays within 15 minutes on 2 cores; the thin categories keep every row.
CAPS: Dict[str, int] = {
    COMPLIMENT: 500,
    **{f"{COMPLAINT_PREFIX}{category.value}": 220 for category in Category},
}
_V6_QUESTION = re.compile(r"\s*-\s*Q\d+\s*$")
# An entity annotation in Rasa's markup, "[Dr Chen](person)" or "[Dr Chen]{...}": its text.
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class Row:
    """One labelled comment: what it teaches and whose it is."""

    row_id: str
    respondent: str
    text: str
    intent: str
    # For the development part: the single category of a complaint, None for praise.
    category: Optional[str]


def respondent_of(row_id: str) -> str:
    """The respondent behind a row: v6 ids name a comment per question ("NEAS 111 2195 - Q1"),
    so a respondent's answers to Q1 and Q2 share the id without the question; phase-1 rows
    name a row only, each its own respondent."""
    return _V6_QUESTION.sub("", row_id)


def polarity(sentiment: str, criticality: str) -> Optional[str]:
    """`complaint`, `praise` or None (mixed or unlabelled), by the scoring rule of the source's
    README: sentiment 4-5 or criticality <= -2 is a complaint, sentiment 1 or criticality >= 2
    is not one."""
    if sentiment.strip():
        value = int(sentiment)
        return "complaint" if value >= 4 else "praise" if value == 1 else None
    if criticality.strip():
        value = int(criticality)
        return "complaint" if value <= -2 else "praise" if value >= 2 else None
    return None


def clean(text: str) -> str:
    """One line of text, whitespace folded (a Rasa example is one line)."""
    return " ".join(text.split())


def labelled_rows(records: Iterable[Dict[str, str]]) -> Iterator[Row]:
    """The rows that teach something, in source order."""
    for record in records:
        text = clean(record["text"])
        # Rasa would read "[..](..)" as an entity annotation and change the example's text.
        if not any(character.isalpha() for character in text) or _ANNOTATION.search(text):
            continue
        kind = polarity(record["sentiment_1pos_5neg"], record["criticality_m5_p5"])
        categories = [part for part in record["mapped_categories"].split("|") if part]
        respondent = respondent_of(record["row_id"])
        if kind == "praise":
            yield Row(record["row_id"], respondent, text, COMPLIMENT, None)
        elif kind == "complaint" and len(categories) == 1:
            category = Category(categories[0]).value
            yield Row(record["row_id"], respondent, text, COMPLAINT_PREFIX + category, category)


def _hash(value: str) -> int:
    return int.from_bytes(hashlib.sha256(value.encode()).digest()[:8], "big")


def is_dev(row: Row) -> bool:
    """Whether the row's respondent belongs to the development part."""
    return _hash(row.respondent) % DEV_SHARE == 0


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def split(rows: Sequence[Row], taken: Set[str]) -> Tuple[List[Row], List[Row]]:
    """Training and development rows. A text labelled two ways, or one the project's own data
    already holds (`taken`, normalised), teaches nothing; a text repeated (many "Nothing."
    answers) is kept once."""
    intents_by_text: Dict[str, Set[str]] = {}
    for row in rows:
        intents_by_text.setdefault(_key(row.text), set()).add(row.intent)
    seen: Set[str] = set()
    train: List[Row] = []
    dev: List[Row] = []
    for row in rows:
        key = _key(row.text)
        if key in seen or key in taken or len(intents_by_text[key]) > 1:
            continue
        seen.add(key)
        (dev if is_dev(row) else train).append(row)
    return _capped(train), dev


def _capped(rows: Sequence[Row]) -> List[Row]:
    """At most CAPS[intent] short rows per intent, chosen by hash, in source order."""
    chosen: Set[str] = set()
    for intent, cap in CAPS.items():
        fitting = [
            row for row in rows if row.intent == intent and len(row.text.split()) <= MAX_WORDS
        ]
        chosen.update(row.row_id for row in sorted(fitting, key=lambda r: _hash(r.row_id))[:cap])
    return [row for row in rows if row.row_id in chosen]


def nlu_yaml(rows: Sequence[Row]) -> str:
    """Rasa NLU data for `rows`, one block per intent."""
    lines = [
        'version: "3.1"',
        "# Generated by `python -m bot.nlu.real_feedback` from ../shared/train (see NOTICE);",
        "# do not edit by hand: regenerate.",
        "nlu:",
    ]
    for intent in sorted({row.intent for row in rows}):
        lines.append(f"  - intent: {intent}")
        if intent.startswith(COMPLAINT_PREFIX):
            lines += ["    metadata:", f"      urgency: {UNLABELLED}"]
        lines.append("    examples: |")
        lines += [f"      - {row.text}" for row in rows if row.intent == intent]
    return "\n".join(lines) + "\n"


def dev_jsonl(rows: Sequence[Row]) -> str:
    """The development part, one JSON object a line (`text`, `complaint`, `category`)."""
    return "".join(
        json.dumps(
            {
                "id": row.row_id,
                "text": row.text,
                "complaint": row.intent != COMPLIMENT,
                "category": row.category,
            },
            ensure_ascii=False,
        )
        + "\n"
        for row in rows
    )


def project_texts(nlu_dir: Path, heldout_dir: Path) -> Set[str]:
    """The normalised texts of the project's own NLU examples and held-out messages: a real row
    that repeats one would teach a label twice, or leak a message the thresholds are chosen on."""
    texts: Set[str] = set()
    for path in nlu_dir.rglob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith("- ") and not stripped.startswith("- intent:"):
                texts.add(_key(_ANNOTATION.sub(r"\1", stripped[2:])))
    for path in heldout_dir.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.add(_key(json.loads(line)["text"]))
    return texts


def build(source: Path, root: Path) -> Tuple[int, int]:
    """Write `data/real/nlu/feedback.yml` and `data/real/dev.jsonl` under `root`; return their
    row counts."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(labelled_rows(csv.DictReader(handle)))
    train, dev = split(rows, project_texts(root / "data" / "nlu", root / "tests" / "triage"))
    out_dir = root / "data" / "real"
    (out_dir / "nlu").mkdir(parents=True, exist_ok=True)
    (out_dir / "nlu" / "feedback.yml").write_text(nlu_yaml(train), encoding="utf-8")
    (out_dir / "dev.jsonl").write_text(dev_jsonl(dev), encoding="utf-8")
    return len(train), len(dev)


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Regenerate `data/real/` from the shared training file."""
    from bot.settings import PROJECT_ROOT

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "source",
        nargs="?",
        type=Path,
        default=PROJECT_ROOT.parent / "shared" / "train" / "nhs_feedback_train.csv",
    )
    args = parser.parse_args(argv)
    trained, held = build(args.source, PROJECT_ROOT)
    print(f"real feedback: {trained} training rows, {held} development rows")


if __name__ == "__main__":
    main()
