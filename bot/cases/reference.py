"""Human reference numbers such as C-1042.

They are short enough to read over the phone. They are not secret: a status check also needs the
phone number or web session that filed the case, so guessing a number reveals nothing.
"""

from __future__ import annotations

import re
from typing import Optional

PREFIX = "C-"
OFFSET = 1000
_PATTERN = re.compile(r"\b(?:c\s*[-#]?\s*)?(\d{4,7})\b", re.IGNORECASE)


def reference_for(case_id: int) -> str:
    """The reference shown to people for the case with database id `case_id`."""
    return f"{PREFIX}{OFFSET + case_id}"


def case_id_from_reference(text: str) -> Optional[int]:
    """Find a reference ("C-1042", "c1042", "#1042", "1042") in `text`; `None` if there is none."""
    match = _PATTERN.search(text)
    if match is None:
        return None
    number = int(match.group(1))
    return number - OFFSET if number > OFFSET else None
