"""The wording of notify's SMS, in one place.

Patient-facing wording lives in data/templates (notify.yml); this module only builds the
office-facing texts and trims the manager's note. Manager texts carry the minimum necessary: case number, category, urgency, received time in the
office's time zone and a dashboard link. Never patient text, names or numbers: an SMS sits on a
phone's lock screen.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional, Sequence
from zoneinfo import ZoneInfo

from bot.cases.records import CaseRecord

CLOSING_NOTE_MAX_CHARS = 300


def office_time(moment: datetime, timezone_name: str) -> str:
    """A short local time such as `Mon 23 Nov 09:14 EST`."""
    return moment.astimezone(ZoneInfo(timezone_name)).strftime("%a %d %b %H:%M %Z")


def case_link(office_base_url: str, case_id: int) -> str:
    """The dashboard page of a case."""
    return f"{office_base_url}/dashboard/cases/{case_id}"


def manager_alert(case: CaseRecord, office_base_url: str, timezone_name: str) -> str:
    """The first escalation text to the primary manager."""
    return (
        f"{case.urgency.value.upper()} case {case.reference}: "
        f"{case.category.value.replace('_', ' ')}, received "
        f"{office_time(case.created_at, timezone_name)}. "
        f"Reply ACK {case.reference[2:]} to take it. {case_link(office_base_url, case.id)}"
    )


def manager_reescalation(
    case: CaseRecord, office_base_url: str, timezone_name: str, waited_minutes: int
) -> str:
    """The text to the backup manager(s) when nobody acknowledged in time."""
    return f"Not acknowledged after {waited_minutes} min. " + manager_alert(
        case, office_base_url, timezone_name
    )


def digest(
    office_name: str,
    references: Sequence[str],
    office_base_url: str,
    incomplete: Sequence[str] = (),
) -> str:
    """The daily list of overdue routine cases, and of open cases the patient left incomplete
    (opened at an urgent first message; the intake was never confirmed)."""
    parts = []
    if references:
        noun = "case is" if len(references) == 1 else "cases are"
        parts.append(f"{len(references)} routine {noun} overdue: {_listed(references)}.")
    if incomplete:
        noun = "case was" if len(incomplete) == 1 else "cases were"
        parts.append(f"{len(incomplete)} open {noun} left incomplete: {_listed(incomplete)}.")
    return f"{office_name} daily digest: " + " ".join(parts) + f" {office_base_url}/dashboard"


def _listed(references: Sequence[str]) -> str:
    shown = ", ".join(references[:10])
    return shown + (f" and {len(references) - 10} more" if len(references) > 10 else "")


MANAGER_HELP = (
    "Commands: ACK 1042 (take a case), RESOLVE 1042 <note> (close it; the note goes to the "
    "patient), STATUS (open urgent cases), HELP."
)


def closing_note(note: Optional[str]) -> str:
    """The manager's outcome note as it may appear in the patient's closing message."""
    outcome = " ".join((note or "").split())
    if len(outcome) > CLOSING_NOTE_MAX_CHARS:
        outcome = outcome[: CLOSING_NOTE_MAX_CHARS - 3].rstrip() + "..."
    if outcome and outcome[-1] not in ".!?":
        outcome += "."
    return outcome


def flood_alert(office_name: str, channel: str, limit: int, quiet_for: timedelta) -> str:
    """The one text a manager gets when a sender floods a channel; names nobody (the sender's
    number is PHI and the alert sits on a lock screen)."""
    hours = max(1, int(quiet_for.total_seconds() // 3600))
    return (
        f"{office_name}: a sender on {channel} passed {limit} messages a minute and is being "
        f"slowed down automatically. Replies to them are paused; no action needed. "
        f"Further floods in the next {hours} h are not texted."
    )
