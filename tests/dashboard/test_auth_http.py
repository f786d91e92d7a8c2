"""Authentication over real HTTP: every route guarded, cookies, CSRF, limits, expiry, logout."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import List, Tuple

import requests
from sqlalchemy import update

from bot.db.engine import unit_of_work
from bot.db.types import utcnow
from bot.staff.models import StaffSessionRow
from bot.web.app import create_app
from bot.web.dashboard.login_routes import _safe_next
from tests.dashboard.conftest import PASSWORD, Office
from tests.dashboard.web import csrf_from, post_login, signed_in

PUBLIC = {("GET", "/dashboard/login"), ("POST", "/dashboard/login")}


def dashboard_routes(office: Office) -> List[Tuple[str, str]]:
    """(method, concrete path) for every dashboard route the app really registers."""
    app = create_app(office.services, name="route_listing")
    found = []
    for route in app.router.routes:
        path = "/" + route.path
        if not path.startswith("/dashboard") or path.startswith("/dashboard/static"):
            continue
        concrete = re.sub(r"<case_id:int>", str(office.cases["xss"]), path)
        assert "<" not in concrete, f"fill in the parameter of {path}"
        found.extend((method, concrete) for method in sorted(route.methods))
    return [item for item in found if item not in PUBLIC]


def test_every_dashboard_route_refuses_requests_without_a_live_session(office: Office) -> None:
    routes = dashboard_routes(office)
    expected = {
        ("GET", "/dashboard"),
        ("GET", "/dashboard/cases"),
        ("GET", f"/dashboard/cases/{office.cases['xss']}"),
        ("POST", f"/dashboard/cases/{office.cases['xss']}/status"),
        ("GET", "/dashboard/trends"),
        ("GET", "/dashboard/api/trends"),
        ("GET", "/dashboard/export.csv"),
        ("POST", "/dashboard/logout"),
    }
    assert expected <= set(routes)
    for cookies in ({}, {"dashboard_session": "forged-or-expired-token"}):
        for method, path in routes:
            answer = requests.request(
                method, office.url(path), cookies=cookies, allow_redirects=False, timeout=30
            )
            if method == "GET" and not path.startswith("/dashboard/api/"):
                assert answer.status_code == 303, (method, path, answer.status_code)
                assert answer.headers["Location"].startswith("/dashboard/login?next="), path
            else:
                assert answer.status_code == 401, (method, path, answer.status_code)
            assert "Seeded complaint" not in answer.text and "waiting room" not in answer.text


def test_sign_in_page_and_its_stylesheet_are_public(office: Office) -> None:
    assert requests.get(office.url("/dashboard/login"), timeout=30).status_code == 200
    css = requests.get(office.url("/dashboard/static/dashboard.css"), timeout=30)
    assert css.status_code == 200
    assert "text/css" in css.headers["Content-Type"]


def test_session_cookie_is_http_only_same_site_lax_and_scoped(office: Office) -> None:
    answer = post_login(requests.Session(), office, "alice")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/dashboard/cases"
    header = next(
        value for name, value in answer.raw.headers.items() if name.lower() == "set-cookie"
        and value.startswith("dashboard_session=")
    )
    flags = {part.strip().split("=")[0].lower() for part in header.split(";")}
    assert {"httponly", "samesite", "path"} <= flags
    assert "SameSite=Lax" in header and "Path=/dashboard" in header
    assert "secure" not in flags, "plain-http office URL: a Secure cookie would never come back"


def test_wrong_password_is_refused_without_a_session(office: Office) -> None:
    browser = requests.Session()
    answer = post_login(browser, office, "bob", "not the password")
    assert answer.status_code == 401
    assert "Wrong username or password" in answer.text
    assert "dashboard_session" not in browser.cookies


def test_login_form_without_its_csrf_token_is_refused(office: Office) -> None:
    answer = requests.post(
        office.url("/dashboard/login"),
        data={"username": "alice", "password": PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 403
    assert "dashboard_session=" not in answer.headers.get("Set-Cookie", "")


def test_state_changes_without_the_session_csrf_token_are_refused(office: Office) -> None:
    browser = signed_in(office)
    case_id = office.cases["old"]
    page = browser.get(office.url(f"/dashboard/cases/{case_id}"), timeout=30)
    token = csrf_from(page.text)
    note_url = office.url(f"/dashboard/cases/{case_id}/notes")
    for data in ({"note": "no token"}, {"note": "wrong token", "csrf_token": token[::-1]}):
        answer = browser.post(note_url, data=data, allow_redirects=False, timeout=30)
        assert answer.status_code == 403
    other = signed_in(office, "bob")  # a token from another session is no good either
    answer = other.post(
        note_url, data={"note": "foreign token", "csrf_token": token}, allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 403
    notes = [e.detail for e in office.services.cases.audit_trail(case_id)
             if e.action == "note_added"]
    assert not any(text in (notes or []) for text in ("no token", "wrong token", "foreign token"))
    answer = browser.post(
        note_url, data={"note": "Called the billing office.", "csrf_token": token},
        allow_redirects=False, timeout=30,
    )
    assert answer.status_code == 303


def test_repeated_failures_lock_the_account_even_with_the_right_password(office: Office) -> None:
    office.services.staff.create_user("carol", "Carol", PASSWORD)
    for _ in range(5):
        assert post_login(requests.Session(), office, "carol", "guessing wrong").status_code == 401
    locked = post_login(requests.Session(), office, "carol")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text


def test_an_idle_session_expires_on_the_server(office: Office) -> None:
    browser = signed_in(office)
    assert browser.get(office.url("/dashboard/cases"), allow_redirects=False).status_code == 200
    with unit_of_work(office.services.sessions) as session:
        session.execute(
            update(StaffSessionRow).values(last_seen_at=utcnow() - timedelta(minutes=31))
            .where(StaffSessionRow.user_id == _user_id(office, "alice"))
        )
    answer = browser.get(office.url("/dashboard/cases"), allow_redirects=False, timeout=30)
    assert answer.status_code == 303
    assert answer.headers["Location"].startswith("/dashboard/login")


def test_logout_ends_the_session_on_the_server(office: Office) -> None:
    browser = signed_in(office, "bob")
    stolen = browser.cookies.get("dashboard_session")
    page = browser.get(office.url("/dashboard/cases"), timeout=30)
    answer = browser.post(
        office.url("/dashboard/logout"), data={"csrf_token": csrf_from(page.text)},
        allow_redirects=False, timeout=30,
    )
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/dashboard/login"
    replay = requests.get(
        office.url("/dashboard/cases"), cookies={"dashboard_session": stolen or ""},
        allow_redirects=False, timeout=30,
    )
    assert replay.status_code == 303


def _user_id(office: Office, username: str) -> int:
    return next(u.id for u in office.services.staff.users() if u.username == username)


def test_sign_in_only_returns_to_dashboard_paths() -> None:
    assert _safe_next("/dashboard/cases/7?notice=x") == "/dashboard/cases/7?notice=x"
    for hostile in ("https://evil.example", "//evil.example", "/dashboardx", "/\\evil", ""):
        assert _safe_next(hostile) == "/dashboard/cases"
