"""How often emergencies and crises get their 911 / 988 answer, by the screen alone and in full.

Run: `.venv/bin/python -m bench.safety_screen` (after `bot train`). Three files of messages written
for the purpose by writers who saw none of the team's rules or data, labelled `emergency`,
`crisis` or `routine` (look-alikes: the past, idioms, hypotheticals, grief):

- `tests/triage/safety_dev.jsonl`: the screen's rules were widened while reading its misses, so
  its figures flatter them.
- `tests/triage/safety_dev2.jsonl` (2026-12-05): a fourth writer's, never read, at a harder
  mix (70 crises, most of them indirect or inside a complaint or a long post; 50 emergencies;
  80 look-alikes). With the development sets it chooses `MODEL_SAFETY_CONFIDENCE`.
- `tests/triage/safety_blind.jsonl`: written apart and never read; only these aggregate figures
  are looked at. It is the honest measure of how far the phrase rules reach.

For each it prints how many of each label the deterministic screen answers as that label (the
floor that holds without the model) and how many the full triage does (screen plus model, as
the live bot answers), and how many look-alikes got a 911 / 988 answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from bot.settings import PROJECT_ROOT
from bot.triage.commands import quiet_libraries
from bot.triage.screen import screen
from bot.triage.service import TriageService

SAFETY_FILES = (
    PROJECT_ROOT / "tests" / "triage" / "safety_dev.jsonl",
    PROJECT_ROOT / "tests" / "triage" / "safety_dev2.jsonl",
    PROJECT_ROOT / "tests" / "triage" / "safety_blind.jsonl",
)
DANGER = ("emergency", "crisis")


def load(path: Path) -> List[Tuple[str, str]]:
    """(text, label) pairs of a safety file."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            rows.append((str(record["text"]), str(record["label"])))
    return rows


def answered(level: str) -> str:
    """What a patient sees: the 911 answer, the 988 answer, or neither."""
    return level if level in DANGER else "routine"


async def score(service: TriageService, rows: Sequence[Tuple[str, str]]) -> Dict[str, Counter]:
    """(label, answer) counts for the screen alone and for the full triage."""
    counts: Dict[str, Counter] = {"screen": Counter(), "triage": Counter()}
    for text, label in rows:
        flag = screen(text)
        counts["screen"][(label, answered(flag.urgency.value if flag else ""))] += 1
        triage = await service.triage(text)
        counts["triage"][(label, answered(triage.urgency.value))] += 1
    return counts


def report(rows: Sequence[Tuple[str, str]], counts: Dict[str, Counter]) -> List[str]:
    """The printed figures."""
    totals = Counter(label for _, label in rows)
    lines = []
    for layer, counter in counts.items():
        parts = [
            f"{label} {counter[(label, label)]}/{totals[label]}"
            for label in DANGER
            if totals[label]
        ]
        alarms = sum(counter[("routine", level)] for level in DANGER)
        parts.append(f"look-alikes answered as danger {alarms}/{totals['routine']}")
        lines.append(f"  {layer:<6}: " + "  ".join(parts))
    return lines


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Load the model, score each safety file and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.safety_screen")
    parser.add_argument("--file", type=Path, action="append", help="a safety file (default: both)")
    parser.add_argument("--model", type=Path, help="model archive (default models/intake.tar.gz)")
    args = parser.parse_args(argv)
    quiet_libraries()
    service = TriageService.load(args.model)
    for path in args.file or SAFETY_FILES:
        rows = load(path)
        print(f"== {path.name} (n={len(rows)})")
        for line in report(rows, asyncio.run(score(service, rows))):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
