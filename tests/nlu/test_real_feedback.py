"""`bot.nlu.real_feedback`: which real comments teach what, and that `data/real/` is what the
builder makes from the shared file (so nobody hand-edits or hand-picks training rows)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Dict, List

import yaml

from bot.nlu.real_feedback import (
    Row,
    build,
    is_dev,
    labelled_rows,
    polarity,
    respondent_of,
    split,
)
from bot.settings import PROJECT_ROOT

SHARED_SOURCE = PROJECT_ROOT.parent / "shared" / "train" / "nhs_feedback_train.csv"
COLUMNS = (
    "row_id",
    "text",
    "question",
    "service",
    "source_topics",
    "sentiment_1pos_5neg",
    "criticality_m5_p5",
    "mapped_categories",
)


def record(
    row_id: str, text: str, sentiment: str = "", criticality: str = "", cats: str = ""
) -> Dict[str, str]:
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        row_id=row_id,
        text=text,
        sentiment_1pos_5neg=sentiment,
        criticality_m5_p5=criticality,
        mapped_categories=cats,
    )
    return values


def test_polarity_follows_the_sources_scoring_rule() -> None:
    assert [polarity(str(s), "") for s in range(1, 6)] == [
        "praise",
        None,
        None,
        "complaint",
        "complaint",
    ]
    assert polarity("", "-2") == "complaint"
    assert polarity("", "-1") is None
    assert polarity("", "2") == "praise"
    assert polarity("", "") is None


def test_a_respondents_answers_share_one_id() -> None:
    assert respondent_of("pxtm:v6framework_230831:NEAS 111 2195 - Q1") == respondent_of(
        "pxtm:v6framework_230831:NEAS 111 2195 - Q2"
    )
    assert respondent_of("pxtm:phase_1/text_data:1017") == "pxtm:phase_1/text_data:1017"


def test_only_single_topic_complaints_and_praise_teach() -> None:
    rows = list(
        labelled_rows(
            [
                record(
                    "a - Q1",
                    "Waited three hours\nto be seen",
                    sentiment="5",
                    cats="scheduling_wait",
                ),
                record(
                    "b - Q1",
                    "Rude and slow",
                    sentiment="4",
                    cats="scheduling_wait|staff_communication",
                ),
                record("c - Q1", "Nothing, all good", sentiment="1"),
                record("d - Q1", "It was fine I suppose", sentiment="3", cats="other"),
                record("e", "The parking is awful", criticality="-3", cats="accessibility"),
                record("f", "!!!", sentiment="1"),
                record("g", "see [note](x) here", sentiment="1"),
            ]
        )
    )
    assert [(row.row_id, row.intent, row.category) for row in rows] == [
        ("a - Q1", "complaint_scheduling_wait", "scheduling_wait"),
        ("c - Q1", "compliment", None),
        ("e", "complaint_accessibility", "accessibility"),
    ]
    assert rows[0].text == "Waited three hours to be seen"


def test_split_keeps_respondents_whole_and_drops_conflicts() -> None:
    rows = [
        Row(f"r{n} - Q{q}", f"r{n}", f"comment {n} {q}", "compliment", None)
        for n in range(200)
        for q in (1, 2)
    ]
    rows.append(Row("x - Q1", "x", "Comment 7 1!", "complaint_other", "other"))
    rows.append(Row("y - Q1", "y", "already ours", "compliment", None))
    train, dev = split(rows, taken={"already ours"})
    assert {row.respondent for row in train}.isdisjoint({row.respondent for row in dev})
    assert all(is_dev(row) for row in dev) and not any(is_dev(row) for row in train)
    texts = [row.text.lower() for row in train + dev]
    assert "comment 7 1" not in texts and "comment 7 1!" not in texts
    assert "already ours" not in texts
    assert 0.1 < len(dev) / (len(train) + len(dev)) < 0.3


def test_build_writes_rasa_data_and_the_development_part(tmp_path: Path) -> None:
    source = tmp_path / "source.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(60):
            writer.writerow(
                record(f"s{n} - Q1", f"The toilets were dirty on visit {n}", "5", cats="facility")
            )
            writer.writerow(record(f"s{n} - Q2", f"Lovely staff on visit {n}", "1"))
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "tests" / "triage").mkdir(parents=True)
    trained, held = build(source, tmp_path)
    assert trained + held == 120
    data = yaml.safe_load((tmp_path / "data" / "real" / "nlu" / "feedback.yml").read_text())
    blocks = {block["intent"]: block for block in data["nlu"]}
    assert blocks["complaint_facility"]["metadata"] == {"urgency": "unlabelled"}
    assert "metadata" not in blocks["compliment"]
    dev = [
        json.loads(line)
        for line in (tmp_path / "data" / "real" / "dev.jsonl").read_text().splitlines()
    ]
    assert len(dev) == held
    assert {(row["complaint"], row["category"]) for row in dev} <= {
        (True, "facility"),
        (False, None),
    }


def test_data_real_is_what_the_builder_makes(tmp_path: Path) -> None:
    """Regenerating from ../shared/train (there in CI and on every developer machine) changes
    nothing."""
    for part in ("data/nlu", "tests/triage"):
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / part).symlink_to(PROJECT_ROOT / part)
    build(SHARED_SOURCE, tmp_path)
    for part in ("nlu/feedback.yml", "dev.jsonl"):
        made: List[str] = (tmp_path / "data" / "real" / part).read_text().splitlines()
        assert made == (PROJECT_ROOT / "data" / "real" / part).read_text().splitlines(), part
