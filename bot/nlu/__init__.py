"""Custom Rasa NLU components (loaded by name from config.yml)."""
