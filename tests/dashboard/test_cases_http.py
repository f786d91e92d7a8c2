"""Case pages over real HTTP: filters, search, escaping, audited views and changes, CSV, trends."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
import requests

from bot.cases.records import CaseDraft
from bot.cases.vocabulary import Category, Channel, Status, Urgency
from bot.notify.texts import case_link
from tests.dashboard.conftest import PASSWORD, XSS, Office
from tests.dashboard.web import csrf_from, signed_in


@pytest.fixture
def alice(office: Office) -> requests.Session:
    return signed_in(office)


def file_case(office: Office, description: str, category: Category = Category.FACILITY) -> int:
    draft = CaseDraft(
        channel=Channel.WEB,
        conversation_id=f"test-{description[:20]}",
        description=description,
        category=category,
        urgency=Urgency.ROUTINE,
    )
    return office.services.cases.file(draft).id


def test_patient_text_is_escaped_on_list_and_case_pages(office: Office, alice: requests.Session) -> None:
    listing = alice.get(office.url("/dashboard/cases?q=waiting+room"), timeout=30).text
    page = alice.get(office.url(f"/dashboard/cases/{office.cases['xss']}"), timeout=30).text
    for html in (listing, page):
        assert XSS not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>front desk</b>" not in page and "&lt;b&gt;front desk&lt;/b&gt;" in page
    assert "Content-Security-Policy" in alice.get(office.url("/dashboard/cases"), timeout=30).headers


def test_case_page_shows_template_of_each_bot_line(office: Office, alice: requests.Session) -> None:
    page = alice.get(office.url(f"/dashboard/cases/{office.cases['xss']}"), timeout=30).text
    assert "utter_ask_description v3" in page
    assert "Nobody told us about the delay." in page


def test_escalation_link_opens_the_case_page_after_sign_in(office: Office) -> None:
    case = office.services.cases.get(office.cases["old"])
    link = case_link(office.base_url, case.id)  # what the manager's alert text contains
    browser = requests.Session()
    first = browser.get(link, allow_redirects=False, timeout=30)
    assert first.status_code == 303
    login_page = browser.get(office.url(first.headers["Location"]), timeout=30)
    answer = browser.post(
        office.url("/dashboard/login"),
        data={
            "csrf_token": csrf_from(login_page.text),
            "username": "alice",
            "password": PASSWORD,
            "next": re.search(r'name="next" value="([^"]+)"', login_page.text).group(1),
        },
        timeout=30,
    )
    assert answer.url == link
    assert f"<title>{case.reference} ·" in answer.text


def test_missing_case_is_a_404(office: Office, alice: requests.Session) -> None:
    assert alice.get(office.url("/dashboard/cases/999999"), timeout=30).status_code == 404


def test_every_view_is_an_audit_event(office: Office, alice: requests.Session) -> None:
    case_id = file_case(office, "The ramp at the side door is blocked by bins.")
    alice.get(office.url(f"/dashboard/cases/{case_id}"), timeout=30)
    alice.get(office.url(f"/dashboard/cases/{case_id}"), timeout=30)
    views = [e for e in office.services.cases.audit_trail(case_id) if e.action == "viewed"]
    assert [e.actor for e in views] == ["staff:alice", "staff:alice"]


def test_changes_go_through_the_workflow_and_are_audited(
    office: Office, alice: requests.Session
) -> None:
    case_id = file_case(office, "The lift was out of order for a week.")
    page = alice.get(office.url(f"/dashboard/cases/{case_id}"), timeout=30).text
    token = csrf_from(page)
    assert 'value="acknowledged"' in page and 'value="closed"' not in page

    def post(action: str, **data: str) -> requests.Response:
        return alice.post(
            office.url(f"/dashboard/cases/{case_id}/{action}"),
            data={"csrf_token": token, **data},
            allow_redirects=False,
            timeout=30,
        )

    assert post("status", target="acknowledged").status_code == 303
    assert post("assign", assignee="bob").status_code == 303
    assert post("due", due="2026-12-04").status_code == 303
    assert post("notes", note="Facilities booked the repair.").status_code == 303
    refused = post("status", target="closed")
    assert refused.headers["Location"].endswith("notice=refused")
    assert post("status", target="resolved").status_code == 400  # an outcome note is required
    assert post("assign", assignee="nobody-here").status_code == 400
    assert post("status", target="resolved", note="Lift repaired; apologised.").status_code == 303

    case = office.services.cases.get(case_id)
    assert case.status is Status.RESOLVED
    assert case.assignee == "bob"
    assert case.resolution_note == "Lift repaired; apologised."
    assert case.due_at is not None and case.due_at.date().isoformat() == "2026-12-05"  # 23:59 EST
    trail = [(e.action, e.actor, e.detail) for e in office.services.cases.audit_trail(case_id)]
    assert ("status_changed", "staff:alice", "new->acknowledged") in trail
    assert ("assigned", "staff:alice", "bob") in trail
    assert ("note_added", "staff:alice", "Facilities booked the repair.") in trail
    assert ("status_changed", "staff:alice", "acknowledged->resolved") in trail
    assert any(action == "due_set" and actor == "staff:alice" for action, actor, _ in trail)
    page = alice.get(office.url(f"/dashboard/cases/{case_id}"), timeout=30).text
    assert "Facilities booked the repair." in page


def test_staff_correct_the_category_and_the_trends_count_it(
    office: Office, alice: requests.Session
) -> None:
    case_id = file_case(office, "The parking meter ate my coins.", Category.BILLING)
    page = alice.get(office.url(f"/dashboard/cases/{case_id}"), timeout=30).text
    assert '<option value="billing" selected>' in page
    token = csrf_from(page)
    before = alice.get(office.url("/dashboard/api/trends?weeks=4"), timeout=30).json()

    def post(**data: str) -> requests.Response:
        return alice.post(
            office.url(f"/dashboard/cases/{case_id}/reclassify"),
            data={"csrf_token": token, **data},
            allow_redirects=False,
            timeout=30,
        )

    assert post(category="facility", urgency="routine").status_code == 303
    assert post(category="parking", urgency="routine").status_code == 400
    assert post(category="facility").status_code == 400
    forged = alice.post(
        office.url(f"/dashboard/cases/{case_id}/reclassify"),
        data={"csrf_token": "forged", "category": "other", "urgency": "routine"},
        allow_redirects=False,
        timeout=30,
    )
    assert forged.status_code == 403
    assert office.services.cases.get(case_id).category is Category.FACILITY
    trail = [(e.action, e.actor, e.detail) for e in office.services.cases.audit_trail(case_id)]
    assert ("category_changed", "staff:alice", "billing->facility") in trail
    page = alice.get(office.url(f"/dashboard/cases/{case_id}?notice=reclassified"), timeout=30)
    assert "Category and urgency saved." in page.text
    assert '<option value="facility" selected>' in page.text
    after = alice.get(office.url("/dashboard/api/trends?weeks=4"), timeout=30).json()
    assert after["corrected"]["category"] == before["corrected"]["category"] + 1
    assert after["corrected"]["urgency"] == before["corrected"]["urgency"]
    moved = {"assistant": "billing", "staff": "facility", "cases": 1}
    assert moved in after["corrected"]["moves"]
    trends = alice.get(office.url("/dashboard/trends?weeks=4"), timeout=30).text
    assert f'id="fig-corrected">{after["corrected"]["category"]}<' in trends
    assert "<td>billing</td><td>facility</td><td>1</td>" in trends


def test_filters_search_and_overdue(office: Office, alice: requests.Session) -> None:
    old = office.services.cases.get(office.cases["old"])
    by_reference = alice.get(office.url(f"/dashboard/cases?q={old.reference}"), timeout=30).text
    assert f">{old.reference}<" in by_reference
    assert '<p class="count">1 case</p>' in by_reference
    billing = alice.get(office.url("/dashboard/cases?category=billing&channel=sms"), timeout=30).text
    assert old.reference in billing
    assert "scheduling wait</td>" not in billing
    overdue = alice.get(office.url("/dashboard/cases?overdue=1"), timeout=30).text
    assert old.reference in overdue  # six days open without a due date
    assert overdue.count("<tr class=\"\">") == 0, "every listed row is overdue"
    today = datetime.now().date()
    ranged = alice.get(
        office.url(f"/dashboard/cases?from={(today - timedelta(days=3)).isoformat()}"), timeout=30
    ).text
    assert old.reference not in ranged
    assert alice.get(office.url("/dashboard/cases?status=lost"), timeout=30).status_code == 400


def test_pagination(office: Office, alice: requests.Session) -> None:
    first = alice.get(office.url("/dashboard/cases"), timeout=30).text
    assert "page 1 of" in first and 'rel="next"' in first
    second = alice.get(office.url("/dashboard/cases?page=2"), timeout=30).text
    assert "page 2 of" in second and 'rel="prev"' in second


def test_csv_export_is_filtered_and_formula_safe(office: Office, alice: requests.Session) -> None:
    case_id = file_case(office, "=HYPERLINK(\"http://example.invalid\",\"click\") in my bill")
    reference = office.services.cases.get(case_id).reference
    answer = alice.get(office.url(f"/dashboard/export.csv?q={reference}"), timeout=30)
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [row["reference"] for row in rows] == [reference]
    assert rows[0]["description"].startswith("'=HYPERLINK")
    exported = [e for e in office.services.cases.audit_trail(case_id) if e.action == "exported"]
    assert [e.actor for e in exported] == ["staff:alice"]


def test_trends_page_and_json(office: Office, alice: requests.Session) -> None:
    page = alice.get(office.url("/dashboard/trends?weeks=12"), timeout=30)
    assert page.status_code == 200
    assert 'role="img"' in page.text and "<title id=\"weekly-chart-title\">" in page.text
    assert 'id="weekly-table"' in page.text and 'id="score-table"' in page.text
    figures = alice.get(office.url("/dashboard/api/trends?weeks=12"), timeout=30).json()
    assert len(figures["weeks"]) == 12
    assert figures["overdue"] >= 1
    assert figures["satisfaction"]["answered"] > 0
    assert figures["median_ack_seconds"] > 0 and figures["median_resolve_seconds"] > 0
    assert alice.get(office.url("/dashboard/trends?weeks=7"), timeout=30).status_code == 400


def test_a_case_the_patient_left_incomplete_is_marked_on_list_and_page(
    office: Office, alice: requests.Session
) -> None:
    case = office.services.cases.open_draft(
        CaseDraft(
            channel=Channel.SMS,
            conversation_id="test-left-incomplete",
            description="the lab posted my results to my old address",
            category=Category.PRIVACY,
            urgency=Urgency.URGENT,
        )
    )
    listing = alice.get(office.url("/dashboard/cases?q=old+address"), timeout=30).text
    page = alice.get(office.url(f"/dashboard/cases/{case.id}"), timeout=30).text
    assert 'class="tag incomplete-tag">incomplete</span>' in listing
    assert 'id="case-incomplete"' in page
    finished = alice.get(office.url(f"/dashboard/cases/{office.cases['xss']}"), timeout=30).text
    assert 'id="case-incomplete"' not in finished
