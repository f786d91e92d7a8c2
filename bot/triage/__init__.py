"""Triage: the deterministic safety screen, urgency rules and the message-kind mapping."""

from bot.triage.mapping import Triage, classify
from bot.triage.screen import SafetyFlag, screen

__all__ = ["SafetyFlag", "Triage", "classify", "screen"]
