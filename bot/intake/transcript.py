"""The conversation kept with a case, taken from Rasa's tracker events.

Patient lines are the `user` events' text; bot lines carry the template id and version that the
template NLG put into the BotUttered metadata, so the office can see which wording was used.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple

from bot.cases.records import TranscriptLine
from bot.templates.registry import TemplateRegistry
from bot.templates.render import render

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


def told_lines(
    said: Sequence[Tuple[str, Mapping[str, str]]],
    output_channel: str,
    registry: TemplateRegistry,
    office: Mapping[str, str],
    now: datetime,
) -> Tuple[TranscriptLine, ...]:
    """The bot lines an action is about to send, as the patient will read them.

    An action's replies reach the tracker only after it returns, yet the case it opens must
    already show what the patient was told (the 988 or Poison Control answer), in case the
    patient never writes again. `said` holds (template id, values) pairs; an unknown template is
    skipped. The id and version are exact; of a template with several variants this may show a
    sibling of the one sent, until the next turn's transcript (from the tracker) replaces it.
    """
    lines: List[TranscriptLine] = []
    for template_id, values in said:
        template = registry.get(template_id)
        if template is None:
            continue
        rendered = render(template, output_channel, {**office, **values})
        lines.append(
            TranscriptLine(BOT, rendered.text, now, rendered.template_id, rendered.template_version)
        )
    return tuple(lines)
