"""The chat widget in real headless Chromium against the real Rasa, action and office servers."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from bot.cases.records import CaseRecord, TranscriptLine
from bot.settings import load_settings
from bot.wiring import build_services
from tests.support.servers import RunningBot
from tests.web.widget_page import REFERENCE, WidgetPage, answer_for

pytestmark = [pytest.mark.browser, pytest.mark.servers]

PHONE = {"width": 360, "height": 740}
COMPLAINT = "I was charged twice for the same visit and nobody at billing calls me back."
MAX_TURNS = 20


def phone_context(browser: Browser) -> BrowserContext:
    return browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )


def saved_case(env: Dict[str, str], reference: str) -> Tuple[CaseRecord, List[TranscriptLine]]:
    services = build_services(load_settings(env))
    try:
        case = next(case for case in services.cases.list() if case.reference == reference)
        return case, services.cases.transcript(case.id)
    finally:
        services.engine.dispose()


def test_a_full_complaint_through_the_widget_ends_in_a_saved_case(
    running: RunningBot, browser: Browser, artifacts: Path
) -> None:
    context = phone_context(browser)
    widget = WidgetPage(context.new_page()).open(running.web_url + "/")
    replies = widget.send(COMPLAINT)
    widget.screenshot(artifacts / "widget-complaint-first-reply.png")
    transcript: List[str] = list(replies)
    for _turn in range(MAX_TURNS):
        if any(REFERENCE.search(reply) for reply in replies):
            break
        assert replies, f"the bot did not answer; transcript so far: {transcript}"
        choices = widget.choices()
        answer = answer_for(replies[-1] if replies else "", choices)
        replies = widget.choose(answer) if choices else widget.send(answer)
        transcript += replies
    else:
        pytest.fail(f"no case reference after {MAX_TURNS} turns: {transcript}")

    reference = REFERENCE.search(" ".join(replies)).group(0)  # type: ignore[union-attr]
    widget.screenshot(artifacts / "widget-complaint-saved.png")
    case, transcript_lines = saved_case(running.env, reference)
    assert case.channel.value == "web"
    assert COMPLAINT in widget.user_texts()
    bot_lines = [line for line in transcript_lines if line.sender == "bot"]
    assert bot_lines, "the case kept no bot lines"
    assert all(line.template_id and line.template_version for line in bot_lines)
    print(
        "transcript templates:", [(line.template_id, line.template_version) for line in bot_lines]
    )
    context.close()


def test_reload_keeps_the_conversation_and_another_browser_cannot_see_it(
    running: RunningBot, browser: Browser, artifacts: Path
) -> None:
    first = browser.new_context()
    widget = WidgetPage(first.new_page()).open(running.web_url + "/")
    widget.send("Hello")
    before_bot, before_user = widget.bot_texts(), widget.user_texts()
    token = widget.token()

    widget.page.reload()
    widget.wait_for_session()
    expect(widget.page.locator(".cw-bot")).to_have_count(len(before_bot))
    assert (widget.bot_texts(), widget.user_texts()) == (before_bot, before_user)
    assert widget.token() == token
    widget.screenshot(artifacts / "widget-after-reload.png")

    other = browser.new_context()
    stranger = WidgetPage(other.new_page()).open(running.web_url + "/")
    assert stranger.bot_texts() == [] and stranger.token() != token

    assert token is not None
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    stranger.page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [f"complaintWidget.session.{running.rasa_url}", forged],
    )
    stranger.page.reload()
    stranger.wait_for_session()
    stranger.page.wait_for_function(
        f"() => localStorage['complaintWidget.session.{running.rasa_url}'] !== {forged!r}"
    )
    assert stranger.bot_texts() == [] and stranger.token() not in (token, forged)
    stranger.send("Hello")
    assert widget.page.locator(".cw-bot").count() == len(before_bot)
    first.close()
    other.close()


def test_keyboard_only_use(running: RunningBot, browser: Browser, artifacts: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    widget = WidgetPage(page)
    page.goto(running.web_url + "/")
    page.keyboard.press("Tab")
    expect(widget.launcher).to_be_focused()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(widget.input).to_be_focused()
    expect(widget.launcher).to_have_attribute("aria-expanded", "true")
    widget.wait_for_session()

    page.keyboard.type("Hi")
    page.keyboard.press("Enter")
    expect(page.locator(".cw-bot")).not_to_have_count(0, timeout=90_000)
    expect(page.locator("[role=log][aria-live=polite] .cw-bot").first).to_be_visible()
    expect(widget.input).to_be_focused()
    widget.screenshot(artifacts / "widget-keyboard.png")

    page.keyboard.press("Escape")
    expect(page.locator(".cw-panel")).to_be_hidden()
    expect(widget.launcher).to_be_focused()
    context.close()


def test_unreachable_server_shows_an_error_and_retry_keeps_the_message(
    running: RunningBot, browser: Browser, artifacts: Path
) -> None:
    context = browser.new_context()
    page = context.new_page()
    widget = WidgetPage(page)

    def refuse(route: object) -> None:
        route.abort()  # type: ignore[attr-defined]

    context.route("**/socket.io/**", refuse)
    page.goto(running.web_url + "/")
    widget.launcher.click()
    expect(widget.error).to_be_visible(timeout=30_000)
    widget.input.fill("Nobody called me back about my bill.")
    widget.input.press("Enter")
    expect(widget.error).to_be_visible()
    expect(widget.input).to_have_value("Nobody called me back about my bill.")
    widget.screenshot(artifacts / "widget-unreachable.png")

    context.unroute("**/socket.io/**", refuse)
    page.locator(".cw-retry").click()
    expect(page.locator(".cw-user")).to_have_text(
        ["You: Nobody called me back about my bill."], timeout=60_000
    )
    expect(page.locator(".cw-typing")).to_be_hidden(timeout=90_000)  # the server acknowledged
    expect(widget.error).to_be_hidden()
    expect(widget.input).to_have_value("")
    context.close()
