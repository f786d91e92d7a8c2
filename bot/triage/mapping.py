"""From a Rasa parse result to what `bot triage` and the cases store: kind, category, urgency.

The model ranks ~26 intents; ten of them are complaint categories. A message is a complaint when
the complaint intents together hold at least half the probability: that keeps a clear complaint
whose probability is split between two categories (billing vs. scheduling, say) from losing to a
weaker single intent, and keeps a weak single complaint intent from winning by a hair. The
probability the model gives emergency or crisis is left out of that half: a complaint that
mentions a danger is still a complaint, and the danger is the urgency's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Sequence

from bot.cases.vocabulary import Category, Urgency
from bot.nlu.policy import (
    COMPLAINT_MASS,
    LOW_CONFIDENCE,
    MIN_SHARED_MASS,
    MODEL_SAFETY_CONFIDENCE,
    SEMANTIC_URGENCY,
)
from bot.triage.patterns import normalise
from bot.triage.screen import screen
from bot.triage.urgency import urgent_reason

COMPLAINT_PREFIX = "complaint_"
FALLBACK_INTENT = "nlu_fallback"
# Where `bot.nlu.complaint_head` puts its semantic urgency probability on a parse (pooled with a
# lexical vote by `bot.nlu.lexical_vote`).
URGENCY_SCORE_KEY = "urgency_score"
SAFETY_INTENTS = frozenset({"emergency", "crisis"})

KINDS = frozenset(
    {
        "complaint",
        "emergency",
        "crisis",
        "medical_question",
        "status",
        "optout",
        "help",
        "human",
        "bot_challenge",
        "greet",
        "goodbye",
        "thanks",
        "compliment",
        "affirm",
        "deny",
        "out_of_scope",
    }
)
_KIND_BY_INTENT = {"check_status": "status", "inform": "out_of_scope"}
# Kinds whose words never make a case urgent: pleasantries and short answers.
_QUIET_KINDS = frozenset(
    {"greet", "goodbye", "thanks", "compliment", "affirm", "deny", "bot_challenge", "optout"}
)


@dataclass(frozen=True)
class Triage:
    """What one message is. `reason` names the rule that set the urgency (never patient text)."""

    kind: str
    category: Optional[Category]
    urgency: Urgency
    confidence: float
    reason: Optional[str] = None

    def as_dict(self) -> Dict[str, Any]:
        """JSON-ready values, as printed by `bot triage` and stored on the parse result."""
        return {
            "kind": self.kind,
            "category": self.category.value if self.category else None,
            "urgency": self.urgency.value,
            "confidence": round(self.confidence, 4),
            "reason": self.reason,
        }


def unreadable() -> Triage:
    """The answer for a message with no words in it (empty, emoji only)."""
    return Triage("out_of_scope", None, Urgency.ROUTINE, 0.0, None)


def kind_for_intent(intent: str) -> str:
    """The message kind of one intent name (unknown intents are out of scope)."""
    if intent.startswith(COMPLAINT_PREFIX):
        return "complaint"
    kind = _KIND_BY_INTENT.get(intent, intent)
    return kind if kind in KINDS else "out_of_scope"


def category_for_intent(intent: str) -> Optional[Category]:
    """The complaint category of a `complaint_*` intent, else None."""
    if not intent.startswith(COMPLAINT_PREFIX):
        return None
    try:
        return Category(intent[len(COMPLAINT_PREFIX) :])
    except ValueError:
        return Category.OTHER


def classify(text: str, ranking: Sequence[Mapping[str, Any]], urgency_score: float = 0.0) -> Triage:
    """Triage `text` given the model's intent ranking (names and confidences) and the semantic
    urgency probability (`URGENCY_SCORE_KEY` on the parse; 0 when the model has none).

    When the safety screen fires the urgency is always emergency or crisis; the kind stays
    `complaint` only when the model is sure it reads a complaint (a complaint about how a
    relative's self-harm was handled is still a complaint, and still needs 988 first).
    """
    scored = sorted(
        (
            (str(entry.get("name")), float(entry.get("confidence") or 0.0))
            for entry in ranking
            if entry.get("name") and entry.get("name") != FALLBACK_INTENT
        ),
        key=lambda item: item[1],
        reverse=True,
    )
    complaints = [item for item in scored if item[0].startswith(COMPLAINT_PREFIX)]
    mass = _complaint_share(scored, min(1.0, sum(confidence for _, confidence in complaints)))
    flag = screen(text)
    if flag is not None:
        if complaints and mass >= COMPLAINT_MASS:
            category = category_for_intent(complaints[0][0])
            return Triage("complaint", category, flag.urgency, mass, flag.rule)
        return Triage(flag.urgency.value, None, flag.urgency, 1.0, flag.rule)
    danger = _model_danger(scored)
    leaning = bool(scored) and scored[0][0] in SAFETY_INTENTS and danger is None
    if leaning:
        # Unconfirmed by the screen and not sure: read it as the next most likely kind.
        scored = [item for item in scored if item[0] not in SAFETY_INTENTS]
    if not scored:
        return unreadable()
    if complaints and mass >= COMPLAINT_MASS:
        category = category_for_intent(complaints[0][0])
        if danger is not None:
            return Triage("complaint", category, danger, mass, "model")
        return _with_urgency(text, "complaint", category, mass, urgency_score, leaning)
    top_name, top_confidence = next(
        (item for item in scored if not item[0].startswith(COMPLAINT_PREFIX)), scored[0]
    )
    kind = kind_for_intent(top_name)
    if top_confidence < LOW_CONFIDENCE:
        kind = "out_of_scope"
    return _with_urgency(text, kind, None, top_confidence, urgency_score, leaning)


def _model_danger(scored: Sequence[tuple[str, float]]) -> Optional[Urgency]:
    """The emergency or crisis the model reads on its own, when it ranks one first and is sure.

    A complaint that carries one ("they sent him home and now something is badly wrong") is still a
    complaint, and its urgency is the danger's, as when the screen fires: otherwise the case would
    be filed routine and the dialogue, which follows the triage, would drop the 911 / 988 answer.
    """
    if scored and scored[0][0] in SAFETY_INTENTS and scored[0][1] >= MODEL_SAFETY_CONFIDENCE:
        return Urgency(scored[0][0])
    return None


def _complaint_share(scored: Sequence[tuple[str, float]], mass: float) -> float:
    """The complaint mass among what the message is besides a danger.

    The model's emergency or crisis probability says nothing about whether the message is also
    a complaint ("my son says he wants to die and the crisis team never rang back"), and the
    safety screen replaces it with 1.0 when it fires; so where the ranking holds one, the
    complaint intents are weighed against the other intents only. A message read almost wholly
    as danger keeps its absolute mass: a small residue decides nothing.
    """
    if not any(name in SAFETY_INTENTS for name, _ in scored) or mass < MIN_SHARED_MASS:
        return mass
    rest = sum(confidence for name, confidence in scored if name not in SAFETY_INTENTS)
    return min(1.0, mass / rest) if rest > 0.0 else mass


def _with_urgency(
    text: str,
    kind: str,
    category: Optional[Category],
    confidence: float,
    urgency_score: float,
    leaning: bool,
) -> Triage:
    """The triage of a message read as `kind`, urgent when a rule, the score or a danger the model
    leans to says so.

    A danger the model ranks first but is not sure of gets no 911 / 988 answer, but unless it
    reads as a pleasantry it is not routine either: the manager hears of it at once (`reason:
    model_unsure`), as the office would rather read a worried message today than a crisis two
    days late.
    """
    if kind in ("emergency", "crisis"):
        return Triage(kind, None, Urgency(kind), confidence, "model")
    if kind in _QUIET_KINDS:
        return Triage(kind, category, Urgency.ROUTINE, confidence, None)
    reason = urgent_reason(normalise(text))
    if reason is None and urgency_score >= SEMANTIC_URGENCY:
        # The score learnt urgent from routine on complaints and on the forum posts, symptom
        # notes and medicine reviews patients also send: violence at home or a wound turning bad
        # needs a person today whether or not it is a complaint about the office.
        reason = "semantic"
    if reason is None and leaning:
        reason = "model_unsure"
    urgency = Urgency.URGENT if reason else Urgency.ROUTINE
    return Triage(kind, category, urgency, confidence, reason)
