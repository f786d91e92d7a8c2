"""Staff accounts for the office dashboard: passwords, server-side sessions, login rate limits."""
