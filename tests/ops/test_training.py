"""What decides whether `bot train` retrains: the training fingerprint's inputs."""

from __future__ import annotations

from pathlib import Path

from bot.ops.training import fingerprint, training_inputs


def project(root: Path) -> Path:
    for name, text in {
        "domain.yml": "version: '3.1'\n",
        "config.yml": "pipeline: []\n",
        "data/nlu/basics.yml": "nlu: []\n",
        "data/templates/greet.yml": "text: hello\n",
        "bot/nlu/featurizer.py": "WIDTH = 768\n",
        "bot/triage/urgency.py": "RULES = []\n",
        "bot/cases/service.py": "LIMIT = 3\n",
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_nlu_code_counts_and_templates_and_other_code_do_not(tmp_path: Path) -> None:
    root = project(tmp_path)
    names = {path.relative_to(root).as_posix() for path in training_inputs(root)}
    assert names == {
        "domain.yml",
        "config.yml",
        "data/nlu/basics.yml",
        "bot/nlu/featurizer.py",
        "bot/triage/urgency.py",
    }


def test_changing_featurizer_code_changes_the_fingerprint(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = fingerprint(training_inputs(root), root)
    (root / "data/templates/greet.yml").write_text("text: hi there\n")
    assert fingerprint(training_inputs(root), root) == before
    (root / "bot/nlu/featurizer.py").write_text("WIDTH = 384\n")
    assert fingerprint(training_inputs(root), root) != before
