"""The complaint intake: what the office needs to know, how answers are checked, and the case draft.

Rasa actions in `actions/` only translate between the tracker and this package, so every rule of
the conversation (validators, the order of questions, the read-back, the promise) is plain Python
that unit tests exercise without a server.
"""
