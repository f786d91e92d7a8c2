"""How well `bot triage` reads real patients it was not trained on: the development part of the
real feedback (`data/real/dev.jsonl`, one respondent in five, kept out of training by
`bot.nlu.real_feedback` and never read while choosing).

Run: `.venv/bin/python -m bench.real_dev`. Prints aggregate figures only, the three the issue on
reading real patients sets targets for: complaint F1 (target >= 0.88), category accuracy on
single-topic complaints (>= 0.75), and the share of praise marked urgent or worse (<= 1%).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from bench.nlu_eval import URGENT_LEVELS, most_common_line, prf, triage_all
from bot.settings import PROJECT_ROOT

DEFAULT_FILE = PROJECT_ROOT / "data" / "real" / "dev.jsonl"


def load(path: Path) -> List[Dict[str, object]]:
    """The development rows (`text`, `complaint`, `category`)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def report(rows: Sequence[Dict[str, object]], answers: Sequence[Dict[str, object]]) -> List[str]:
    """The printed figures."""
    pairs = list(zip(rows, answers, strict=True))
    precision, recall, f1, actual, total = prf(
        [(bool(row["complaint"]), answer.get("kind") == "complaint") for row, answer in pairs]
    )
    lines = [
        f"complaint vs praise (n={total}, complaints={actual}): precision {precision:.3f}  "
        f"recall {recall:.3f}  F1 {f1:.3f}   target F1 >= 0.88"
    ]
    complaints = [(row, answer) for row, answer in pairs if row["complaint"]]
    kinds = Counter(str(answer.get("kind")) for _, answer in complaints)
    lines.append("  predicted kinds on complaints: " + most_common_line(kinds))
    right = sum(1 for row, answer in complaints if answer.get("category") == row["category"])
    lines.append(
        f"category on single-topic complaints (n={len(complaints)}): accuracy "
        f"{right / max(1, len(complaints)):.3f}   target >= 0.75"
    )
    confused = Counter(
        f"{row['category']}->{answer.get('category') or '-'}"
        for row, answer in complaints
        if answer.get("category") != row["category"]
    )
    lines.append("  most confused (truth->predicted): " + most_common_line(confused, 8))
    praise = [answer for row, answer in pairs if not row["complaint"]]
    alarmed = [answer for answer in praise if answer.get("urgency") in URGENT_LEVELS]
    lines.append(
        f"praise marked urgent or worse: {len(alarmed)}/{len(praise)} = "
        f"{len(alarmed) / max(1, len(praise)):.3%}   target <= 1%"
    )
    lines.append(
        "  as urgency/reason: "
        + most_common_line(Counter(f"{a.get('urgency')}/{a.get('reason')}" for a in alarmed))
    )
    lines.append(
        "  predicted kinds on praise: "
        + most_common_line(Counter(str(a.get("kind")) for a in praise))
    )
    return lines


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.real_dev")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--model", type=Path, help="model archive (default models/intake.tar.gz)")
    args = parser.parse_args(argv)
    rows = load(args.file)
    started = time.monotonic()
    answers = triage_all([str(row["text"]) for row in rows], args.model)
    for line in report(rows, answers):
        print(line)
    print(f"bot triage --jsonl: {len(rows)} messages in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
