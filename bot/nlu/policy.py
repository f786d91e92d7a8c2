"""Every decision threshold of message understanding, with why and on which data it was chosen.

A threshold moves what the patient hears (911 / 988 guidance, the intake, "did you mean...?") and
what the manager is texted about. They were spread over the triage mapping, the language screen
and config.yml; here each is written once, and the components and the triage read it from here
(config.yml sets none of them). Change one only by the rule beside it, and measure with
`make nlu-eval` and the benches in `bench/` (docs/nlu/decisions.md has the history).

The development files named below are in tests/triage/ (never the test or blind-safety files,
which only measure) and data/real/dev.jsonl (the real feedback's development part).
"""

from __future__ import annotations

# --- What kind of message it is (bot.triage.mapping) ---------------------------------------

# Summed confidence of the complaint intents at or above which a message is a complaint: ten
# intents are complaint categories, so a clear complaint split between two categories must not
# lose to a weaker single intent. Half the probability is the natural line; never tuned.
COMPLAINT_MASS = 0.5
# Top confidence below which the model is guessing and the message is out of scope. Set with
# the first triage (2026-11) and never tuned; the fallback asks back below 0.4 in the dialogue.
LOW_CONFIDENCE = 0.35
# Complaint mass below which a message read as danger is not re-weighed as a complaint (a small
# residue decides nothing; `bot.triage.mapping._complaint_share`).
MIN_SHARED_MASS = 0.2

# --- Emergency and crisis (bot.triage.mapping, bot.nlu.safety) -----------------------------

# The model alone calls an emergency or crisis only when this sure; the deterministic screen
# needs no model. Chosen on the development files (heldout*.jsonl but the test file,
# safety_dev.jsonl, safety_dev2.jsonl): the value on a 0.1 grid that maximises dangers answered
# as such minus half the other messages answered with 911 / 988, as a miss costs the office
# twice a false alarm. 2026-12-05: 0.7 (366 of 378 dangers, 36 false answers; 0.5: 371 and 56).
MODEL_SAFETY_CONFIDENCE = 0.7

# --- Urgency (bot.triage.mapping, bot.nlu.complaint_head, bot.nlu.lexical_vote) ------------

# Semantic urgency at or above which a message is urgent although no rule fires. Chosen on the
# development sets (heldout.jsonl, heldout_urgency.jsonl, heldout_urgency_blind*.jsonl): the
# highest value that keeps urgent recall >= 0.95 on each, as the office would rather look at a
# routine case early than read about a harmed patient two days late. 2026-12-05: 0.5.
SEMANTIC_URGENCY = 0.5
# The tuned-only urgency score below which the pair model (a second encoder pass) is not asked:
# no urgency decision on the held-out sets changes up to 0.2; 0.1 leaves a margin.
PAIR_FLOOR = 0.1
# The lexical urgency vote's share of the pooled urgency score, from a sweep of 0-0.7 on the
# held-out sets: at the same recall, precision 0.545 -> 0.610 and 0.654 -> 0.690.
LEXICAL_URGENCY_WEIGHT = 0.3

# --- Category (bot.nlu.complaint_head, bot.nlu.lexical_vote) -------------------------------

# The prior of the leftover category `other` among complaints (Bayes' rule from the balanced
# training prior), which the class-balanced category model otherwise overstates, so a complaint
# that fits a real category loosely is not filed as other. 0.03 (2026-11-30): eval category
# 0.632 -> 0.714 with the fine-tuning it came with.
OTHER_PRIOR = 0.03
# The lexical vote's share of the pooled intent ranking: an even vote with the sentence model
# (eval complaint F1 0.885 -> 0.918, held-out category 0.821 -> 0.854); never tuned.
LEXICAL_WEIGHT = 0.5

# --- Asking back (bot.nlu.kind_fallback) ----------------------------------------------------

# Rasa's two-step fallback, judged between kinds of message: below FALLBACK_THRESHOLD the bot
# asks "did you mean...?"; within FALLBACK_AMBIGUITY of the second kind it asks too. The stock
# FallbackClassifier's values, applied to kinds (held-out complaints asked back 8 -> 1 of 123);
# a complaint also needs COMPLAINT_MASS, as in `bot triage`.
FALLBACK_THRESHOLD = 0.4
FALLBACK_AMBIGUITY = 0.05

# --- Language (bot.triage.language) ---------------------------------------------------------

# How sure lingua must be that a Latin-script message is Spanish rather than English: short
# English messages ("si", "no") must not be sent the Spanish answer.
SPANISH_CONFIDENCE = 0.9
# Share of letters outside the Latin script at which a message is another language.
NON_LATIN_SHARE = 0.5
