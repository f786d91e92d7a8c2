"""The template lint: `bot templates lint`, also run by pytest and so by `make test`.

It checks what a reviewer would otherwise have to remember for every wording change: plain
language (Flesch-Kincaid grade <= 8), SMS length and plainness, no medical advice, placeholders
that can actually be filled, templates and references that match, and that released wording
never changes without a version bump (see `versions.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Set, Tuple

import yaml

from bot.templates import readability
from bot.templates.model import Template, TemplateError, load_file
from bot.templates.render import OFFICE_PLACEHOLDERS
from bot.templates.versions import LOCK_NAME, check, read_lock

MAX_GRADE = 8.0
MAX_SMS_CHARS = 320
# Flesch-Kincaid is a ratio over sentences and words: on a handful of words one long word
# swings it by several grades, so very short texts are judged on their words alone.
MIN_WORDS_FOR_GRADE = 8
MAX_SYLLABLES_IN_SHORT_TEXT = 4
DOMAIN_PLACEHOLDER = "[see data/templates]"
# Responses Rasa itself utters without any rule, story or action naming them.
BUILTIN_RESPONSES = frozenset({"utter_default", "utter_ask_rephrase"})
CHANGELOG_NAME = "CHANGELOG.md"

MEDICAL_ADVICE = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\byou should (take|stop|start|skip|use|try|double)\b",
        r"\b(stop|keep|start) taking\b",
        r"\bdosage\b",
        r"\b(increase|decrease|double|skip|lower|raise|change|halve) (your|the) dose\b",
        r"\b\d+\s?(mg|ml|mcg)\b",
        r"\bit'?s (probably|likely|just|only) (a|an|nothing|normal|fine)\b",
        r"\bprobably (nothing|fine|normal|harmless)\b",
        r"\bnothing to worry about\b",
        r"\b(sounds|looks) like (you have|an? infection|a side effect|an allergy)\b",
        r"\byou (probably|likely|may|might) have (a|an)\b",
        r"\b(diagnos(e|ed|is)) (you|with|is)\b",
        r"\byour diagnosis\b",
        r"\b(take|try) (some )?(ibuprofen|tylenol|acetaminophen|aspirin|antibiotics?|advil)\b",
        r"\byou don'?t need (to see )?(a|the) (doctor|nurse)\b",
        r"\b(side effects?|symptoms?) (is|are) normal\b",
    )
)
SMS_NOT_PLAIN = re.compile(r"\*\*|__|\]\(|<[a-z/]|[\U0001F000-\U0001FFFF]", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One lint finding: where (a template id or a file) and what to fix."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Project:
    """The files the lint reads, relative to the project root."""

    root: Path

    @property
    def templates_dir(self) -> Path:
        return self.root / "data" / "templates"


def lint(root: Path) -> Tuple[Dict[str, Template], List[Problem]]:
    """Every problem in the project's templates and their references, plus the templates."""
    project = Project(root)
    templates, problems = load_all(project.templates_dir)
    domain = _domain(root / "domain.yml")
    declared = domain.get("slots")
    slots = set(declared) if isinstance(declared, dict) else set()
    for template in templates.values():
        problems += check_template(template, slots)
    references = find_references(project, domain)
    problems += check_domain(domain, templates, references.channel_only)
    problems += check_references(references, templates)
    lock = read_lock(project.templates_dir / LOCK_NAME)
    problems += [Problem(p.template_id, p.message) for p in check(templates, lock)]
    problems += check_changelog(project.templates_dir / CHANGELOG_NAME, templates)
    return templates, problems


def load_all(directory: Path) -> Tuple[Dict[str, Template], List[Problem]]:
    """Templates from every file, with parse errors and duplicate ids as problems."""
    templates: Dict[str, Template] = {}
    problems: List[Problem] = []
    for path in sorted(directory.glob("*.yml")):
        try:
            loaded = load_file(path)
        except TemplateError as error:
            problems.append(Problem(path.name, str(error)))
            continue
        for template_id, template in loaded.items():
            if template_id in templates:
                other = templates[template_id].source.name
                problems.append(Problem(template_id, f"defined in both {other} and {path.name}"))
            templates[template_id] = template
    return templates, problems


def check_template(template: Template, slots: Set[str]) -> List[Problem]:
    """Wording checks on one template."""
    problems: List[Problem] = []

    def add(message: str) -> None:
        problems.append(Problem(template.id, message))

    for number, variant in enumerate(template.text, start=1):
        for message in _wording(variant):
            add(f"text variant {number}: {message}")
    for number, variant in enumerate(template.sms, start=1):
        for message in _wording(variant):
            add(f"sms variant {number}: {message}")
    for number, variant in enumerate(template.variants_for("twilio"), start=1):
        kind = "sms" if template.sms else "text (sent as SMS: add sms variants)"
        if len(variant) > MAX_SMS_CHARS:
            add(f"{kind} variant {number}: {len(variant)} characters, SMS allows {MAX_SMS_CHARS}")
        if template.sms and SMS_NOT_PLAIN.search(variant):
            add(f"sms variant {number}: SMS text must be plain (no markup, links or emoji)")
    if template.empathy and len(template.text) < 2:
        add("an empathetic acknowledgement needs at least two text variants")
    known = slots | set(template.args) | set(OFFICE_PLACEHOLDERS)
    used = template.placeholders()
    for name in used:
        if not name.isidentifier():
            add(f"placeholder {{{name}}} must be a plain name")
        elif name not in known:
            add(f"placeholder {{{name}}} is neither a slot nor listed in 'args'")
    for name in template.args:
        if name not in used:
            add(f"argument {name} is listed in 'args' but no variant uses it")
    return problems


