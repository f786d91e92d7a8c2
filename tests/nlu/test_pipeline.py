"""config.yml runs the pipeline `bot.nlu.pipeline` declares, and each of our components sets only
the parse keys declared for it."""

from __future__ import annotations

import ast
import importlib
import inspect
from typing import Set

import yaml

from bot.nlu.pipeline import PIPELINE
from bot.settings import PROJECT_ROOT


def test_config_yml_lists_the_declared_steps_in_order() -> None:
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    assert [entry["name"] for entry in config["pipeline"]] == [s.component for s in PIPELINE]


def keys_set_by(component: str) -> Set[str]:
    """The parse keys the component's module passes to `message.set`, resolved to their values."""
    module = importlib.import_module(component.rsplit(".", 1)[0])
    found: Set[str] = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "set"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "message"
        ):
            key = node.args[0]
            assert isinstance(key, ast.Name), f"{component} sets a key that is not a constant"
            found.add(getattr(module, key.id))
    return found


def test_each_component_sets_only_what_it_declares() -> None:
    ours = [step for step in PIPELINE if step.component.startswith("bot.")]
    assert len(ours) == 8
    for step in ours:
        assert keys_set_by(step.component) <= step.writes, step.component
