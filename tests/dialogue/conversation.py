"""Talk to the running bot like a patient: recognise each reply's template, answer it.

The REST channel returns only text, so replies are matched back to their template by wording
(placeholders match anything). Tests then answer by template id, not by exact wording, and keep
working when the office rewords a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Mapping, Optional, Pattern, Tuple

from bot.templates.registry import TemplateRegistry

_PLACEHOLDER = re.compile(r"\\\{\w+\\\}")


def _patterns() -> List[Tuple[str, Pattern[str]]]:
    found: List[Tuple[str, Pattern[str]]] = []
    for template in TemplateRegistry().templates().values():
        for variant in (*template.text, *template.sms):
            pattern = _PLACEHOLDER.sub(lambda _: "(.*?)", re.escape(variant))
            found.append((template.id, re.compile(pattern, re.DOTALL)))
    # Longer wording first, so a short template never shadows a longer one.
    return sorted(found, key=lambda item: -len(item[1].pattern))


@dataclass
class Conversation:
    """One patient's conversation through a `send(sender, text)` function."""

    send: Callable[[str, str], List[Dict[str, object]]]
    sender: str
    lines: List[Tuple[str, str]] = field(default_factory=list)
    templates: List[str] = field(default_factory=list)
    _known: List[Tuple[str, Pattern[str]]] = field(default_factory=_patterns)

    def template_of(self, text: str) -> Optional[str]:
        """The id of the template whose wording produced `text`."""
        return next((tid for tid, pattern in self._known if pattern.fullmatch(text)), None)

    def templates_in(self, text: str) -> List[str]:
        """Ids of every template found inside `text` (an SMS may join several replies and add
        "Reply 1 for ..." lines), in the order they appear."""
        found: Dict[str, int] = {}
        for tid, pattern in self._known:
            match = pattern.search(text)
            if match and tid not in found and match.group(0).strip():
                found[tid] = match.start()
        return sorted(found, key=lambda tid: found[tid])

    def say(self, text: str) -> List[str]:
        """Send one message; return the template ids of the replies, in order."""
        self.lines.append(("patient", text))
        ids: List[str] = []
        for reply in self.send(self.sender, text):
            said = str(reply.get("text") or "")
            self.lines.append(("bot", said))
            exact = self.template_of(said)
            ids.extend([exact] if exact else self.templates_in(said) or ["?"])
        self.templates.extend(ids)
        return ids

    def answer_until(
        self, first: str, answers: Mapping[str, str], done: str, max_turns: int = 12
    ) -> List[str]:
        """Send `first`, then answer each question from `answers` until `done` is said."""
        ids = self.say(first)
        for _ in range(max_turns):
            if done in ids:
                return ids
            question = next((tid for tid in reversed(ids) if tid in answers), None)
            if question is None:
                raise AssertionError(f"no answer for replies {ids}:\n{self.transcript()}")
            ids = self.say(answers[question])
        raise AssertionError(f"{done} never came:\n{self.transcript()}")

    def transcript(self) -> str:
        """The conversation as plain text, for reports."""
        return "\n".join(f"{who:>7}: {text}" for who, text in self.lines)

    def bot_text(self) -> str:
        """Everything the bot said, joined."""
        return "\n".join(text for who, text in self.lines if who == "bot")
