"""The conversation kept with a case, taken from Rasa's tracker events.

Patient lines are the `user` events' text; bot lines carry the template id and version that the
template NLG put into the BotUttered metadata, so the office can see which wording was used.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable, List, Mapping, Optional, Tuple

from bot.cases.records import TranscriptLine

PATIENT = "patient"
BOT = "bot"


def _moment(event: Mapping[str, Any]) -> datetime:
    stamp = event.get("timestamp")
    if isinstance(stamp, (int, float)):
        return datetime.fromtimestamp(stamp, tz=timezone.utc)
    return datetime.now(tz=timezone.utc)


def _version(value: Any) -> Optional[int]:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def transcript_from_events(events: Iterable[Mapping[str, Any]]) -> Tuple[TranscriptLine, ...]:
    """Patient and bot lines of the current session, oldest first."""
    lines: List[TranscriptLine] = []
    for event in events:
        kind = event.get("event")
        if kind == "session_started":
            lines = []
        elif kind == "user" and event.get("text"):
            lines.append(TranscriptLine(PATIENT, str(event["text"]), _moment(event)))
        elif kind == "bot" and event.get("text"):
            metadata = event.get("metadata") or {}
            lines.append(
                TranscriptLine(
                    BOT,
                    str(event["text"]),
                    _moment(event),
                    template_id=metadata.get("template_id"),
                    template_version=_version(metadata.get("template_version")),
                )
            )
    return tuple(lines)
