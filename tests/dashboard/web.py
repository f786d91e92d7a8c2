"""HTTP helpers for dashboard tests: sign in with a real form post, read CSRF tokens."""

from __future__ import annotations

import re

import requests

from tests.dashboard.conftest import PASSWORD, Office

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF.search(html)
    assert match is not None, "no CSRF token on the page"
    return match.group(1)


def post_login(
    browser: requests.Session, office: Office, username: str, password: str = PASSWORD
) -> requests.Response:
    """Fill in and send the sign-in form like a browser would (no redirects followed)."""
    page = browser.get(office.url("/dashboard/login"), timeout=30)
    return browser.post(
        office.url("/dashboard/login"),
        data={"csrf_token": csrf_from(page.text), "username": username, "password": password},
        allow_redirects=False,
        timeout=30,
    )


def signed_in(office: Office, username: str = "alice") -> requests.Session:
    """A client with a live dashboard session."""
    browser = requests.Session()
    answer = post_login(browser, office, username)
    assert answer.status_code == 303, answer.text
    return browser
