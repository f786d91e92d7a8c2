"""Trends page, its JSON twin and the CSV export of the case list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.cases.records import CaseRecord
from bot.cases.repository import CaseFilter
from bot.cases.vocabulary import Category
from bot.db.types import utcnow
from bot.insights.corrections import Corrections, corrections
from bot.insights.export import cases_csv
from bot.insights.overdue import overdue_count
from bot.insights.stats import (
    Satisfaction,
    WeekCounts,
    median_time_to_acknowledge,
    median_time_to_resolve,
    satisfaction,
    weekly_counts,
)
from bot.web.dashboard.auth import staff_required
from bot.web.dashboard.blueprint import dashboard
from bot.web.dashboard.charts import satisfaction_bars, stacked_weeks
from bot.web.dashboard.filters import MAX_ROWS, BadFilterError, parse_list_query, select_cases
from bot.web.dashboard.rendering import NO_STORE, render

WEEK_CHOICES = (4, 8, 12, 26, 52)


@dataclass(frozen=True)
class Trends:
    """The figures of the trends page for the last `weeks` weeks."""

    weeks: int
    per_week: List[WeekCounts]
    ack_median: Optional[timedelta]
    resolve_median: Optional[timedelta]
    overdue: int
    open_cases: int
    satisfaction: Satisfaction
    filed: int
    corrections: Corrections


def _trends(request: Request, weeks: int) -> Trends:
    services = request.app.ctx.services
    tz = ZoneInfo(services.settings.office_timezone)
    now = utcnow()
    today = now.astimezone(tz).date()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    start = datetime.combine(first, time.min, tzinfo=tz)
    recent = services.cases.list(CaseFilter(created_from=start, limit=MAX_ROWS))
    every: List[CaseRecord] = services.cases.list(CaseFilter(limit=MAX_ROWS))
    open_cases = [case for case in every if case.status.is_open]
    return Trends(
        weeks=weeks,
        per_week=weekly_counts(recent, tz, first, today),
        ack_median=median_time_to_acknowledge(recent),
        resolve_median=median_time_to_resolve(recent),
        overdue=overdue_count(open_cases, now, services.settings.response_business_days, tz),
        open_cases=len(open_cases),
        satisfaction=satisfaction(recent),
        filed=len(recent),
        corrections=corrections(services.cases.corrected(start)),
    )


def _weeks(request: Request) -> int:
    raw = request.args.get("weeks", "12")
    if not raw.isdigit() or int(raw) not in WEEK_CHOICES:
        raise BadFilterError("weeks must be one of " + ", ".join(map(str, WEEK_CHOICES)))
    return int(raw)


@dashboard.get("/trends")
@staff_required
async def trends_page(request: Request) -> HTTPResponse:
    """Weekly complaints by category, response times, overdue cases and satisfaction."""
    try:
        trends = _trends(request, _weeks(request))
    except BadFilterError as error:
        return render(request, "error.html", status=400, message=str(error))
    used = [c for c in Category if any(week.counts[c] for week in trends.per_week)]
    return render(
        request,
        "trends.html",
        trends=trends,
        week_choices=WEEK_CHOICES,
        week_chart=stacked_weeks(trends.per_week),
        score_chart=satisfaction_bars(trends.satisfaction),
        categories=used,
        busiest=max(trends.per_week, key=lambda week: week.total, default=None),
        score_summary=_score_summary(trends.satisfaction),
    )


@dashboard.get("/api/trends")
@staff_required
async def trends_json(request: Request) -> HTTPResponse:
    """The trends page's figures as JSON, for scripts."""
    try:
        trends = _trends(request, _weeks(request))
    except BadFilterError as error:
        return response.json({"error": str(error)}, status=400)
    body: Dict[str, Any] = {
        "weeks": [
            {"week": w.label, "counts": {c.value: n for c, n in w.counts.items()}}
            for w in trends.per_week
        ],
        "median_ack_seconds": _seconds(trends.ack_median),
        "median_resolve_seconds": _seconds(trends.resolve_median),
        "overdue": trends.overdue,
        "corrected": {
            "category": trends.corrections.category,
            "urgency": trends.corrections.urgency,
            "moves": [
                {"assistant": m.assistant.value, "staff": m.staff.value, "cases": m.cases}
                for m in trends.corrections.moves
            ],
        },
        "satisfaction": {
            "distribution": {str(k): v for k, v in trends.satisfaction.distribution.items()},
            "answered": trends.satisfaction.answered,
            "average": trends.satisfaction.average,
        },
    }
    return response.json(body, headers={"Cache-Control": "no-store"})


def _score_summary(summary: Satisfaction) -> str:
    """The satisfaction chart in words, for screen readers."""
    if not summary.answered:
        return "No satisfaction answers in this period."
    parts = ", ".join(f"{count} gave {score}" for score, count in summary.distribution.items())
    return f"{summary.answered} answers, average {summary.average:.1f}: {parts}."


def _seconds(value: Optional[timedelta]) -> Optional[float]:
    return value.total_seconds() if value is not None else None


@dashboard.get("/export.csv")
@staff_required
async def export_csv(request: Request) -> HTTPResponse:
    """The case list, with the same filters, as a spreadsheet-safe CSV download."""
    services = request.app.ctx.services
    try:
        query = parse_list_query(request.args)
    except BadFilterError as error:
        return response.text(str(error), status=400)
    cases, overdue_ids = select_cases(
        services.cases,
        query,
        utcnow(),
        services.settings.response_business_days,
        ZoneInfo(services.settings.office_timezone),
    )
    services.cases.record_export([case.id for case in cases], request.ctx.staff.user.actor)
    filename = f"cases-{date.today().isoformat()}.csv"
    return response.text(
        cases_csv(cases, overdue_ids),
        content_type="text/csv; charset=utf-8",
        headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{filename}"'},
    )
