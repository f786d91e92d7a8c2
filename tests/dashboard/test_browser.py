"""The dashboard in real headless Chromium (Debian's), driven by Playwright.

Screenshots of the list, a case and the trends page go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, List

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.cases.records import CaseDraft
from bot.cases.vocabulary import Category, Channel, Urgency
from tests.dashboard.conftest import ARTIFACTS, PASSWORD, XSS, Office

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, office: Office) -> Iterator[Page]:
    """A signed-in page; any JavaScript dialog (e.g. an injected alert) is recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: List[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(opened, office)
    yield opened
    context.close()
    assert dialogs == [], "patient text ran as script"


def sign_in(page: Page, office: Office) -> None:
    page.goto(office.url("/dashboard/cases"))
    expect(page).to_have_url(re.compile(r"/dashboard/login\?next="))
    page.fill("#username", "alice")
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page).to_have_url(re.compile(r"/dashboard/cases$"))


def shoot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"dashboard-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def test_login_rejects_a_wrong_password_then_signs_in(browser: Browser, office: Office) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(office.url("/dashboard/login"))
    page.fill("#username", "alice")
    page.fill("#password", "not my password")
    page.click("button:has-text('Sign in')")
    expect(page.locator(".error")).to_have_text("Wrong username or password.")
    sign_in(page, office)
    expect(page.locator("header .who")).to_have_text("Alice Manager")
    context.close()


def test_case_list_filters_and_search(page: Page, office: Office) -> None:
    rows = page.locator("table.cases tbody tr")
    expect(rows).to_have_count(25)
    expect(page.locator(".count")).to_contain_text("page 1 of")
    shoot(page, "list")
    page.select_option("select[name=category]", "billing")
    page.click("button:has-text('Filter')")
    expect(page).to_have_url(re.compile(r"category=billing"))
    categories = page.locator("table.cases tbody tr td:nth-child(5)").all_inner_texts()
    assert categories and set(categories) == {"billing"}
    page.fill("input[name=q]", "waiting room")
    page.select_option("select[name=category]", "")
    page.click("button:has-text('Filter')")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td.desc")).to_contain_text(XSS)


def test_case_detail_shows_escaped_text_transcript_and_audit(page: Page, office: Office) -> None:
    page.fill("input[name=q]", "waiting room")
    page.click("button:has-text('Filter')")
    page.locator("table.cases tbody tr td a").first.click()
    expect(page).to_have_url(re.compile(rf"/dashboard/cases/{office.cases['xss']}$"))
    expect(page.locator("#case-description")).to_contain_text(XSS)
    expect(page.locator(".transcript .template")).to_have_text("utter_ask_description v3")
    expect(page.locator("table.audit")).to_contain_text("staff:alice")
    expect(page.locator("table.audit")).to_contain_text("viewed")
    shoot(page, "detail")


def test_status_change_assignment_and_resolution_from_the_page(page: Page, office: Office) -> None:
    case_id = office.services.cases.file(
        CaseDraft(
            channel=Channel.SMS,
            conversation_id="browser-status",
            description="I was billed for a cancelled appointment.",
            category=Category.BILLING,
            urgency=Urgency.ROUTINE,
        )
    ).id
    page.goto(office.url(f"/dashboard/cases/{case_id}"))
    expect(page.locator("#case-status")).to_have_text("new")
    page.click(".moves button:has-text('Acknowledge')")
    expect(page.locator(".notice")).to_have_text("Status changed.")
    expect(page.locator("#case-status")).to_have_text("acknowledged")
    expect(page.locator(".moves button:has-text('Acknowledge')")).to_have_count(0)
    page.select_option("#assignee", "bob")
    page.locator("form.inline", has=page.locator("#assignee")).locator("button").click()
    expect(page.locator(".notice")).to_have_text("Assignment saved.")
    page.select_option("#category", "scheduling_wait")
    page.locator("form.inline", has=page.locator("#category")).locator("button").click()
    expect(page.locator(".notice")).to_have_text("Category and urgency saved.")
    expect(page.locator(".facts")).to_contain_text("scheduling wait")
    expect(page.locator("table.audit")).to_contain_text("billing->scheduling_wait")
    page.fill("#note", "Spoke with billing; refund requested.")
    page.click("button:has-text('Add note')")
    expect(page.locator(".notes")).to_contain_text("Spoke with billing; refund requested.")
    page.fill("#outcome", "Refunded the duplicate charge.")
    page.click(".resolve button:has-text('Resolve')")
    expect(page.locator("#case-status")).to_have_text("resolved")
    expect(page.locator(".facts")).to_contain_text("Refunded the duplicate charge.")
    case = office.services.cases.get(case_id)
    assert case.status.value == "resolved" and case.assignee == "bob"
    assert case.category is Category.SCHEDULING_WAIT


def test_trends_page_draws_charts_with_text_alternatives(page: Page, office: Office) -> None:
    page.click("nav >> text=Trends")
    expect(page).to_have_url(re.compile(r"/dashboard/trends$"))
    weekly = page.locator("svg#weekly-chart")
    expect(weekly).to_have_attribute("role", "img")
    assert weekly.locator("rect").count() > 8
    expect(page.locator("#weekly-chart-desc")).to_contain_text("complaints in 12 weeks")
    expect(page.locator("#weekly-table tbody tr")).to_have_count(12)
    assert page.locator("svg#score-chart rect").count() == 5
    expect(page.locator("#fig-overdue")).not_to_have_text("0")
    expect(page.locator("#fig-corrected")).to_be_visible()
    assert page.locator("#fig-ack").inner_text() != "-"
    box = weekly.bounding_box()
    assert box is not None and box["width"] > 300
    shoot(page, "trends")