def _wording(variant: str) -> List[str]:
    messages = []
    plain = _without_placeholders(variant)
    if readability.words(plain) >= MIN_WORDS_FOR_GRADE:
        grade = readability.grade(plain)
        if grade > MAX_GRADE:
            messages.append(f"reading grade {grade:.1f} is above {MAX_GRADE:.0f}: shorter words")
    else:
        long_words = [
            word
            for word in re.findall(r"[A-Za-z']+", plain)
            if readability.syllables(word) > MAX_SYLLABLES_IN_SHORT_TEXT
        ]
        if long_words:
            messages.append("a short text with a very long word: use a plainer word")
    for pattern in MEDICAL_ADVICE:
        if pattern.search(plain):
            messages.append(f"reads like medical advice ({pattern.pattern!r})")
    return messages


def _without_placeholders(variant: str) -> str:
    """Placeholders stand for short values (a case number, a name): read them as one word."""
    return re.sub(r"\{[^{}]*\}", "it", variant)


def check_domain(
    domain: Dict[str, object], templates: Dict[str, Template], channel_only: Set[str]
) -> List[Problem]:
    """domain.yml lists exactly the dialogue templates, each with only the placeholder text.

    Templates that only our own channels render (e.g. the SMS opt-out reply) are not Rasa
    responses: listing them in the domain would fail `rasa data validate` (unused utterance).
    """
    responses = domain.get("responses") or {}
    if not isinstance(responses, dict):
        return [Problem("domain.yml", "'responses' must be a mapping")]
    problems = [
        Problem(name, "in domain.yml responses but has no template")
        for name in sorted(set(responses) - set(templates))
    ]
    problems += [
        Problem(name, "has a template but is missing from domain.yml responses")
        for name in sorted(set(templates) - set(responses) - channel_only)
    ]
    for name, variants in sorted(responses.items()):
        texts = [v.get("text") for v in variants or [] if isinstance(v, dict)]
        if texts != [DOMAIN_PLACEHOLDER]:
            problems.append(
                Problem(name, f'domain.yml must hold only `- text: "{DOMAIN_PLACEHOLDER}"`')
            )
    return problems


@dataclass(frozen=True)
class References:
    """Where each template name is used: by the dialogue (Rasa) or only by our channels' code."""

    dialogue: Dict[str, str]
    channel: Dict[str, str]

    @property
    def channel_only(self) -> Set[str]:
        return set(self.channel) - set(self.dialogue) - BUILTIN_RESPONSES


def find_references(project: Project, domain: Dict[str, object]) -> References:
    """Template names used by actions, rules, stories, test stories, forms and `bot/` code."""
    root = project.root
    dialogue: Dict[str, str] = {}
    channel: Dict[str, str] = {}
    code_pattern = re.compile(r"[\"'](utter_\w+)[\"']")
    own = Path(__file__).parent
    for folder, found in (("actions", dialogue), ("bot", channel)):
        for path in sorted((root / folder).rglob("*.py")):
            if path.parent == own:  # the lint's own list of built-in names
                continue
            for name in code_pattern.findall(_read(path)):
                found.setdefault(name, str(path.relative_to(root)))
    story_pattern = re.compile(r"^\s*-?\s*action:\s*[\"']?(utter_\w+)", re.MULTILINE)
    story_files = [
        p for p in (root / "data").rglob("*.yml") if project.templates_dir not in p.parents
    ]
    story_files += list((root / "tests").rglob("*.yml"))
    for path in sorted(story_files):
        for name in story_pattern.findall(_read(path)):
            dialogue.setdefault(name, str(path.relative_to(root)))
    for name in _form_questions(domain):
        dialogue.setdefault(name, "domain.yml forms")
    return References(dialogue=dialogue, channel=channel)


def check_references(references: References, templates: Dict[str, Template]) -> List[Problem]:
    """Every referenced template exists and every template is referenced somewhere."""
    used = {**references.channel, **references.dialogue}
    problems = [
        Problem(name, f"used in {where} but no template defines it")
        for name, where in sorted(used.items())
        if name not in templates
    ]
    problems += [
        Problem(name, "is never used by a rule, story, form, action or channel")
        for name in sorted(templates)
        if name not in used and name not in BUILTIN_RESPONSES
    ]
    return problems


def _form_questions(domain: Dict[str, object]) -> Set[str]:
    """Forms ask for each required slot with `utter_ask_<slot>` or `utter_ask_<form>_<slot>`."""
    names: Set[str] = set()
    forms = domain.get("forms") or {}
    if not isinstance(forms, dict):
        return names
    for form, body in forms.items():
        for slot in (body or {}).get("required_slots") or []:
            names |= {f"utter_ask_{slot}", f"utter_ask_{form}_{slot}"}
    responses = domain.get("responses") or {}
    return {name for name in names if isinstance(responses, dict) and name in responses}


def check_changelog(path: Path, templates: Dict[str, Template]) -> List[Problem]:
    """Each version after the first has a line naming it in CHANGELOG.md."""
    lines = _read(path).splitlines() if path.exists() else []
    problems = []
    for template in sorted(templates.values(), key=lambda t: t.id):
        if template.version == 1:
            continue
        mark = re.compile(rf"\b{re.escape(template.id)}\b.*\bv{template.version}\b")
        if not any(mark.search(line) for line in lines):
            problems.append(
                Problem(template.id, f"v{template.version} has no line in {CHANGELOG_NAME}")
            )
    return problems


def _domain(path: Path) -> Dict[str, object]:
    loaded = yaml.safe_load(_read(path)) if path.exists() else None
    return loaded if isinstance(loaded, dict) else {}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
