"""Which examples DIET learns entities from: all annotated ones and a fixed sample of the rest."""

from __future__ import annotations

from typing import List

from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.entity_diet import entity_training_examples


def examples() -> List[Message]:
    annotated = [
        Message(
            data={
                TEXT: f"it was Dr Patel on day {day}",
                INTENT: "inform",
                ENTITIES: [{"start": 7, "end": 15, "value": "Dr Patel", "entity": "person"}],
            }
        )
        for day in range(5)
    ]
    plain = [
        Message(data={TEXT: f"the wait was {hours} hours", INTENT: "complaint_scheduling_wait"})
        for hours in range(40)
    ]
    return [*plain[:20], *annotated, *plain[20:]]


def test_every_annotated_example_and_a_sample_of_the_rest() -> None:
    kept = entity_training_examples(examples(), unlabelled=10, seed=42)
    assert sum(1 for message in kept if message.get(ENTITIES)) == 5
    plain = [message for message in kept if not message.get(ENTITIES)]
    assert len(plain) == 10
    assert len({message.get(TEXT) for message in plain}) == 10


def test_the_sample_is_the_same_for_the_same_seed() -> None:
    texts = [m.get(TEXT) for m in entity_training_examples(examples(), unlabelled=10, seed=42)]
    again = [m.get(TEXT) for m in entity_training_examples(examples(), unlabelled=10, seed=42)]
    other = [m.get(TEXT) for m in entity_training_examples(examples(), unlabelled=10, seed=7)]
    assert texts == again
    assert texts != other


def test_asking_for_more_than_there_are_keeps_them_all() -> None:
    assert len(entity_training_examples(examples(), unlabelled=1000, seed=42)) == 45
