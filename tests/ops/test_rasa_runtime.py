"""The Rasa server process: its adjustments keep Rasa's behaviour, its environment its limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterator

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from bot.ops import rasa_runtime
from bot.ops.serve import SINGLE_THREADED_MATH, rasa_environment
from bot.settings import load_settings


@pytest.fixture
def stock_parse() -> Iterator[Any]:
    """Apply the adjustments for one test; yields Rasa's own `parse_message`."""
    validate, parse = RemoteAction._validate_action_result, MessageProcessor.parse_message
    resolve = Event.__dict__["resolve_by_type"]
    rasa_runtime.apply()
    yield parse
    RemoteAction._validate_action_result = validate  # type: ignore[method-assign]
    MessageProcessor.parse_message = parse  # type: ignore[method-assign]
    Event.resolve_by_type = resolve  # type: ignore[method-assign]


@pytest.fixture
def remote_action(stock_parse: Any) -> RemoteAction:
    return RemoteAction("validate_intake_form", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_valid_action_responses_pass(remote_action: RemoteAction) -> None:
    response: Dict[str, Any] = {
        "events": [
            {"event": "slot", "timestamp": None, "name": "description", "value": "long wait"},
            {"event": "active_loop", "name": "intake_form"},
        ],
        "responses": [{"response": "utter_ask_contact"}],
    }
    assert remote_action._validate_action_result(response) is True
    assert remote_action._validate_action_result({"events": [], "responses": []}) is True


@pytest.mark.parametrize(
    "response",
    [
        {"events": [{"event": 3}]},
        {"events": [{"event": "slot", "value": "no name"}]},
        {"events": "not a list"},
        {"responses": [42]},
    ],
)
def test_invalid_action_responses_are_rejected_as_rasa_would(
    remote_action: RemoteAction, response: Dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as raised:
        remote_action._validate_action_result(response)
    assert "Failed to validate Action server response" in raised.value.message


def test_event_classes_resolve_as_rasa_resolves_them(stock_parse: Any) -> None:
    for name in {event_class.type_name for event_class in all_subclasses(Event)}:
        expected = next(c for c in all_subclasses(Event) if c.type_name == name)
        assert Event.resolve_by_type(name) is expected
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", ActionExecuted) is ActionExecuted
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


def test_the_validator_is_built_once() -> None:
    assert rasa_runtime.response_validator() is rasa_runtime.response_validator()


def test_rasa_runs_single_threaded_math_unless_the_operator_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings({"BOT_VAR_DIR": str(tmp_path)})
    for name in SINGLE_THREADED_MATH:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    env = rasa_environment(settings)
    assert env["OMP_NUM_THREADS"] == "4"
    assert env["TF_INTRA_OP_PARALLELISM_THREADS"] == "1"
    assert env["OPENBLAS_NUM_THREADS"] == "1"
    assert env["ACTION_SERVER_TOKEN"] == settings.action_server_token
    assert env["RASA_TELEMETRY_ENABLED"] == "false"


def test_messages_are_parsed_off_the_event_loop(stock_parse: Any) -> None:
    """The patched `parse_message` answers like Rasa's, from the NLU thread."""
    import asyncio
    import threading

    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage

    from bot.ops.training import model_path

    threads = []
    agent = Agent.load(str(model_path()))
    processor = agent.processor
    assert processor is not None
    graph_call = processor._parse_message_with_graph

    def recording(*args: Any) -> Dict[str, Any]:
        threads.append(threading.current_thread().name)
        return graph_call(*args)

    processor._parse_message_with_graph = recording  # type: ignore[method-assign]
    message = UserMessage("I was billed twice for one visit", sender_id="runtime-test")
    expected = asyncio.run(stock_parse(processor, message))
    parsed = asyncio.run(processor.parse_message(message))
    assert parsed["intent"]["name"] == expected["intent"]["name"]
    assert parsed["intent"]["confidence"] == pytest.approx(expected["intent"]["confidence"])
    assert [entity["entity"] for entity in parsed["entities"]] == [
        entity["entity"] for entity in expected["entities"]
    ]
    assert threads[-1].startswith("nlu")
    assert threads[0] != threads[-1]
