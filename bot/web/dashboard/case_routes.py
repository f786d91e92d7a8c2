"""Case list, case page and the changes a manager makes there.

Every view and every change goes through `CaseService`, which writes the audit event (who, when,
what) in the same transaction. Changes answer with a redirect (post/redirect/get) so reloading a
page never repeats them.
"""

from __future__ import annotations

from datetime import date, datetime, time
from math import ceil
from typing import Optional
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.cases.repository import CaseNotFoundError
from bot.cases.vocabulary import Category, Channel, Status, Urgency
from bot.cases.workflow import ALLOWED, TransitionError
from bot.db.types import utcnow
from bot.insights.overdue import deadline, is_overdue
from bot.web.dashboard.auth import staff_required
from bot.web.dashboard.blueprint import PREFIX, dashboard
from bot.web.dashboard.filters import PAGE_SIZE, BadFilterError, parse_list_query, select_cases
from bot.web.dashboard.rendering import render

MAX_NOTE = 4000

# Fixed texts for the banner after a change; the query string only ever selects one of them.
NOTICES = {
    "status": "Status changed.",
    "assigned": "Assignment saved.",
    "due": "Due date saved.",
    "note": "Note added.",
    "reclassified": "Category and urgency saved.",
    "refused": "That status change is not allowed from the case's current status.",
}

MOVE_LABELS = {
    Status.ACKNOWLEDGED: "Acknowledge",
    Status.IN_PROGRESS: "Start work",
    Status.CLOSED: "Close",
    Status.REOPENED: "Reopen",
}


def _tz(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.ctx.services.settings.office_timezone)


def _bad_request(request: Request, message: str) -> HTTPResponse:
    return render(request, "error.html", status=400, message=message)


def _no_such_case(request: Request) -> HTTPResponse:
    return render(request, "error.html", status=404, message="No case with that number.")


def _back(case_id: int, notice: str) -> HTTPResponse:
    return response.redirect(f"{PREFIX}/cases/{case_id}?notice={quote(notice)}", status=303)


@dashboard.get("")
@staff_required
async def home(_request: Request) -> HTTPResponse:
    """`/dashboard` opens the case list."""
    return response.redirect(f"{PREFIX}/cases", status=303)


