"""The likely meaning of a message the NLU was not sure about."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

NLU_FALLBACK = "nlu_fallback"
# Small-talk meanings are not worth a "did you mean" question; the menu serves them better.
NOT_OFFERED = frozenset(
    {
        NLU_FALLBACK,
        "out_of_scope",
        "greet",
        "goodbye",
        "thanks",
        "affirm",
        "deny",
        "inform",
        "compliment",
        "bot_challenge",
        "optout",
    }
)


# The "did you mean" question for each meaning worth offering back.
AFFIRMATIONS: Mapping[str, str] = {
    "complaint_scheduling_wait": "utter_ask_affirmation_complaint_scheduling_wait",
    "complaint_billing": "utter_ask_affirmation_complaint_billing",
    "complaint_staff_communication": "utter_ask_affirmation_complaint_staff_communication",
    "complaint_clinical_care": "utter_ask_affirmation_complaint_clinical_care",
    "complaint_medication": "utter_ask_affirmation_complaint_medication",
    "complaint_records_results": "utter_ask_affirmation_complaint_records_results",
    "complaint_privacy": "utter_ask_affirmation_complaint_privacy",
    "complaint_facility": "utter_ask_affirmation_complaint_facility",
    "complaint_accessibility": "utter_ask_affirmation_complaint_accessibility",
    "complaint_other": "utter_ask_affirmation_complaint_other",
    "check_status": "utter_ask_affirmation_check_status",
    "human": "utter_ask_affirmation_human",
    "medical_question": "utter_ask_affirmation_medical_question",
    "help": "utter_ask_affirmation_help",
}
RE_ASK = "utter_ask_rephrase"


def affirmation_for(ranking: Sequence[Mapping[str, Any]]) -> str:
    """The template to send: "did you mean ...?" for a likely meaning, else the short menu."""
    guess = likely_intent(ranking)
    return AFFIRMATIONS.get(guess or "", RE_ASK)


def likely_intent(ranking: Sequence[Mapping[str, Any]]) -> Optional[str]:
    """The best-ranked intent worth offering back to the patient, if any."""
    for entry in ranking:
        name = str(entry.get("name") or "")
        if name and name not in NOT_OFFERED:
            return name
    return None
