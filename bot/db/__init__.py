"""Database plumbing shared by every concern: the declarative base, engines and units of work."""
