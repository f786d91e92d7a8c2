"""Every Rasa test story passes against the trained model, with the real action server running.

`rasa test core` replays each story (happy path, piecemeal answers, corrections, cancelling,
emergencies mid-form, status, handoff, fallback) and fails on the first wrong prediction.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.ops.training import model_path
from bot.settings import PROJECT_ROOT
from tests.support.servers import RunningBot

STORIES = PROJECT_ROOT / "tests" / "dialogue" / "stories"


def _story_count() -> int:
    return sum(
        len(yaml.safe_load(path.read_text())["stories"]) for path in STORIES.glob("test_*.yml")
    )


@pytest.mark.servers
def test_every_test_story_passes(running: RunningBot, tmp_path: Path) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {
                    "url": running.env["ACTION_SERVER_URL"],
                    "token": running.env["ACTION_SERVER_TOKEN"],
                }
            }
        )
    )
    out = tmp_path / "results"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--stories",
            str(STORIES),
            "--model",
            str(model_path()),
            "--endpoints",
            str(endpoints),
            "--out",
            str(out),
            "--fail-on-prediction-errors",
            "--no-plot",
        ],
        cwd=PROJECT_ROOT,
        env=running.env,
        capture_output=True,
        text=True,
    )
    failed = out / "failed_test_stories.yml"
    details = (
        failed.read_text() if failed.exists() else result.stdout[-4000:] + result.stderr[-4000:]
    )
    assert result.returncode == 0, details
    report = json.loads((out / "story_report.json").read_text())
    assert report["conversation_accuracy"]["correct"] == _story_count(), details
    assert report["conversation_accuracy"]["with_warnings"] == 0, details
