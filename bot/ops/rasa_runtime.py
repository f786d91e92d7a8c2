"""Adjustments to Rasa 3.6.21 applied in the `bot serve rasa` process before the server starts.

Each one was found by profiling a form turn under load (py-spy) and keeps Rasa's behaviour;
tests/ops/test_rasa_runtime.py checks each against Rasa's own code.

Action responses: Rasa checks every action-server response with `jsonschema.validate`, which
validates the response schema itself against the 2020-12 meta-schema and builds a fresh
validator on every call: about 20 ms of CPU per custom action, more than a third of the server's
work. The schema is a constant, so it is checked once and one validator is kept; a response that
breaks it is still rejected with the same `ValidationError` and message.

NLU off the event loop: Rasa runs the NLU pipeline (MiniLM, DIET, the SVM) synchronously inside
the server's only event loop, so while one message is parsed no other conversation moves. We run
the same graph call on one dedicated thread: most of its time is spent in TensorFlow and numpy,
which release the GIL, so the loop meanwhile predicts actions, calls the action server and saves
trackers for other conversations on the second core. One thread keeps the pipeline's components
(not written for concurrent use) on one message at a time. Rasa's debug log of the parsed text
is left out: it would put patient words in the logs.

Event types: rebuilding a tracker from its stored events looks up each event's class by
scanning every subclass of `Event` (`Event.resolve_by_type`), 7% of the event loop's samples.
The name-to-class table is kept and rebuilt only for a name it lacks.

Threads: one turn's matrices are tiny, and numpy's OpenBLAS was seen spinning a second thread
(`sched_yield`) at ~10% of a core; on a small machine that takes the core the action server and
concurrent conversations need. The BLAS libraries already loaded are capped here
(`OPENBLAS_NUM_THREADS`, default 1; `bot.ops.serve` sets the same variables for TensorFlow).
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, Dict, Optional, Type

from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from threadpoolctl import threadpool_limits


@lru_cache(maxsize=1)
def response_validator() -> Any:
    """The validator of action-server responses, built once from Rasa's own schema."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(_action: RemoteAction, result: Dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result` with the validator reused between calls."""
    error = best_match(response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from "
        f"the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


_event_classes: Dict[str, Type[Event]] = {}


def _resolve_by_type(
    type_name: str, default: Optional[Type[Event]] = None
) -> Optional[Type[Event]]:
    """`Event.resolve_by_type` with the subclass table kept between calls."""
    if type_name not in _event_classes:
        for event_class in reversed(all_subclasses(Event)):  # the first one Rasa finds wins
            _event_classes[event_class.type_name] = event_class
    if type_name in _event_classes:
        return _event_classes[type_name]
    if type_name == "topic":
        return None  # Rasa's backwards compatibility for old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


@lru_cache(maxsize=1)
def nlu_thread() -> ThreadPoolExecutor:
    """The one thread that runs the NLU graph in this process."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlu")


async def _parse_message(
    processor: MessageProcessor,
    message: UserMessage,
    tracker: Optional[DialogueStateTracker] = None,
    only_output_properties: bool = True,
) -> Dict[str, Any]:
    """`MessageProcessor.parse_message` with the graph run on the NLU thread."""
    if processor.http_interpreter:
        parse_data: Dict[str, Any] = await processor.http_interpreter.parse(message)
    else:
        if tracker is None:
            tracker = DialogueStateTracker.from_events(message.sender_id, [])
        parse_data = await asyncio.get_running_loop().run_in_executor(
            nlu_thread(),
            processor._parse_message_with_graph,
            message,
            tracker,
            only_output_properties,
        )
    processor._update_full_retrieval_intent(parse_data)
    processor._check_for_unseen_features(parse_data)
    return parse_data


def apply() -> None:
    """Install the adjustments (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result
    MessageProcessor.parse_message = _parse_message
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    threadpool_limits(limits=int(os.environ.get("OPENBLAS_NUM_THREADS", "1")), user_api="blas")
