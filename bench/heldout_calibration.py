"""Figures on the team's own held-out messages, and the semantic urgency threshold sweep.

Run: `.venv/bin/python -m bench.heldout_calibration` (after `bot train`). The held-out files are
written by the team and never trained on; thresholds are chosen on them, so the shared evaluation
file stays a test nobody tunes to. Five files, each printed on its own:

- `heldout.jsonl`: complaints and the other kinds as patients text them (the first set).
- `heldout_urgency.jsonl`: the development set for urgency, in the registers the first set lacks
  (feedback comments, survey answers about phone lines, crews and community teams, forum posts,
  voice-note symptoms, medicine reviews). Rules were written while reading its misses, so its
  figures flatter them.
- `heldout_urgency_blind.jsonl`: the second development set, written by another hand (a helper
  that saw none of the team's data) in nine registers. Its messages are never read: rules and
  data are written without it and only its aggregate figures choose the threshold, so a
  threshold that fits the first two sets' edges must also hold on messages nobody tuned to.
- `heldout_urgency_blind2.jsonl`: the third development set (2026-12-05), written the same way
  by a fourth hand, at a prevalence nearer a real inbox (125 of 300 urgent or worse, the rest
  routine complaints in alarming words, symptoms, low mood, medicine reviews and small talk).
  Never read either.
- `heldout_urgency_test.jsonl`: written separately, never read while writing rules or data; only
  its aggregate figures are looked at. It is the honest measure of the urgency work.

Each prints complaint precision/recall/F1, category accuracy, urgent recall/precision with rules
only and for a range of `SEMANTIC_URGENCY` values (rules always count), and how many emergencies
and crises got that urgency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

from bench.nlu_eval import URGENT_LEVELS, prf
from bot.settings import PROJECT_ROOT
from bot.triage.commands import quiet_libraries
from bot.triage.mapping import SEMANTIC_URGENCY, Triage, classify
from bot.triage.service import TriageService, triage_of, urgency_score_of

HELDOUT_DIR = PROJECT_ROOT / "tests" / "triage"
HELDOUT_FILES = (
    HELDOUT_DIR / "heldout.jsonl",
    HELDOUT_DIR / "heldout_urgency.jsonl",
    HELDOUT_DIR / "heldout_urgency_blind.jsonl",
    HELDOUT_DIR / "heldout_urgency_blind2.jsonl",
    HELDOUT_DIR / "heldout_urgency_test.jsonl",
)
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Scored:
    """One held-out row with the model's triage, its score, and whether a score could flag it."""

    kind: str
    category: Optional[str]
    level: str
    triage: Triage
    rules_urgent: bool
    eligible: bool
    score: float

    @property
    def urgent(self) -> bool:
        """Whether the row's label calls for the manager at once (urgent or worse)."""
        return self.level in URGENT_LEVELS


async def score_all(service: TriageService, path: Path) -> List[Scored]:
    """Triage every held-out row, keeping what the threshold sweep needs."""
    results = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        parse = await service.parse(row["text"])
        if parse is None:
            continue
        triage = triage_of(parse)
        ranking = parse.get("intent_ranking") or [parse.get("intent") or {}]
        text = str(parse.get("text") or "")
        results.append(
            Scored(
                kind=row["kind"],
                category=row.get("category"),
                level=row.get("urgency") or "routine",
                triage=triage,
                rules_urgent=classify(text, ranking, 0.0).urgency.value in URGENT_LEVELS,
                eligible=classify(text, ranking, 1.0).urgency.value in URGENT_LEVELS,
                score=urgency_score_of(parse),
            )
        )
    return results


def report(rows: Sequence[Scored]) -> List[str]:
    """The printed figures."""
    precision, recall, f1, actual, total = prf(
        [(row.kind == "complaint", row.triage.kind == "complaint") for row in rows]
    )
    lines = [
        f"held-out complaint (n={total}, complaints={actual}): "
        f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"
    ]
    labelled = [row for row in rows if row.kind == "complaint" and row.category]
    right = sum(
        1
        for row in labelled
        if row.triage.category is not None and row.triage.category.value == row.category
    )
    lines.append(f"held-out category accuracy (n={len(labelled)}): {right / len(labelled):.3f}")
    lines.append(f"held-out urgent (urgent={sum(row.urgent for row in rows)}):")
    lines.append(f"  rules only: {_urgent(rows, None)}")
    for threshold in THRESHOLDS:
        marker = "  <- configured" if threshold == SEMANTIC_URGENCY else ""
        lines.append(f"  rules or score >= {threshold:.1f}: {_urgent(rows, threshold)}{marker}")
    for level in ("emergency", "crisis"):
        wanted = [row for row in rows if row.level == level]
        if wanted:
            hits = sum(1 for row in wanted if row.triage.urgency.value == level)
            lines.append(f"  {level} messages answered as {level}: {hits}/{len(wanted)}")
    return lines


def _urgent(rows: Sequence[Scored], threshold: Optional[float]) -> str:
    """Urgent recall and precision when the score counts from `threshold` (None: rules only)."""
    pairs = [
        (
            row.urgent,
            row.rules_urgent or (threshold is not None and row.eligible and row.score >= threshold),
        )
        for row in rows
    ]
    precision, recall, _, _, _ = prf(pairs)
    return f"recall {recall:.3f}  precision {precision:.3f}"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Load the model, score each held-out file and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.heldout_calibration")
    parser.add_argument(
        "--heldout", type=Path, action="append", help="a held-out file (default: all five)"
    )
    parser.add_argument("--model", type=Path, help="model archive (default models/intake.tar.gz)")
    args = parser.parse_args(argv)
    quiet_libraries()
    service = TriageService.load(args.model)
    for path in args.heldout or HELDOUT_FILES:
        print(f"== {path.name}")
        for line in report(asyncio.run(score_all(service, path))):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
