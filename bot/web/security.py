"""Security headers on every response of the office web app, and when a request came over TLS.

The dashboard shows patient data and the widget page takes patient text, so both get a strict
content security policy: only this app's own scripts and styles (no inline code, so an injected
`<script>` cannot run), no framing by any site (`frame-ancestors 'none'`, and X-Frame-Options for
old browsers), no MIME sniffing. The widget's socket.io traffic goes to the chat server
(`RASA_URL`), the one other origin `connect-src` allows.
"""

from __future__ import annotations

from typing import Dict
from urllib.parse import urlsplit

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import Settings

HSTS = "max-age=31536000"


def content_security_policy(chat_server_url: str) -> str:
    """The policy for every page: our own origin, plus the chat server for the widget's socket."""
    parts = urlsplit(chat_server_url)
    socket_scheme = "wss" if parts.scheme == "https" else "ws"
    chat = f"{parts.scheme}://{parts.netloc} {socket_scheme}://{parts.netloc}"
    return (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        f"connect-src 'self' {chat}; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'; object-src 'none'"
    )


def security_headers(settings: Settings) -> Dict[str, str]:
    """The headers every response carries."""
    return {
        "Content-Security-Policy": content_security_policy(settings.rasa_url),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }


def over_tls(request: Request, settings: Settings) -> bool:
    """Whether the browser reached us over HTTPS: the configured office address says so, or a
    trusted proxy does (X-Forwarded-Proto counts only when SANIC_PROXIES_COUNT trusts it)."""
    return settings.office_base_url.startswith("https://") or request.scheme == "https"


def install(app: Sanic, settings: Settings) -> None:
    """Add the headers to every response `app` sends (routes may set stricter ones first)."""
    headers = security_headers(settings)

    @app.on_response
    async def add_security_headers(request: Request, response: HTTPResponse) -> None:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if over_tls(request, settings):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
