"""Jinja2 pages with autoescaping always on: every patient-written string is escaped."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.insights.stats import humanise

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment, built on first use."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["duration"] = humanise
    return env


def local_time(moment: Optional[datetime], tz: ZoneInfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC time as the office reads it."""
    return moment.astimezone(tz).strftime(fmt) if moment is not None else ""


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTTPResponse:
    """Render `template` with the signed-in staff member, CSRF token and office time zone."""
    settings = request.app.ctx.services.settings
    tz = ZoneInfo(settings.office_timezone)
    staff = getattr(request.ctx, "staff", None)
    html = (
        environment()
        .get_template(template)
        .render(
            staff=staff,
            csrf_token=staff.csrf_token if staff is not None else "",
            office_name=settings.office_name,
            local=lambda moment, fmt="%Y-%m-%d %H:%M": local_time(moment, tz, fmt),
            **context,
        )
    )
    return response.html(html, status=status, headers=NO_STORE)


# Pages and exports show patient data: never cached. The other security headers come from
# `bot.web.security`, on every response of the app.
NO_STORE = {"Cache-Control": "no-store"}
