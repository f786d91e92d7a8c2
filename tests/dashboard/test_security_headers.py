"""Security headers on every kind of response of the office web app, and Secure cookies over
TLS: a configured https office address, or X-Forwarded-Proto from a trusted proxy only."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
from sanic import Sanic

from bot.settings import load_settings
from bot.web.app import create_app
from bot.wiring import Services, build_services
from tests.dashboard.conftest import Office


@contextmanager
def _app(base_env: Dict[str, str], tmp_path: Path, name: str, **env: str) -> Iterator[Sanic]:
    settings = load_settings(
        {**base_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'cases.db'}", **env}
    )
    services: Services = build_services(settings)
    Sanic.test_mode = True
    app = create_app(services, name=name)
    try:
        yield app
    finally:
        services.engine.dispose()


def _session_cookie_flags(headers: List[str]) -> List[str]:
    header = next(value for value in headers if value.startswith("dashboard_login_csrf="))
    return [part.strip().split("=")[0].lower() for part in header.split(";")]


def test_every_kind_of_response_carries_the_security_headers(office: Office) -> None:
    import requests

    answers = {
        "login page": requests.get(office.url("/dashboard/login"), timeout=30),
        "redirect": requests.get(office.url("/dashboard/cases"), allow_redirects=False, timeout=30),
        "json 401": requests.get(office.url("/dashboard/api/trends"), timeout=30),
        "static css": requests.get(office.url("/dashboard/static/dashboard.css"), timeout=30),
        "widget page": requests.get(office.url("/"), timeout=30),
        "widget script": requests.get(office.url("/widget/widget.js"), timeout=30),
        "not found": requests.get(office.url("/no-such-page"), timeout=30),
    }
    for kind, answer in answers.items():
        policy = answer.headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in policy, kind
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, kind
        assert answer.headers.get("X-Content-Type-Options") == "nosniff", kind
        assert answer.headers.get("X-Frame-Options") == "DENY", kind
        assert "Strict-Transport-Security" not in answer.headers, kind  # plain http here
    assert answers["login page"].headers["Cache-Control"] == "no-store"
    page = answers["widget page"].text
    assert "<style" not in page and "<script>" not in page  # nothing inline for the CSP to block


@pytest.mark.parametrize(
    ("env", "headers", "secure"),
    [
        ({}, {}, False),
        ({"OFFICE_BASE_URL": "https://office.example.org"}, {}, True),
        # X-Forwarded-Proto from anyone is not trusted without SANIC_PROXIES_COUNT ...
        ({}, {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}, False),
    ],
)
@pytest.mark.asyncio
async def test_cookies_are_secure_only_over_tls(
    base_env: Dict[str, str],
    tmp_path: Path,
    env: Dict[str, str],
    headers: Dict[str, str],
    secure: bool,
) -> None:
    with _app(base_env, tmp_path, f"tls_{secure}_{len(env)}_{len(headers)}", **env) as app:
        _, answer = await app.asgi_client.get("/dashboard/login", headers=headers)
        flags = _session_cookie_flags(answer.headers.get_list("set-cookie"))
        assert ("secure" in flags) is secure
        assert ("Strict-Transport-Security" in answer.headers) is secure


@pytest.mark.asyncio
async def test_a_trusted_proxy_saying_https_makes_cookies_secure(
    base_env: Dict[str, str], tmp_path: Path
) -> None:
    """... but with one trusted proxy (SANIC_PROXIES_COUNT=1, as docs/operations.md says), it is."""
    with _app(base_env, tmp_path, "tls_proxy") as app:
        app.config.PROXIES_COUNT = 1
        _, answer = await app.asgi_client.get(
            "/dashboard/login",
            headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
        )
        assert "secure" in _session_cookie_flags(answer.headers.get_list("set-cookie"))
        assert answer.headers["Strict-Transport-Security"].startswith("max-age=")
