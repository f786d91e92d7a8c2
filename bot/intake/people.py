"""Staff named by their role in a story ("the nurse gave my dad the wrong tablets").

The entity model finds people's names; most patients name a role instead. A story that already
says who was involved must not be asked "who was involved?" again, so the roles a story names
with a definite determiner ("the nurse", "my doctor", "your front desk") are taken as the answer,
in the patient's words. Indefinite mentions ("I want to see a doctor") and roles with a word in
between ("the heart doctor" a referral went to) are not: they are rarely the person the complaint
is about, and the read-back lets the patient correct it anyway.
"""

from __future__ import annotations

import re
from typing import List

ROLES = (
    "receptionists?",
    "front desk(?: staff| lady| guy| girl| woman| man)?",
    "reception(?: staff)?",
    "nurses?",
    "nurse practitioner",
    "doctors?",
    "dr",
    "physicians?",
    "physician assistant",
    "surgeons?",
    "medical assistant",
    "pharmacists?",
    "pharmacy",
    "techs?",
    "technicians?",
    "phlebotomists?",
    "billing (?:office|department|lady|person|staff)",
    "office manager",
    "manager",
    "midwife",
    "midwives",
    "therapists?",
    "dentists?",
    "radiologists?",
    "specialists?",
    "staff",
)
_DETERMINERS = r"the|my|our|your|his|her|their|that|this"
# Longest alternatives first, so "nurse practitioner" wins over "nurse".
_ROLE = "|".join(sorted(ROLES, key=len, reverse=True))
_MENTION = re.compile(rf"\b(?:{_DETERMINERS})\s+(?:{_ROLE})\b", re.IGNORECASE)


def staff_roles(text: str) -> List[str]:
    """The roles `text` names with a definite determiner, in order, each once, as written."""
    found: List[str] = []
    seen = set()
    for match in _MENTION.finditer(text):
        phrase = " ".join(match.group(0).split())
        if phrase.lower() not in seen:
            seen.add(phrase.lower())
            found.append(phrase)
    return found