@dashboard.get("/cases")
@staff_required
async def case_list(request: Request) -> HTTPResponse:
    """Cases newest first, filtered, searched and paged."""
    services = request.app.ctx.services
    try:
        query = parse_list_query(request.args)
    except BadFilterError as error:
        return _bad_request(request, str(error))
    cases, overdue_ids = select_cases(
        services.cases, query, utcnow(), services.settings.response_business_days, _tz(request)
    )
    pages = max(1, ceil(len(cases) / PAGE_SIZE))
    page = min(query.page, pages)
    shown = cases[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return render(
        request,
        "cases.html",
        query=query,
        params=query.as_params(),
        cases=shown,
        total=len(cases),
        page=page,
        pages=pages,
        overdue_ids=overdue_ids,
        statuses=list(Status),
        categories=list(Category),
        urgencies=list(Urgency),
        channels=list(Channel),
    )


@dashboard.get("/cases/<case_id:int>")
@staff_required
async def case_page(request: Request, case_id: int) -> HTTPResponse:
    """One case with its transcript, notes, audit trail and actions; the view is audited."""
    services = request.app.ctx.services
    staff = request.ctx.staff
    try:
        services.cases.record_view(case_id, staff.user.actor)
    except CaseNotFoundError:
        return _no_such_case(request)
    case = services.cases.get(case_id)
    trail = services.cases.audit_trail(case_id)
    tz = _tz(request)
    days = services.settings.response_business_days
    moves = [target for target in MOVE_LABELS if target in ALLOWED[case.status]]
    notice = NOTICES.get(request.args.get("notice", ""), "")
    return render(
        request,
        "case.html",
        case=case,
        transcript=services.cases.transcript(case_id),
        trail=trail,
        notes=[entry for entry in trail if entry.action == "note_added"],
        moves=[(target.value, MOVE_LABELS[target]) for target in moves],
        can_resolve=Status.RESOLVED in ALLOWED[case.status],
        users=services.staff.users(),
        categories=list(Category),
        urgencies=list(Urgency),
        overdue=is_overdue(case, utcnow(), days, tz),
        deadline=deadline(case, days, tz),
        notice=notice,
        refused=request.args.get("notice") == "refused",
    )


@dashboard.post("/cases/<case_id:int>/status")
@staff_required
async def change_status(request: Request, case_id: int) -> HTTPResponse:
    """Move a case along the workflow; resolving needs an outcome note."""
    form = request.form or {}
    try:
        target = Status(form.get("target", ""))
    except ValueError:
        return _bad_request(request, "Unknown status.")
    note: Optional[str] = (form.get("note") or "").strip()[:MAX_NOTE] or None
    if target is Status.RESOLVED and note is None:
        return _bad_request(request, "Resolving a case needs a note on the outcome.")
    try:
        request.app.ctx.services.cases.change_status(
            case_id, target, request.ctx.staff.user.actor, note
        )
    except CaseNotFoundError:
        return _no_such_case(request)
    except TransitionError:
        return _back(case_id, "refused")
    return _back(case_id, "status")


@dashboard.post("/cases/<case_id:int>/assign")
@staff_required
async def assign(request: Request, case_id: int) -> HTTPResponse:
    """Give the case to a staff member, or take it back."""
    services = request.app.ctx.services
    username = (request.form or {}).get("assignee", "")
    if username and username not in {user.username for user in services.staff.users()}:
        return _bad_request(request, "No staff member with that username.")
    try:
        services.cases.assign(case_id, username or None, request.ctx.staff.user.actor)
    except CaseNotFoundError:
        return _no_such_case(request)
    return _back(case_id, "assigned")


@dashboard.post("/cases/<case_id:int>/reclassify")
@staff_required
async def reclassify(request: Request, case_id: int) -> HTTPResponse:
    """Correct the category and urgency the assistant gave the case."""
    form = request.form or {}
    try:
        category = Category(form.get("category", ""))
        urgency = Urgency(form.get("urgency", ""))
    except ValueError:
        return _bad_request(request, "Choose a category and an urgency from the lists.")
    try:
        request.app.ctx.services.cases.reclassify(
            case_id, category, urgency, request.ctx.staff.user.actor
        )
    except CaseNotFoundError:
        return _no_such_case(request)
    return _back(case_id, "reclassified")


@dashboard.post("/cases/<case_id:int>/due")
@staff_required
async def set_due(request: Request, case_id: int) -> HTTPResponse:
    """Set the due date (the end of that office-local day) or clear it."""
    raw = (request.form or {}).get("due", "")
    due_at: Optional[datetime] = None
    if raw:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            return _bad_request(request, "The due date must look like 2026-11-23.")
        due_at = datetime.combine(day, time(23, 59), tzinfo=_tz(request))
    try:
        request.app.ctx.services.cases.set_due(case_id, due_at, request.ctx.staff.user.actor)
    except CaseNotFoundError:
        return _no_such_case(request)
    return _back(case_id, "due")


@dashboard.post("/cases/<case_id:int>/notes")
@staff_required
async def add_note(request: Request, case_id: int) -> HTTPResponse:
    """Add an internal note (staff only; never shown to the patient)."""
    text = ((request.form or {}).get("note") or "").strip()
    if not text:
        return _bad_request(request, "The note is empty.")
    try:
        request.app.ctx.services.cases.add_note(
            case_id, text[:MAX_NOTE], request.ctx.staff.user.actor
        )
    except CaseNotFoundError:
        return _no_such_case(request)
    return _back(case_id, "note")
