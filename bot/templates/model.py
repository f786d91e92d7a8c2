"""The template file format, parsed into plain frozen dataclasses.

Parsing is strict (unknown keys, empty variants and bad versions are errors) because a typo in a
template file would otherwise surface as a silent wrong message in front of an upset patient.
"""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import yaml

TEMPLATE_KEYS = frozenset({"version", "text", "sms", "buttons", "args", "empathy", "note"})


class TemplateError(Exception):
    """A template file is malformed; the message names the file and template id, never a value."""


@dataclass(frozen=True)
class Button:
    """A quick reply: the web widget shows a real button, SMS turns it into "Reply 1 for ..."."""

    title: str
    payload: str


@dataclass(frozen=True)
class Template:
    """One response: a stable id, a version, wording variants and channel variants."""

    id: str
    version: int
    text: Tuple[str, ...]
    sms: Tuple[str, ...] = ()
    buttons: Tuple[Button, ...] = ()
    args: Tuple[str, ...] = ()
    empathy: bool = False
    source: Path = field(default=Path(), compare=False)

    def variants_for(self, channel: str) -> Tuple[str, ...]:
        """The SMS variants for the SMS channel (falling back to text), else the text variants."""
        if channel == "twilio" and self.sms:
            return self.sms
        return self.text

    def placeholders(self) -> Tuple[str, ...]:
        """Every `{name}` used by any variant, in first-seen order."""
        seen: Dict[str, None] = {}
        for variant in (*self.text, *self.sms):
            for name in placeholders_of(variant):
                seen.setdefault(name, None)
        return tuple(seen)

    def wording_digest(self) -> str:
        """sha256 of the wording (variants and buttons): the lock file pins it per version."""
        wording = {
            "text": list(self.text),
            "sms": list(self.sms),
            "buttons": [[button.title, button.payload] for button in self.buttons],
        }
        canonical = json.dumps(wording, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


def placeholders_of(text: str) -> List[str]:
    """Names of the `{placeholders}` in `text`; raises `ValueError` on unbalanced braces."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def load_file(path: Path) -> Dict[str, Template]:
    """Parse one `*.yml` template file."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise TemplateError(f"{path.name}: not valid YAML ({type(error).__name__})") from None
    if not isinstance(document, dict) or not isinstance(document.get("templates"), dict):
        raise TemplateError(f"{path.name}: expected a top-level 'templates:' mapping")
    return {
        str(template_id): _template(path, str(template_id), body)
        for template_id, body in document["templates"].items()
    }


def _template(path: Path, template_id: str, body: Any) -> Template:
    where = f"{path.name}: {template_id}"
    if not template_id.startswith("utter_"):
        raise TemplateError(f"{where}: template ids start with 'utter_'")
    if not isinstance(body, dict):
        raise TemplateError(f"{where}: expected a mapping")
    unknown = set(body) - TEMPLATE_KEYS
    if unknown:
        raise TemplateError(f"{where}: unknown keys {sorted(unknown)}")
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TemplateError(f"{where}: 'version' must be a whole number >= 1")
    text = _variants(where, "text", body.get("text"), required=True)
    sms = _variants(where, "sms", body.get("sms"), required=False)
    for variant in (*text, *sms):
        try:
            placeholders_of(variant)
        except ValueError:
            raise TemplateError(f"{where}: unbalanced braces in a variant") from None
    return Template(
        id=template_id,
        version=version,
        text=text,
        sms=sms,
        buttons=_buttons(where, body.get("buttons")),
        args=_names(where, body.get("args")),
        empathy=bool(body.get("empathy", False)),
        source=path,
    )


def _variants(where: str, key: str, raw: Any, *, required: bool) -> Tuple[str, ...]:
    if raw is None and not required:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise TemplateError(f"{where}: '{key}' must be a non-empty list of strings")
    if not all(isinstance(item, str) and item.strip() for item in raw):
        raise TemplateError(f"{where}: every '{key}' variant must be non-empty text")
    return tuple(item.strip() for item in raw)


def _buttons(where: str, raw: Any) -> Tuple[Button, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise TemplateError(f"{where}: 'buttons' must be a list")
    buttons = []
    for item in raw:
        if not isinstance(item, Mapping) or set(item) != {"title", "payload"}:
            raise TemplateError(f"{where}: each button needs exactly 'title' and 'payload'")
        buttons.append(Button(title=str(item["title"]), payload=str(item["payload"])))
    return tuple(buttons)


def _names(where: str, raw: Any) -> Tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise TemplateError(f"{where}: 'args' must be a list of argument names")
    return tuple(raw)
