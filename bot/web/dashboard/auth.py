"""Who is signed in, and the guards every dashboard route goes through.

The session cookie carries only a random token (HttpOnly, SameSite=Lax, scoped to /dashboard,
Secure over TLS: `bot.web.security.over_tls`). Every state-changing request must also carry the
session's CSRF token in the form (or the X-CSRF-Token header), compared in constant time.
"""

from __future__ import annotations

import hmac
from functools import wraps
from typing import Any, Callable, Coroutine, Optional
from urllib.parse import quote

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.staff.records import StaffSession
from bot.web.dashboard.blueprint import PREFIX
from bot.web.security import over_tls

SESSION_COOKIE = "dashboard_session"
LOGIN_CSRF_COOKIE = "dashboard_login_csrf"

Handler = Callable[..., Coroutine[Any, Any, HTTPResponse]]


def client_ip(request: Request) -> str:
    """The address login limits count against (the forwarded one when proxies are configured)."""
    return str(request.remote_addr or request.ip or "unknown")


def set_cookie(
    resp: HTTPResponse, request: Request, name: str, value: str, max_age: Optional[int]
) -> None:
    """Set a dashboard cookie with the flags every one of them needs (Secure over TLS)."""
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["path"] = PREFIX
    cookie["httponly"] = True
    cookie["samesite"] = "Lax"
    if over_tls(request, request.app.ctx.services.settings):
        cookie["secure"] = True
    if max_age is not None:
        cookie["max-age"] = max_age


def clear_cookie(resp: HTTPResponse, request: Request, name: str) -> None:
    """Tell the browser to forget a dashboard cookie."""
    set_cookie(resp, request, name, "", max_age=0)


def tokens_match(expected: str, given: Optional[str]) -> bool:
    """Constant-time comparison of a CSRF token."""
    return bool(expected) and given is not None and hmac.compare_digest(expected, given)


def current_session(request: Request) -> Optional[StaffSession]:
    """The live staff session of this request, if any."""
    token = request.cookies.get(SESSION_COOKIE, "")
    return request.app.ctx.services.staff.session_for(token) if token else None


def _unauthenticated(request: Request) -> HTTPResponse:
    if request.method == "GET" and not request.path.startswith(f"{PREFIX}/api/"):
        target = request.path + (f"?{request.query_string}" if request.query_string else "")
        return response.redirect(f"{PREFIX}/login?next={quote(target, safe='')}", status=303)
    return response.json({"error": "sign in required"}, status=401)


def staff_required(handler: Handler) -> Handler:
    """Only signed-in staff reach `handler`; state-changing methods also need the CSRF token."""

    @wraps(handler)
    async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        session = current_session(request)
        if session is None:
            return _unauthenticated(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            given = request.headers.get("X-CSRF-Token")
            if given is None and request.form is not None:
                given = request.form.get("csrf_token")
            if not tokens_match(session.csrf_token, given):
                return response.json({"error": "missing or wrong CSRF token"}, status=403)
        request.ctx.staff = session
        return await handler(request, *args, **kwargs)

    return guarded
