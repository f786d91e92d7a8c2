"""Train the Rasa model only when its inputs changed.

Response wording lives in `data/templates/` and is served at run time, so it is left out of the
fingerprint: rewording a message never forces a retrain. The code of the NLU pipeline's own
components (`bot/nlu/`, and `bot/triage/`, whose rules they run) is in it: a model trained by
older featurizer code would be served vectors it was never trained on.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List

from bot.settings import PROJECT_ROOT

MODEL_NAME = "intake"
EXCLUDED_DIRS = ("data/templates",)
TRAINING_DATA_DIRS = ("nlu", "real/nlu", "rules", "stories")
PIPELINE_CODE_DIRS = ("bot/nlu", "bot/triage")


def training_inputs(root: Path = PROJECT_ROOT) -> List[Path]:
    """The files whose content decides the model."""
    files = [root / "domain.yml", root / "config.yml"]
    for path in sorted((root / "data").rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not relative.startswith(EXCLUDED_DIRS):
            files.append(path)
    for folder in PIPELINE_CODE_DIRS:
        files.extend(sorted((root / folder).rglob("*.py")))
    return files


def fingerprint(paths: Iterable[Path], root: Path = PROJECT_ROOT) -> str:
    """A hash of the names and contents of `paths`."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def model_path(root: Path = PROJECT_ROOT) -> Path:
    """Where the trained model lives."""
    return root / "models" / f"{MODEL_NAME}.tar.gz"


def train_if_changed(root: Path = PROJECT_ROOT, force: bool = False) -> bool:
    """Train when the inputs differ from the last training; return whether it trained."""
    stamp = root / "models" / ".fingerprint"
    current = fingerprint(training_inputs(root), root)
    up_to_date = model_path(root).exists() and stamp.exists() and stamp.read_text().strip() == current
    if up_to_date and not force:
        print("bot: model is up to date (data, domain, config and NLU code unchanged)")
        return False
    print("bot: training the model (data, domain, config or NLU code changed)...", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "train",
            "--domain",
            str(root / "domain.yml"),
            "--config",
            str(root / "config.yml"),
            "--data",
            *(str(root / "data" / part) for part in TRAINING_DATA_DIRS),
            "--out",
            str(root / "models"),
            "--fixed-model-name",
            MODEL_NAME,
        ],
        check=True,
        cwd=root,
    )
    stamp.write_text(current)
    return True
