"""The template lint on a small project, and on the real one (so `make test` lints every template)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from bot.settings import PROJECT_ROOT
from bot.templates.lint import lint
from bot.templates.model import load_file
from bot.templates.versions import LOCK_NAME, updated, write_lock

DOMAIN = """
version: "3.1"
slots:
  first_name: {type: text, mappings: [{type: from_text}]}
forms:
  intake_form:
    required_slots: [first_name]
responses:
  utter_greet: [{text: "[see data/templates]"}]
  utter_ask_first_name: [{text: "[see data/templates]"}]
  utter_case_filed: [{text: "[see data/templates]"}]
"""

TEMPLATES = """
templates:
  utter_greet:
    version: 1
    text:
      - "Hi, this is {office_name}. Tell me what went wrong and I will pass it on."
  utter_ask_first_name:
    version: 1
    text: ["What is your first name?"]
  utter_case_filed:
    version: 1
    args: [reference]
    text: ["Thanks, {first_name}. Your case number is {reference}."]
"""

RULES = """
version: "3.1"
rules:
  - rule: greet
    steps:
      - intent: greet
      - action: utter_greet
"""

ACTION = 'dispatcher.utter_message(response="utter_case_filed", reference=case.reference)\n'


def make_project(root: Path, templates: str = TEMPLATES, domain: str = DOMAIN) -> Path:
    files = {
        "domain.yml": domain,
        "data/rules/basics.yml": RULES,
        "data/templates/core.yml": templates,
        "actions/filing.py": ACTION,
        "bot/__init__.py": "",
        "tests/__init__.py": "",
    }
    for name, body in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body, encoding="utf-8")
    lock_templates(root)
    (root / "data/templates/CHANGELOG.md").write_text("# changes\n")
    return root


def lock_templates(root: Path) -> None:
    directory = root / "data" / "templates"
    templates: Dict[str, object] = {}
    for path in directory.glob("*.yml"):
        templates.update(load_file(path))
    write_lock(directory / LOCK_NAME, updated(templates, {}))  # type: ignore[arg-type]


def problems_of(root: Path) -> List[str]:
    return [str(problem) for problem in lint(root)[1]]


def with_template(extra: str) -> str:
    return TEMPLATES + extra


def test_a_clean_project_has_no_problems(tmp_path: Path) -> None:
    assert problems_of(make_project(tmp_path)) == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            '    sms: ["Your complaint has been administratively categorized, '
            'systematically prioritized and institutionally acknowledged accordingly."]\n',
            "reading grade",
        ),
        ('    sms: ["' + "Sorry about that. " * 20 + '"]\n', "SMS allows 320"),
        ('    sms: ["Thanks. **Case** {reference}."]\n', "must be plain"),
        (
            '    sms: ["Thanks. You should take it easy and rest at home tonight."]\n',
            "medical advice",
        ),
        (
            '    sms: ["Thanks. It\'s probably nothing, but we saved case {reference}."]\n',
            "medical advice",
        ),
        (
            '    sms: ["Please increase your dose until the office calls you back."]\n',
            "medical advice",
        ),
        ('    sms: ["Thanks. Case {reference} for {street}."]\n', "{street} is neither a slot"),
        ('    sms: ["Unintelligibility."]\n', "very long word"),
    ],
)
def test_wording_problems_are_reported(tmp_path: Path, extra: str, expected: str) -> None:
    root = make_project(tmp_path, TEMPLATES.rstrip("\n") + "\n" + extra)
    problems = problems_of(root)
    assert any(expected in problem and "utter_case_filed" in problem for problem in problems), (
        problems
    )


def test_empathetic_acknowledgements_need_two_variants(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        TEMPLATES.replace(
            'version: 1\n    text: ["What', 'version: 1\n    empathy: true\n    text: ["What'
        ),
    )
    assert problems_of(root) == [
        "utter_ask_first_name: an empathetic acknowledgement needs at least two text variants"
    ]


def test_missing_unused_and_mismatched_templates_are_reported(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "actions/filing.py").write_text(
        ACTION + 'dispatcher.utter_message(response="utter_gone")\n'
    )
    (root / "data/rules/basics.yml").write_text(RULES.replace("utter_greet", "utter_hello"))
    problems = problems_of(root)
    assert "utter_gone: used in actions/filing.py but no template defines it" in problems
    assert "utter_hello: used in data/rules/basics.yml but no template defines it" in problems
    assert "utter_greet: is never used by a rule, story, form, action or channel" in problems

    domain = DOMAIN.replace("utter_greet", "utter_welcome").replace(
        'utter_case_filed: [{text: "[see data/templates]"}]', 'utter_case_filed: [{text: "Saved."}]'
    )
    root = make_project(tmp_path, domain=domain)
    problems = problems_of(root)
    assert "utter_welcome: in domain.yml responses but has no template" in problems
    assert "utter_greet: has a template but is missing from domain.yml responses" in problems
    assert any(p.startswith("utter_case_filed: domain.yml must hold only") for p in problems)


def test_wording_change_without_version_bump_fails_until_bumped_locked_and_logged(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path)
    core = root / "data/templates/core.yml"
    core.write_text(TEMPLATES.replace("What is your first name?", "What's your first name?"))
    assert problems_of(root) == [
        "utter_ask_first_name: wording changed without a version bump: set version: 2 "
        "and note it in CHANGELOG.md"
    ]

    core.write_text(
        core.read_text().replace(
            "version: 1\n    text: [\"What's", "version: 2\n    text: [\"What's"
        )
    )
    assert problems_of(root) == [
        "utter_ask_first_name: version 2 is not locked: run `bot templates lock`",
        "utter_ask_first_name: v2 has no line in CHANGELOG.md",
    ]

    run_cli(root, "lock")
    (root / "data/templates/CHANGELOG.md").write_text("- `utter_ask_first_name` v2: contraction\n")
    assert problems_of(root) == []
    assert "utter_ask_first_name:\n  1: " in (root / "data/templates" / LOCK_NAME).read_text()


def run_cli(root: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "templates", command, "--root", str(root)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_template_of_the_project_passes_the_lint() -> None:
    """`bot templates lint` on the real templates: this is how `make test` lints them."""
    result = run_cli(PROJECT_ROOT, "lint")
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("problems: ok")
