"""Thin rasa-sdk actions: read slots, call one `bot` service, utter a named template."""
