"""`TriageService`: one loaded model answering "what is this message?" for `bot triage`.

It loads the same trained model the live bot serves, whose NLU pipeline ends with the safety
screen (`bot.nlu.safety`), and maps the parse with the same `classify` the pipeline uses, so the
command line and the conversation cannot disagree.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

from bot.ops.training import model_path
from bot.triage.mapping import URGENCY_SCORE_KEY, Triage, classify, unreadable

MAX_CHARS = 5000


class ModelMissingError(RuntimeError):
    """No trained model where the service looks for one."""


def prepare(text: str) -> Optional[str]:
    """Whitespace-trimmed text capped at MAX_CHARS, or None when it has no letters or digits."""
    cleaned = " ".join(text.split())[:MAX_CHARS]
    if not any(character.isalnum() for character in cleaned):
        return None
    return cleaned


class TriageService:
    """Triage messages with a loaded Rasa agent (load once, ask many times)."""

    def __init__(self, agent: Any) -> None:
        self._agent = agent

    @classmethod
    def load(cls, model: Optional[Path] = None) -> TriageService:
        """Load the trained model (default: the one `bot train` writes)."""
        path = model or model_path()
        if not path.exists():
            raise ModelMissingError(f"no trained model at {path}; run `bot train` first")
        from rasa.core.agent import Agent

        # Rasa and TensorFlow print progress while loading; keep stdout for our JSON.
        with contextlib.redirect_stdout(sys.stderr):
            agent = Agent.load(str(path))
        return cls(agent)

    async def parse(self, text: str) -> Optional[Dict[str, Any]]:
        """The model's raw parse of `text` (prepared), or None when it has nothing to read."""
        cleaned = prepare(text)
        if cleaned is None:
            return None
        parse: Dict[str, Any] = await self._agent.parse_message(cleaned)
        return parse

    async def triage(self, text: str) -> Triage:
        """What `text` is, with its urgency."""
        parse = await self.parse(text)
        if parse is None:
            return unreadable()
        return triage_of(parse)


def triage_of(parse: Mapping[str, Any]) -> Triage:
    """`classify` applied to one parse: its text, intent ranking and semantic urgency score."""
    ranking = parse.get("intent_ranking") or [parse.get("intent") or {}]
    return classify(str(parse.get("text") or ""), ranking, urgency_score_of(parse))


def urgency_score_of(parse: Mapping[str, Any]) -> float:
    """The semantic urgency probability on a parse (0 for models trained without the head)."""
    return float(parse.get(URGENCY_SCORE_KEY) or 0.0)
