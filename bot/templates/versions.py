"""`data/templates/versions.lock`: the wording digest of every template version ever released.

The office reads transcripts as "the patient saw utter_x v3"; that only means something if v3's
wording never changes afterwards. The lock pins each (id, version) to a sha256 of its wording:
the lint fails when wording changes under an existing version, and `bot templates lock` adds
entries only for new versions (it never rewrites a released one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping

import yaml

from bot.templates.model import Template

LOCK_NAME = "versions.lock"

Lock = Dict[str, Dict[int, str]]


@dataclass(frozen=True)
class LockProblem:
    """A template whose version and wording disagree with the lock file."""

    template_id: str
    message: str


def read_lock(path: Path) -> Lock:
    """The lock file's entries (empty if the file does not exist yet)."""
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        str(template_id): {int(version): str(digest) for version, digest in versions.items()}
        for template_id, versions in raw.items()
    }


def write_lock(path: Path, lock: Lock) -> None:
    """Write the lock sorted, so diffs show exactly which versions were added."""
    lines = [
        "# id -> version -> sha256 of the wording. Written by `bot templates lock`; do not edit.",
    ]
    for template_id in sorted(lock):
        lines.append(f"{template_id}:")
        for version in sorted(lock[template_id]):
            lines.append(f"  {version}: {lock[template_id][version]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check(templates: Mapping[str, Template], lock: Lock) -> List[LockProblem]:
    """Problems between the current templates and the lock."""
    problems = []
    for template_id, template in sorted(templates.items()):
        released = lock.get(template_id, {})
        digest = released.get(template.version)
        newest = max(released, default=0)
        if digest is None and template.version < newest:
            problems.append(
                LockProblem(template_id, f"version {template.version} is older than v{newest}")
            )
        elif digest is None:
            problems.append(
                LockProblem(
                    template_id,
                    f"version {template.version} is not locked: run `bot templates lock`",
                )
            )
        elif digest != template.wording_digest():
            problems.append(
                LockProblem(
                    template_id,
                    f"wording changed without a version bump: set version: {newest + 1} "
                    "and note it in CHANGELOG.md",
                )
            )
    return problems


def updated(templates: Mapping[str, Template], lock: Lock) -> Lock:
    """The lock plus entries for versions not locked yet; released entries are never changed."""
    result = {template_id: dict(versions) for template_id, versions in lock.items()}
    for template_id, template in templates.items():
        versions = result.setdefault(template_id, {})
        if template.version not in versions and template.version > max(versions, default=0):
            versions[template.version] = template.wording_digest()
    return result
