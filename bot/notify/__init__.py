"""Notifications: outbound SMS through an outbox, escalation timers and manager commands."""
