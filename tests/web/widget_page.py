"""Drives the chat widget in a page the way a patient would, and answers the bot's prompts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Optional

from playwright.sync_api import Locator, Page

BOT_PREFIX = "Office assistant: "
USER_PREFIX = "You: "
REFERENCE = re.compile(r"\bC-\d{3,}\b")
TURN_TIMEOUT_MS = 90_000


class WidgetPage:
    """One browser tab with the widget open."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def launcher(self) -> Locator:
        return self.page.locator(".cw-launcher")

    @property
    def input(self) -> Locator:
        return self.page.locator("#cw-input")

    @property
    def error(self) -> Locator:
        return self.page.locator(".cw-error")

    def open(self, url: str) -> WidgetPage:
        self.page.goto(url)
        if self.page.locator(".cw-panel").is_hidden():
            self.launcher.click()
        self.wait_for_session()
        return self

    def wait_for_session(self) -> None:
        self.page.wait_for_function(
            "() => Object.keys(localStorage).some(k => k.startsWith('complaintWidget.session'))"
        )

    def token(self) -> Optional[str]:
        return self.page.evaluate(
            "() => { const k = Object.keys(localStorage)"
            ".find(k => k.startsWith('complaintWidget.session')); return k && localStorage[k]; }"
        )

    def bot_texts(self) -> List[str]:
        return [
            t.removeprefix(BOT_PREFIX) for t in self.page.locator(".cw-bot").all_text_contents()
        ]

    def user_texts(self) -> List[str]:
        return [
            t.removeprefix(USER_PREFIX) for t in self.page.locator(".cw-user").all_text_contents()
        ]

    def choices(self) -> List[str]:
        return self.page.locator(".cw-choice:enabled").all_text_contents()

    def send(self, text: str) -> List[str]:
        """Type and press Enter; return the bot's new messages once the turn is answered."""
        before = len(self.bot_texts())
        self.input.fill(text)
        self.input.press("Enter")
        return self._replies_after(before)

    def choose(self, title: str) -> List[str]:
        before = len(self.bot_texts())
        self.page.locator(".cw-choice:enabled", has_text=title).first.click()
        return self._replies_after(before)

    def _replies_after(self, before: int) -> List[str]:
        """The server acknowledges a message after the whole turn, so its bot messages (sent
        on the same connection, in order) are all shown once the typing indicator goes."""
        self.page.wait_for_function(
            "() => document.querySelector('.cw-typing').hidden", timeout=TURN_TIMEOUT_MS
        )
        if self.error.is_visible():
            raise AssertionError(f"widget error: {self.error.inner_text()}")
        return self.bot_texts()[before:]

    def screenshot(self, path: Path) -> Path:
        self.page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")
        return path


def answer_for(prompt: str, choices: List[str]) -> str:
    """A patient's plausible answer to whatever the intake asks (all details fictional)."""
    text = prompt.lower()
    safety_question = any(word in text for word in ("danger", "emergency", "hurt", "safe"))
    if choices:
        order = ("No", "I'm safe") if safety_question else ()
        order += ("Yes", "Correct", "Looks right", "Submit", "Send", "Save", "No", "Skip")
        for preferred in order:
            for choice in choices:
                if choice.lower().startswith(preferred.lower()):
                    return choice
        return choices[0]
    rules = (
        (("when", "date", "day"), "It happened last Tuesday afternoon."),
        (("who", "name of", "staff", "person"), "The person at the front desk."),
        (("phone", "email", "contact", "reach you"), "You can text me at 555-555-0134."),
        (
            ("outcome", "like us to", "want", "resolve", "fix", "refund", "happen now"),
            "I would like the extra charge refunded.",
        ),
        (("your name", "first name", "call you"), "Sam"),
        (("correct", "right", "summary", "confirm"), "yes"),
        (("anything else", "add", "more"), "No, that is everything."),
    )
    for keys, answer in rules:
        if any(key in text for key in keys):
            return answer
    return "That is all I can say."
