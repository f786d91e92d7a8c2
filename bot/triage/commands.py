"""`bot triage "text"` and `bot triage --jsonl`: classify messages with the live bot's model.

JSONL mode reads `{"text": ...}` lines from stdin and writes one JSON line per input line, in
order; a bad line gets an `error` field instead of stopping the batch, so a benchmark or a
script can always line answers up with questions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any, Dict, Optional, TextIO, Tuple

import structlog

from bot.triage.service import MAX_CHARS, ModelMissingError, TriageService


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `bot triage`."""
    parser = subparsers.add_parser(
        "triage", help="classify a message: kind, category, urgency, confidence (JSON)"
    )
    parser.add_argument("text", nargs="?", help="the message (omit with --jsonl)")
    parser.add_argument("--jsonl", action="store_true", help='read {"text": ...} lines from stdin')
    parser.add_argument("--model", type=Path, help="model archive (default models/intake.tar.gz)")
    parser.set_defaults(handler=_triage)


def _triage(args: argparse.Namespace) -> int:
    if args.jsonl == (args.text is not None):
        print("bot triage: give either one TEXT or --jsonl", file=sys.stderr)
        return 2
    quiet_libraries()
    try:
        service = TriageService.load(args.model)
    except ModelMissingError as error:
        print(f"bot triage: {error}", file=sys.stderr)
        return 1
    if args.jsonl:
        asyncio.run(run_jsonl(service, sys.stdin, sys.stdout))
    else:
        result = asyncio.run(service.triage(args.text))
        print(json.dumps(_answer(result.as_dict(), args.text)))
    return 0


async def run_jsonl(service: TriageService, source: TextIO, sink: TextIO) -> None:
    """Answer each line of `source` with one JSON line on `sink`."""
    for line in source:
        answer = await _answer_line(service, line)
        sink.write(json.dumps(answer) + "\n")
        sink.flush()


async def _answer_line(service: TriageService, line: str) -> Dict[str, Any]:
    text, error = _text_of(line)
    if text is None:
        return {"error": error}
    result = await service.triage(text)
    return _answer(result.as_dict(), text)


def _text_of(line: str) -> Tuple[Optional[str], str]:
    """The `text` of one input line, or None and the reason it has none."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None, "line is not valid JSON"
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        return None, "expected a JSON object with a string field 'text'"
    return value["text"], ""


def _answer(result: Dict[str, Any], text: str) -> Dict[str, Any]:
    if len(text) > MAX_CHARS:
        result["truncated"] = True
    return result


def quiet_libraries() -> None:
    """TensorFlow and Rasa chatter would bury the answers: keep stdout for JSON only.

    Rasa logs parses through structlog, whose unconfigured default prints every level to
    stdout; outside `rasa run` nobody configures it, so we do.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    for name in ("rasa", "tensorflow", "absl", "h5py", "matplotlib", "sanic"):
        logging.getLogger(name).setLevel(logging.ERROR)
    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
    )
