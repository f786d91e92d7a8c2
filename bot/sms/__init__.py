"""SMS conversations: inbound idempotency, the protected number behind each keyed sender id,
first-contact notices, offered numbered choices, keywords, STOP/START opt-outs and the `bot sms`
command."""
