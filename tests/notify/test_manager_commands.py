"""Manager SMS commands: parsing, who may use them, what they change, what they leave behind."""

from __future__ import annotations

from typing import List

import pytest
from sqlalchemy import select

from bot.cases.vocabulary import Status, Urgency
from bot.notify.manager_commands import ManagerCommand, parse_command
from bot.notify.models import ManagerCommandRow
from bot.notify.outbox import Purpose
from bot.wiring import Services
from tests.notify.conftest import PATIENT_PHONE, PATIENT_TEXT, file_case, outbox_rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ACK 1042", ManagerCommand("ACK", 42)),
        ("ack c-1042", ManagerCommand("ACK", 42)),
        ("Ack C1042.", ManagerCommand("ACK", 42)),
        ("  acknowledge #1042 ", ManagerCommand("ACK", 42)),
        ("RESOLVE 1042 refund issued", ManagerCommand("RESOLVE", 42, "refund issued")),
        ("resolve C-1042: called back,\nall fixed", ManagerCommand("RESOLVE", 42,
                                                                    "called back,\nall fixed")),
        ("RESOLVE 1042", ManagerCommand("RESOLVE", 42)),
        ("status", ManagerCommand("STATUS")),
        ("HELP", ManagerCommand("HELP")),
        ("ACK", ManagerCommand("ACK")),
        ("acked it already", ManagerCommand("UNKNOWN")),
        ("hello", ManagerCommand("UNKNOWN")),
    ],
)
def test_parse_command(text: str, expected: ManagerCommand) -> None:
    assert parse_command(text) == expected


def _commands(services: Services) -> List[ManagerCommandRow]:
    with services.sessions() as session:
        return list(session.execute(select(ManagerCommandRow)).scalars())


def test_unknown_senders_get_nothing_and_change_nothing(services: Services) -> None:
    case = file_case(services)
    for sender in (PATIENT_PHONE, "+15555550199", "not a number"):
        assert services.manager_commands.handle(sender, f"ACK {case.reference}") is None
        assert services.manager_commands.handle(sender, "STATUS") is None
    assert services.cases.get(case.id).status is Status.NEW
    assert _commands(services) == []
    assert len(outbox_rows(services)) == 1  # only the original alert


def test_ack_by_sms_acknowledges_audits_replies_and_cancels_backup(services: Services) -> None:
    case = file_case(services)
    reply = services.manager_commands.handle("(555) 555-0101", f"ack {case.reference}")
    assert reply is not None and reply.startswith(f"{case.reference} acknowledged")
    assert services.cases.get(case.id).status is Status.ACKNOWLEDGED
    trail = [(entry.action, entry.actor) for entry in services.cases.audit_trail(case.id)]
    assert ("status_changed", "manager:***0101") in trail
    assert ("sms_command", "manager:***0101") in trail
    replies = [row for row in outbox_rows(services) if row.purpose == Purpose.MANAGER_REPLY.value]
    assert [(row.to_number, row.body) for row in replies] == [("+15555550101", reply)]
    again = services.manager_commands.handle("+15555550102", f"ACK {case.reference[2:]}")
    assert again is not None and "already acknowledged" in again
    assert services.escalation.fire_due_timers(case.created_at.replace(year=2100)) == 0


def test_resolve_needs_a_note_then_resolves_with_it(services: Services) -> None:
    case = file_case(services)
    number = case.reference[2:]
    asked = services.manager_commands.handle("+15555550101", f"RESOLVE {number}")
    assert asked is not None and "Add a short note" in asked
    assert services.cases.get(case.id).status is Status.NEW
    done = services.manager_commands.handle("+15555550101", f"RESOLVE {number} We apologised.")
    assert done is not None and "resolved" in done
    resolved = services.cases.get(case.id)
    assert resolved.status is Status.RESOLVED and resolved.resolution_note == "We apologised."
    twice = services.manager_commands.handle("+15555550101", f"RESOLVE {number} again")
    assert twice is not None and "already resolved" in twice


def test_status_and_help_list_without_patient_details(services: Services) -> None:
    urgent = file_case(services, urgency=Urgency.URGENT, conversation_id="a")
    file_case(services, urgency=Urgency.ROUTINE, conversation_id="b")
    status = services.manager_commands.handle("+15555550102", "STATUS")
    assert status is not None
    assert f"{urgent.reference} urgent new" in status and "1 routine" in status
    assert PATIENT_TEXT not in status and PATIENT_PHONE not in status
    help_text = services.manager_commands.handle("+15555550102", "help")
    assert help_text is not None and "ACK 1042" in help_text
    odd = services.manager_commands.handle("+15555550102", "what is going on")
    assert odd is not None and odd.startswith("Not a command")
    missing = services.manager_commands.handle("+15555550102", "ACK 9999")
    assert missing == "No case C-9999."
    logged = [(row.command, row.outcome, row.actor) for row in _commands(services)]
    assert logged == [
        ("STATUS", "ok", "manager:***0102"),
        ("HELP", "ok", "manager:***0102"),
        ("UNKNOWN", "unknown", "manager:***0102"),
        ("ACK", "no_such_case", "manager:***0102"),
    ]


def test_command_logs_show_masked_numbers_only(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    case = file_case(services)
    services.manager_commands.handle("+15555550101", f"RESOLVE {case.reference} Spoke to them")
    assert "manager:***0101" in caplog.text
    for secret in ("+15555550101", PATIENT_PHONE, PATIENT_TEXT, "Spoke to them"):
        assert secret not in caplog.text
