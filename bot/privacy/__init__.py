"""Keeping PHI out of places it must not be: phone numbers masked for logs and texts to staff,
and keyed for lookups so no table or tracker holds a readable number."""
