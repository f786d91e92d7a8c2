"""CSV export: one row per case, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from bot.cases.vocabulary import Status
from bot.insights.export import COLUMNS, cases_csv, neutralise
from tests.insights.factories import case


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("plain text", "plain text"),
        ("", ""),
    ],
)
def test_neutralise_prefixes_formula_starts(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_cases_csv_has_a_header_and_one_safe_row_per_case() -> None:
    rows = [
        case(1, description="=cmd|' /C calc'!A0", resolution_note="-refunded", satisfaction=4,
             status=Status.RESOLVED),
        case(2, description="Waited <b>two</b> hours, again", assignee="alice"),
    ]
    parsed = list(csv.reader(io.StringIO(cases_csv(rows, overdue_ids=[2]))))

    assert parsed[0] == list(COLUMNS)
    first = dict(zip(COLUMNS, parsed[1], strict=True))
    second = dict(zip(COLUMNS, parsed[2], strict=True))
    assert first["reference"] == "C-1001"
    assert first["description"] == "'=cmd|' /C calc'!A0"
    assert first["resolution_note"] == "'-refunded"
    assert first["satisfaction"] == "4"
    assert first["overdue"] == "no"
    assert second["overdue"] == "yes"
    assert second["assignee"] == "alice"
    assert second["description"] == "Waited <b>two</b> hours, again"
    assert "contact_phone" not in COLUMNS
