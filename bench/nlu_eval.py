"""How well `bot triage` reads messages nobody on the team wrote.

Run: `.venv/bin/python -m bench.nlu_eval` (or `make nlu-eval`). Pipes the `text` column of
`../shared/eval/external_messages.csv` (read at run time, never copied, never trained on) through
`bot triage --jsonl`, exactly as a script would, and prints aggregate figures only:
complaint vs. non-complaint precision/recall/F1, category accuracy and macro-F1 with per-category
support and the most frequent confusions (counts only), urgent recall and precision, and
emergency/crisis recall where the labels say so.
Targets (issue 32): complaint F1 >= 0.92, category accuracy >= 0.80, urgent recall >= 0.95 at
precision >= 0.65, every emergency and crisis row caught.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from bot.settings import PROJECT_ROOT

DEFAULT_CSV = PROJECT_ROOT.parent / "shared" / "eval" / "external_messages.csv"
YES = {"yes", "y", "true", "1", "urgent", "emergency", "crisis"}
NO = {"no", "n", "false", "0", "routine", "not_urgent", "not urgent"}
URGENT_LEVELS = {"urgent", "emergency", "crisis"}


@dataclass(frozen=True)
class Row:
    """One labelled message (labels normalised to lower case, blank as '')."""

    text: str
    complaint: str
    category: str
    urgent: str


def load_rows(path: Path) -> List[Row]:
    """The labelled rows of the evaluation file."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Row(
                text=record.get("text") or "",
                complaint=(record.get("label_complaint") or "").strip().lower(),
                category=(record.get("label_category") or "").strip().lower(),
                urgent=(record.get("label_urgent") or "").strip().lower(),
            )
            for record in csv.DictReader(handle)
        ]


def triage_all(texts: Sequence[str], model: Optional[Path]) -> List[Dict[str, object]]:
    """Answers of `bot triage --jsonl` for `texts`, in order."""
    command = [sys.executable, "-m", "bot", "triage", "--jsonl"]
    if model is not None:
        command += ["--model", str(model)]
    payload = "".join(json.dumps({"text": text}) + "\n" for text in texts)
    completed = subprocess.run(
        command,
        input=payload,
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    answers = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    if len(answers) != len(texts):
        raise SystemExit(f"bot triage answered {len(answers)} lines for {len(texts)} inputs")
    return answers


def prf(pairs: Sequence[Tuple[bool, bool]]) -> Tuple[float, float, float, int, int]:
    """Precision, recall, F1, positives and support of (truth, prediction) pairs."""
    true_positive = sum(1 for truth, guess in pairs if truth and guess)
    predicted = sum(1 for _, guess in pairs if guess)
    actual = sum(1 for truth, _ in pairs if truth)
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, actual, len(pairs)


def report(rows: Sequence[Row], answers: Sequence[Dict[str, object]]) -> List[str]:
    """The printed figures."""
    lines: List[str] = []
    pairs = list(zip(rows, answers, strict=True))
    errors = sum(1 for answer in answers if "error" in answer)
    lines.append(f"messages: {len(rows)}  triage errors: {errors}")

    scored = [
        (row.complaint in YES, answer.get("kind") == "complaint")
        for row, answer in pairs
        if row.complaint in YES | NO
    ]
    precision, recall, f1, actual, total = prf(scored)
    lines.append(
        f"complaint vs non-complaint (n={total}, complaints={actual}): "
        f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}   target F1 >= 0.92"
    )
    kinds = Counter(str(answer.get("kind")) for row, answer in pairs if row.complaint in NO)
    lines.append("  predicted kinds on non-complaints: " + most_common_line(kinds))
    missed = Counter(str(answer.get("kind")) for row, answer in pairs if row.complaint in YES)
    lines.append("  predicted kinds on complaints: " + most_common_line(missed))

    labelled = [
        (row.category, str(answer.get("category") or "-"))
        for row, answer in pairs
        if row.complaint in YES and row.category
    ]
    if labelled:
        accuracy = sum(1 for truth, guess in labelled if truth == guess) / len(labelled)
        categories = sorted({truth for truth, _ in labelled})
        per_category = []
        f1s = []
        for category in categories:
            p, r, f, support, _ = prf([(t == category, g == category) for t, g in labelled])
            f1s.append(f)
            per_category.append(
                f"  {category:20} support {support:3}  P {p:.2f}  R {r:.2f}  F1 {f:.2f}"
            )
        lines.append(
            f"category on complaints (n={len(labelled)}): accuracy {accuracy:.3f}  "
            f"macro-F1 {sum(f1s) / len(f1s):.3f}   target accuracy >= 0.80"
        )
        lines.extend(per_category)
        confused = Counter(f"{truth}->{guess}" for truth, guess in labelled if truth != guess)
        lines.append("  most confused (truth->predicted): " + most_common_line(confused, 10))

    urgent_pairs = [
        (row.urgent in YES, str(answer.get("urgency")) in URGENT_LEVELS)
        for row, answer in pairs
        if row.urgent in YES | NO
    ]
    precision, recall, _, actual, total = prf(urgent_pairs)
    lines.append(
        f"urgent (n={total}, urgent={actual}): recall {recall:.3f}  precision {precision:.3f}"
        "   target recall >= 0.95 at precision >= 0.65"
    )

    by_reason: Dict[str, List[int]] = {}
    for row, answer in pairs:
        if row.urgent in YES | NO and str(answer.get("urgency")) in URGENT_LEVELS:
            counts = by_reason.setdefault(str(answer.get("reason")), [0, 0])
            counts[0 if row.urgent in YES else 1] += 1
    lines.append(
        "  flagged by rule (right/wrong): "
        + ", ".join(f"{name} {good}/{bad}" for name, (good, bad) in sorted(by_reason.items()))
    )
    missed_urgent = Counter(
        f"{answer.get('kind')}/{answer.get('urgency')}"
        for row, answer in pairs
        if row.urgent in YES and str(answer.get("urgency")) not in URGENT_LEVELS
    )
    lines.append("  missed urgent, as kind/urgency: " + most_common_line(missed_urgent))

    for level in ("emergency", "crisis"):
        wanted = [
            answer for row, answer in pairs if level in (row.complaint, row.category, row.urgent)
        ]
        if wanted:
            hits = sum(1 for answer in wanted if answer.get("urgency") == level)
            lines.append(f"{level} recall: {hits}/{len(wanted)} = {hits / len(wanted):.3f}")
        else:
            lines.append(f"{level} recall: no rows labelled {level}")
    return lines


def most_common_line(counter: Counter[str], top: Optional[int] = None) -> str:
    """"name n, name n, ..." for the most common entries (all of them without `top`)."""
    return ", ".join(f"{name} {count}" for name, count in counter.most_common(top))


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.nlu_eval")
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--model", type=Path, help="model archive (default models/intake.tar.gz)")
    args = parser.parse_args(argv)
    rows = load_rows(args.csv)
    started = time.monotonic()
    answers = triage_all([row.text for row in rows], args.model)
    elapsed = time.monotonic() - started
    for line in report(rows, answers):
        print(line)
    print(f"bot triage --jsonl: {len(rows)} messages in {elapsed:.1f}s (model load included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
