"""The status workflow: which moves are allowed, so no screen or SMS command can skip a step."""

from __future__ import annotations

from typing import Dict, FrozenSet

from bot.cases.vocabulary import Status


class TransitionError(Exception):
    """A status change the workflow does not allow."""

    def __init__(self, current: Status, target: Status) -> None:
        super().__init__(f"cannot move a case from {current.value} to {target.value}")
        self.current = current
        self.target = target


ALLOWED: Dict[Status, FrozenSet[Status]] = {
    Status.NEW: frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED}),
    Status.ACKNOWLEDGED: frozenset({Status.IN_PROGRESS, Status.RESOLVED}),
    Status.IN_PROGRESS: frozenset({Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.REOPENED}),
    Status.CLOSED: frozenset({Status.REOPENED}),
    Status.REOPENED: frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED}),
}


def check_transition(current: Status, target: Status) -> None:
    """Raise `TransitionError` unless `current -> target` is an allowed move."""
    if target not in ALLOWED[current]:
        raise TransitionError(current, target)
