"""Fill a template for one channel: pick a variant, fill `{placeholders}`, never crash.

Values come from the caller's arguments first (e.g. `reference` from the filing action), then
the conversation's slots, then the office's own details from settings. A variant whose
placeholders cannot all be filled is avoided; if every variant lacks a value, the gap is left
blank and only the template id is logged (values may be patient data).
"""

from __future__ import annotations

import logging
import random
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from bot.settings import Settings
from bot.templates.model import Button, Template, placeholders_of

logger = logging.getLogger(__name__)

OFFICE_PLACEHOLDERS = (
    "office_name",
    "office_hours",
    "office_phone",
    "response_business_days",
)


@dataclass(frozen=True)
class Rendered:
    """A filled template, ready to hand to a channel."""

    template_id: str
    template_version: int
    text: str
    buttons: Tuple[Button, ...]


def office_values(settings: Settings) -> Dict[str, str]:
    """Placeholders every template may use, from the installation's settings.

    Without `OFFICE_PHONE` the phone reads "the office's main number", which fits every
    template's "call the office at {office_phone}" and "reach a person at {office_phone}".
    """
    return {
        "office_name": settings.office_name,
        "office_hours": settings.office_hours,
        "office_phone": settings.office_phone or "the office's main number",
        "response_business_days": str(settings.response_business_days),
    }


def usable_values(*sources: Mapping[str, Any]) -> Dict[str, str]:
    """Merge value sources, earlier ones winning; skip empty and non-scalar values."""
    merged: Dict[str, str] = {}
    for source in sources:
        for name, value in source.items():
            if name in merged or value is None or isinstance(value, bool):
                continue
            if isinstance(value, (str, int, float)) and str(value).strip():
                merged[name] = str(value)
    return merged


def render(
    template: Template,
    channel: str,
    values: Mapping[str, str],
    choose: Optional[random.Random] = None,
) -> Rendered:
    """The template filled for `channel` with `values`, one variant chosen at random."""
    picker = choose or random.Random()  # noqa: S311 - wording variety, not security
    variants = template.variants_for(channel)
    complete = [v for v in variants if all(name in values for name in placeholders_of(v))]
    if complete:
        text = _fill(picker.choice(complete), values)
    else:
        logger.warning("template %s: missing placeholder values; left blank", template.id)
        text = _fill(picker.choice(list(variants)), values)
    return Rendered(
        template_id=template.id,
        template_version=template.version,
        text=text,
        buttons=template.buttons,
    )


def _fill(variant: str, values: Mapping[str, str]) -> str:
    names = placeholders_of(variant)
    filled = variant.format_map({name: values.get(name, "") for name in names})
    tidy = re.sub(r" {2,}", " ", filled)
    tidy = re.sub(r"\s+([.,!?])", r"\1", tidy)  # a blank value before punctuation
    return re.sub(r",([.!?])", r"\1", tidy).strip()


def buttons_as_dicts(buttons: Sequence[Button]) -> List[Dict[str, str]]:
    """Buttons in Rasa's message format."""
    return [{"title": button.title, "payload": button.payload} for button in buttons]
