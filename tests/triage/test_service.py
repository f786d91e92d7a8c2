"""TriageService input handling and `bot triage --jsonl` line handling, on a stand-in agent."""

from __future__ import annotations

import io
import json
from typing import Any, Dict, List

import pytest

from bot.triage.commands import run_jsonl
from bot.triage.service import MAX_CHARS, TriageService, prepare


class RecordingAgent:
    """Answers every parse with a billing complaint and remembers what it was asked."""

    def __init__(self) -> None:
        self.texts: List[str] = []

    async def parse_message(self, text: str) -> Dict[str, Any]:
        self.texts.append(text)
        ranking = [{"name": "complaint_billing", "confidence": 0.9}]
        return {"text": text, "intent": ranking[0], "intent_ranking": ranking}


def test_prepare_caps_and_rejects_wordless_text() -> None:
    assert prepare("  hello \n there ") == "hello there"
    assert prepare("") is None
    assert prepare("\U0001f621\U0001f621 !!!") is None
    assert len(prepare("a" * (MAX_CHARS * 3)) or "") == MAX_CHARS


@pytest.mark.asyncio
async def test_wordless_messages_never_reach_the_model() -> None:
    agent = RecordingAgent()
    triage = await TriageService(agent).triage("\U0001f44d\U0001f44d")
    assert (triage.kind, triage.confidence) == ("out_of_scope", 0.0)
    assert agent.texts == []


@pytest.mark.asyncio
async def test_jsonl_answers_every_line_in_order_and_reports_bad_ones() -> None:
    agent = RecordingAgent()
    lines = [
        json.dumps({"text": "I was charged twice"}),
        "not json at all",
        json.dumps({"message": "wrong field"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": 42}),
        "",
        json.dumps({"text": "x" * (MAX_CHARS + 10)}),
        json.dumps({"text": "I want to kill myself"}),
    ]
    sink = io.StringIO()
    await run_jsonl(TriageService(agent), io.StringIO("\n".join(lines) + "\n"), sink)
    answers = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert len(answers) == len(lines)
    assert answers[0]["kind"] == "complaint" and answers[0]["category"] == "billing"
    assert all("error" in answer for answer in answers[1:6])
    assert answers[6]["truncated"] is True
    assert answers[7]["urgency"] == "crisis"
    assert len(agent.texts[1]) == MAX_CHARS


class ScoringAgent:
    """Answers with a clinical-care complaint carrying a high semantic urgency score."""

    async def parse_message(self, text: str) -> Dict[str, Any]:
        ranking = [{"name": "complaint_clinical_care", "confidence": 0.9}]
        return {
            "text": text,
            "intent": ranking[0],
            "intent_ranking": ranking,
            "urgency_score": 0.97,
        }


@pytest.mark.asyncio
async def test_the_semantic_urgency_score_of_the_parse_is_used() -> None:
    service = TriageService(ScoringAgent())
    triage = await service.triage("mum sat in the same chair by the window all afternoon")
    assert (triage.urgency.value, triage.reason) == ("urgent", "semantic")
    parse = await service.parse("  mum sat in the chair  ")
    assert parse is not None and parse["text"] == "mum sat in the chair"
    assert await service.parse("\U0001f44d") is None
