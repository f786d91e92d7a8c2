"""The office's own package: complaint intake, triage, notification and the office web app."""
