"""Template registry, rendering, Rasa NLG adapter and lock rules, on small template folders."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.templates.model import TemplateError, load_file
from bot.templates.nlg import TemplateNLG
from bot.templates.registry import TemplateRegistry
from bot.templates.render import render, usable_values
from bot.templates.versions import check, updated

OFFICE = {"office_name": "Maple Street Clinic", "response_business_days": "2"}

BASIC = """
templates:
  utter_case_filed:
    version: 2
    args: [reference]
    text:
      - "Saved as case {reference}, {first_name}."
    sms:
      - "Case {reference} saved."
    buttons:
      - {title: "Check status", payload: "/check_status"}
  utter_thanks:
    version: 1
    text: ["Thanks, {first_name}."]
"""


def write(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def touch_later(path: Path) -> None:
    """Move the mtime forward so a rewrite within the same clock tick is still noticed."""
    later = time.time() + 5
    os.utime(path, (later, later))


def tracker_with(**slots: str) -> DialogueStateTracker:
    slot_objects = [TextSlot(name, mappings=[]) for name in ("first_name", *slots)]
    tracker = DialogueStateTracker("someone", slot_objects)
    for name, value in slots.items():
        tracker.update(SlotSet(name, value))
    return tracker


def test_file_is_parsed_into_templates(tmp_path: Path) -> None:
    templates = load_file(write(tmp_path, "core.yml", BASIC))
    filed = templates["utter_case_filed"]
    assert (filed.version, filed.args, filed.placeholders()) == (
        2,
        ("reference",),
        ("reference", "first_name"),
    )
    assert filed.variants_for("twilio") == ("Case {reference} saved.",)
    assert filed.variants_for("socketio") == ("Saved as case {reference}, {first_name}.",)
    assert templates["utter_thanks"].variants_for("twilio") == ("Thanks, {first_name}.",)


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ("templates:\n  utter_x:\n    text: [hi]\n", "'version'"),
        ("templates:\n  utter_x:\n    version: 1\n    text: []\n", "non-empty list"),
        ("templates:\n  utter_x:\n    version: 1\n    text: ['a {b']\n", "unbalanced"),
        ("templates:\n  utter_x:\n    version: 1\n    text: [a]\n    colour: red\n", "unknown"),
        ("templates:\n  greet:\n    version: 1\n    text: [a]\n", "start with 'utter_'"),
        ("nothing: here\n", "'templates:'"),
    ],
)
def test_malformed_files_are_refused_with_the_template_named(
    tmp_path: Path, body: str, complaint: str
) -> None:
    with pytest.raises(TemplateError, match=complaint):
        load_file(write(tmp_path, "bad.yml", body))


def test_registry_rereads_a_changed_file_and_keeps_good_content_on_a_broken_edit(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "core.yml", BASIC)
    registry = TemplateRegistry(tmp_path)
    assert registry.get("utter_thanks").text == ("Thanks, {first_name}.",)  # type: ignore[union-attr]

    path.write_text(BASIC.replace("Thanks, {first_name}.", "Thank you, {first_name}."))
    touch_later(path)
    assert registry.get("utter_thanks").text == ("Thank you, {first_name}.",)  # type: ignore[union-attr]

    path.write_text("templates: [broken")
    os.utime(path, (time.time() + 10, time.time() + 10))
    assert registry.get("utter_thanks").text == ("Thank you, {first_name}.",)  # type: ignore[union-attr]

    path.unlink()
    assert registry.get("utter_thanks") is None


def test_render_prefers_variants_it_can_fill_and_never_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    body = """
templates:
  utter_ack:
    version: 1
    text: ["Thanks, {first_name}.", "Thank you."]
"""
    template = load_file(write(tmp_path, "t.yml", body))["utter_ack"]
    for seed in range(10):
        assert render(template, "socketio", {}, random.Random(seed)).text == "Thank you."

    only_named = load_file(write(tmp_path, "u.yml", body.replace(', "Thank you."', "")))
    caplog.set_level("WARNING")
    rendered = render(only_named["utter_ack"], "rest", {}, random.Random(0))
    assert rendered.text == "Thanks."
    assert "utter_ack" in caplog.text


def test_values_come_from_arguments_then_slots_then_office() -> None:
    values = usable_values(
        {"reference": "C-1042", "text": None, "first_name": "Ana"},
        {"first_name": "Bo", "office_name": "Slot Office", "flag": True},
        OFFICE,
    )
    assert values == {
        "reference": "C-1042",
        "first_name": "Ana",
        "office_name": "Slot Office",
        "response_business_days": "2",
    }


@pytest.mark.asyncio
async def test_nlg_returns_template_id_version_and_channel_variant(tmp_path: Path) -> None:
    write(tmp_path / "templates", "core.yml", BASIC)
    nlg = TemplateNLG(
        EndpointConfig(type="bot.templates.nlg.TemplateNLG", directory=str(tmp_path / "templates")),
        Domain.empty(),
        office=OFFICE,
    )
    tracker = tracker_with()
    tracker.update(SlotSet("first_name", "Ana"))

    web = await nlg.generate("utter_case_filed", tracker, "socketio", reference="C-1042")
    sms = await nlg.generate("utter_case_filed", tracker, "twilio", reference="C-1042")

    assert web == {
        "text": "Saved as case C-1042, Ana.",
        "buttons": [{"title": "Check status", "payload": "/check_status"}],
        "template_id": "utter_case_filed",
        "template_version": 2,
    }
    assert sms is not None and sms["text"] == "Case C-1042 saved."
    assert await nlg.generate("utter_missing", tracker, "rest") is None


@pytest.mark.asyncio
async def test_nlg_is_what_rasa_builds_from_endpoints_yml() -> None:
    from rasa.core.nlg.generator import NaturalLanguageGenerator

    from bot.settings import PROJECT_ROOT

    config = EndpointConfig.from_dict({"type": "bot.templates.nlg.TemplateNLG"})
    nlg = NaturalLanguageGenerator.create(config, Domain.load(str(PROJECT_ROOT / "domain.yml")))
    assert isinstance(nlg, TemplateNLG)
    assert nlg.registry.get("utter_greet") is not None


def test_lock_adds_new_versions_and_flags_changed_wording(tmp_path: Path) -> None:
    path = write(tmp_path, "core.yml", BASIC)
    lock = updated(load_file(path), {})
    assert check(load_file(path), lock) == []

    path.write_text(BASIC.replace("Case {reference} saved.", "Case {reference} is saved."))
    changed = load_file(path)
    problems = check(changed, lock)
    assert [(p.template_id, "without a version bump" in p.message) for p in problems] == [
        ("utter_case_filed", True)
    ]
    assert updated(changed, lock) == lock  # a released version is never rewritten

    path.write_text(path.read_text().replace("version: 2", "version: 3"))
    bumped = load_file(path)
    new_lock = updated(bumped, lock)
    assert sorted(new_lock["utter_case_filed"]) == [2, 3]
    assert check(bumped, new_lock) == []


@pytest.mark.parametrize(
    "template_id",
    ["utter_out_of_scope", "utter_ask_rephrase", "utter_medical_question", "utter_urgent_concern"],
)
def test_every_reply_to_a_message_the_bot_cannot_place_points_to_911(template_id: str) -> None:
    # A symptom the model misreads lands on the menu or the re-ask, so those carry the same
    # pointers as the medical-question answer: the office phone, and 911 in an emergency.
    template = TemplateRegistry().get(template_id)
    assert template is not None
    for variant in template.text + template.sms:
        assert "911" in variant and "{office_phone}" in variant
