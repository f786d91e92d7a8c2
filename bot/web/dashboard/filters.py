"""The case list's filters, read from the query string and validated."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import List, Mapping, Optional, Set, Tuple, Type, TypeVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bot.cases.records import CaseRecord
from bot.cases.repository import CaseFilter
from bot.cases.service import CaseService
from bot.cases.vocabulary import Category, Channel, Status, Urgency
from bot.insights.overdue import is_overdue

PAGE_SIZE = 25
# The list filters overdue cases and pages in Python after one query; a small office files far
# fewer cases than this in the periods anyone filters by.
MAX_ROWS = 5000

E = TypeVar("E", bound=Enum)


class BadFilterError(ValueError):
    """A query-string value the forms never send."""


@dataclass(frozen=True)
class ListQuery:
    """What the manager asked the case list for."""

    status: Optional[Status] = None
    category: Optional[Category] = None
    urgency: Optional[Urgency] = None
    channel: Optional[Channel] = None
    date_from: Optional[date] = None
    date_to: Optional[date] = None
    overdue: bool = False
    search: str = ""
    page: int = 1

    def case_filter(self, tz: ZoneInfo) -> CaseFilter:
        """The database part of the query; dates are whole office-local days, both included."""
        return CaseFilter(
            status=self.status,
            category=self.category,
            urgency=self.urgency,
            channel=self.channel,
            created_from=_start_of(self.date_from, tz),
            created_to=_start_of(self.date_to + timedelta(days=1), tz) if self.date_to else None,
            search=self.search or None,
            limit=MAX_ROWS,
        )

    def as_params(self) -> dict[str, str]:
        """The query as form values (for links that keep the filters)."""
        values = {
            "status": self.status.value if self.status else "",
            "category": self.category.value if self.category else "",
            "urgency": self.urgency.value if self.urgency else "",
            "channel": self.channel.value if self.channel else "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "overdue": "1" if self.overdue else "",
            "q": self.search,
            "page": str(self.page) if self.page > 1 else "",
        }
        return {key: value for key, value in values.items() if value}

    def link(self, page: int) -> str:
        """The query string of another page of the same list."""
        return urlencode(replace(self, page=page).as_params())


def _start_of(day: Optional[date], tz: ZoneInfo) -> Optional[datetime]:
    return datetime.combine(day, time.min, tzinfo=tz) if day is not None else None


def _enum(kind: Type[E], raw: str, name: str) -> Optional[E]:
    if not raw:
        return None
    try:
        return kind(raw)
    except ValueError:
        raise BadFilterError(f"unknown {name}") from None


def _date(raw: str, name: str) -> Optional[date]:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadFilterError(f"{name} must be a date like 2026-11-23") from None


def parse_list_query(args: Mapping[str, str]) -> ListQuery:
    """A `ListQuery` from request arguments; raises `BadFilterError` on malformed values."""
    page_raw = args.get("page", "") or "1"
    if not page_raw.isdigit() or int(page_raw) < 1:
        raise BadFilterError("page must be a positive whole number")
    return ListQuery(
        status=_enum(Status, args.get("status", ""), "status"),
        category=_enum(Category, args.get("category", ""), "category"),
        urgency=_enum(Urgency, args.get("urgency", ""), "urgency"),
        channel=_enum(Channel, args.get("channel", ""), "channel"),
        date_from=_date(args.get("from", ""), "from"),
        date_to=_date(args.get("to", ""), "to"),
        overdue=args.get("overdue", "") in ("1", "on", "yes"),
        search=args.get("q", "").strip()[:200],
        page=int(page_raw),
    )


def select_cases(
    cases: CaseService, query: ListQuery, now: datetime, business_days: int, tz: ZoneInfo
) -> Tuple[List[CaseRecord], Set[int]]:
    """The cases a list query asks for and the ids of the overdue ones among them.

    Shared by the case list page and the CSV export so both always show the same cases.
    """
    found = cases.list(query.case_filter(tz))
    overdue_ids = {case.id for case in found if is_overdue(case, now, business_days, tz)}
    if query.overdue:
        found = [case for case in found if case.id in overdue_ids]
    return found, overdue_ids
