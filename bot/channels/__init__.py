"""Rasa-facing adapters: input channels, stores and the hardened action server."""
