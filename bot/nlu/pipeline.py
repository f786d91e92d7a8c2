"""The NLU pipeline's order, and what each step may write on a parse, declared once.

Several steps rewrite the intent after the classifier (the complaint head, the lexical vote, the
fallback, the language and safety screens). Their order decides what the dialogue reads, so it is
written here, with why each step stands where it does; `config.yml` must list the same
components in the same order (tests/nlu/test_pipeline.py), and each of our components may set
only the parse keys declared for it (the same test reads their `message.set` calls).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, Tuple

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY

from bot.nlu.safety import TRIAGE_KEY
from bot.triage.language import LANGUAGE_KEY
from bot.triage.mapping import URGENCY_SCORE_KEY


@dataclass(frozen=True)
class Step:
    """One pipeline component: its config.yml name, the parse keys it may set, and why it stands
    where it does."""

    component: str
    writes: FrozenSet[str]
    why: str


def _step(component: str, why: str, *writes: str) -> Step:
    return Step(component, frozenset(writes), why)


PIPELINE: Tuple[Step, ...] = (
    _step("WhitespaceTokenizer", "every featurizer reads its tokens"),
    _step("RegexFeaturizer", "sparse features for DIET's entities (lookups, patterns)"),
    _step("LexicalSyntacticFeaturizer", "word-shape features for DIET's entities"),
    _step("CountVectorsFeaturizer", "word uni/bigrams: DIET's entities and the lexical vote"),
    _step("CountVectorsFeaturizer", "in-word char n-grams, which absorb typos and texting"),
    _step(
        "bot.nlu.featurizer.MiniLMFeaturizer",
        "the fine-tuned MiniLM sentence vector every intent model reads",
    ),
    _step("bot.nlu.entity_diet.EntityDIET", "names, dates and times; sets no intent"),
    _step(
        "bot.nlu.seeded_svm.SeededSklearnIntentClassifier",
        "the first intent ranking, from the sentence vector",
        INTENT,
        INTENT_RANKING_KEY,
    ),
    _step(
        "bot.nlu.complaint_head.ComplaintHead",
        "re-splits the complaint share by a complaints-only category model; scores urgency",
        INTENT,
        INTENT_RANKING_KEY,
        URGENCY_SCORE_KEY,
    ),
    _step(
        "bot.nlu.lexical_vote.LexicalVote",
        "pools the ranking and the urgency score with a word-count vote: who a message is "
        "about shows in its words",
        INTENT,
        INTENT_RANKING_KEY,
        URGENCY_SCORE_KEY,
    ),
    _step("EntitySynonymMapper", "maps entity values onto their canonical names"),
    _step(
        "bot.nlu.kind_fallback.KindFallback",
        "two-step fallback judged on the kind of message, after the ranking is final",
        INTENT,
        INTENT_RANKING_KEY,
    ),
    _step(
        "bot.nlu.language.LanguageScreen",
        "a language the model cannot read gets the bilingual answer, not a guess",
        INTENT,
        LANGUAGE_KEY,
    ),
    _step(
        "bot.nlu.safety.SafetyScreen",
        "last, so the deterministic emergency and crisis screen overrides every step before",
        INTENT,
        INTENT_RANKING_KEY,
        TRIAGE_KEY,
    ),
)
