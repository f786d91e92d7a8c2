"""Cases as CSV for spreadsheets.

Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return) as a
formula, and patient text is free text, so such cells get a leading apostrophe (OWASP's advice on
CSV injection). Contact details are left out: the export is for counting and reviewing, and the
case page has them for whoever needs to call back.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Iterable, List, Optional

from bot.cases.records import CaseRecord

COLUMNS = (
    "reference",
    "created_at",
    "status",
    "category",
    "urgency",
    "channel",
    "assignee",
    "due_at",
    "acknowledged_at",
    "resolved_at",
    "closed_at",
    "satisfaction",
    "overdue",
    "description",
    "resolution_note",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


def _time(value: Optional[datetime]) -> str:
    return value.isoformat() if value is not None else ""


def cases_csv(cases: Iterable[CaseRecord], overdue_ids: Iterable[int] = ()) -> str:
    """The cases as one CSV document with a header row."""
    overdue = set(overdue_ids)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for case in cases:
        row: List[str] = [
            case.reference,
            _time(case.created_at),
            case.status.value,
            case.category.value,
            case.urgency.value,
            case.channel.value,
            case.assignee or "",
            _time(case.due_at),
            _time(case.acknowledged_at),
            _time(case.resolved_at),
            _time(case.closed_at),
            "" if case.satisfaction is None else str(case.satisfaction),
            "yes" if case.id in overdue else "no",
            case.description,
            case.resolution_note or "",
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
