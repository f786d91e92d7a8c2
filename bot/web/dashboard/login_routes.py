"""Sign-in and sign-out pages."""

from __future__ import annotations

import asyncio
import secrets
from functools import partial

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.staff.service import LoginRefusedError, LoginThrottledError
from bot.web.dashboard.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    clear_cookie,
    client_ip,
    set_cookie,
    staff_required,
    tokens_match,
)
from bot.web.dashboard.blueprint import PREFIX, dashboard
from bot.web.dashboard.rendering import render


def _safe_next(target: str) -> str:
    """Only paths inside the dashboard, so the login page cannot bounce people elsewhere."""
    if target.startswith(f"{PREFIX}/") and "\\" not in target:
        return target
    return f"{PREFIX}/cases"


def _login_page(request: Request, error: str = "", status: int = 200) -> HTTPResponse:
    """The form, with a fresh pre-session CSRF token in a cookie and a hidden field."""
    token = secrets.token_urlsafe(32)
    next_target = (request.form.get("next") if request.form else None) or request.args.get("next")
    page = render(
        request,
        "login.html",
        status=status,
        error=error,
        login_csrf=token,
        next_target=_safe_next(next_target or ""),
    )
    set_cookie(page, request, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return page


@dashboard.get("/login")
async def login_form(request: Request) -> HTTPResponse:
    """The sign-in page."""
    return _login_page(request)


@dashboard.post("/login")
async def login_submit(request: Request) -> HTTPResponse:
    """Check the password (rate limited), open a session and go where the user was heading."""
    services = request.app.ctx.services
    form = request.form or {}
    if not tokens_match(request.cookies.get(LOGIN_CSRF_COOKIE, ""), form.get("csrf_token")):
        return _login_page(request, "Your sign-in form expired. Please try again.", 403)
    sign_in = partial(
        services.staff.sign_in,
        form.get("username", ""),
        form.get("password", ""),
        client_ip(request),
    )
    try:
        # argon2 is deliberately slow; verify in a thread so other requests are not held up.
        token, _session = await asyncio.get_running_loop().run_in_executor(None, sign_in)
    except LoginThrottledError:
        return _login_page(request, "Too many failed sign-ins. Wait 15 minutes and try again.", 429)
    except LoginRefusedError:
        return _login_page(request, "Wrong username or password.", 401)
    done = response.redirect(_safe_next(form.get("next", "")), status=303)
    set_cookie(done, request, SESSION_COOKIE, token, max_age=None)
    clear_cookie(done, request, LOGIN_CSRF_COOKIE)
    return done


@dashboard.post("/logout")
@staff_required
async def logout(request: Request) -> HTTPResponse:
    """End the session on the server and in the browser."""
    services = request.app.ctx.services
    services.staff.sign_out(request.cookies.get(SESSION_COOKIE, ""))
    done = response.redirect(f"{PREFIX}/login", status=303)
    clear_cookie(done, request, SESSION_COOKIE)
    return done
