"""The deterministic safety screen: life-threatening emergencies and suicide or self-harm.

It runs on every message, in every dialogue state, before and regardless of the trained model, so
a patient in danger always gets 911 / 988 guidance first. It errs towards firing on present-tense,
first-hand danger and stays quiet on figures of speech ("I'm dying to know my bill", "this wait is
killing me") and on past events told as a complaint ("last month I went in with chest pain"),
which the urgency rules handle instead.

Many patients of a US office write in Spanish, and a model trained on English would miss them,
so each rule also carries the Spanish phrasings of the same danger, written without relying on
accents (texters drop them: "desmayo" for "desmayó"). The 911 / 988 guidance that follows is in
English, and it still names the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from bot.cases.vocabulary import Urgency
from bot.triage.patterns import first_match, normalise, rule

# Sentences that tell of a past visit rather than danger now. "Since last night" and "20 minutes
# ago" are still now, and so is what follows "and now" ("had my baby yesterday, now bleeding").
_PAST = (
    r"\b(?<!since )(yesterday|last (night|week|month|year|time|visit|summer|winter|spring|"
    r"autumn|fall)|"
    r"(?<!min )(?<!mins )(?<!minute )(?<!minutes )(?<!hour )(?<!hours )(?<!hr )(?<!hrs )ago|"
    r"back in (\d{4}|the day|the (spring|summer|autumn|fall|winter)|january|february|march|april|"
    r"may|june|july|august|september|october|november|december)|in (january|february|march|"
    r"april|may|june|july|august|september|october|november|december)|came in with|went in with|"
    r"went to (a&e|the er|hospital) with|"
    r"admitted with|presented with|was having|were having|had been having|when i (was|went|came)|"
    r"ayer|anoche|la semana pasada|el (mes|a[nñ]o|ano) pasado|el otro d[ií]a|"
    r"hace (un|una|unos|unas|dos|tres|\d+) (d[ií]as?|semanas?|mes|meses|a[nñ]os?))\b"
    r"(?!.{0,80}\b((and|but) now|now (i'm|i am|he's|she's|he is|she is|it's|they're|we're)|, "
    r"now)\b)"
)

# Saying so outright, or naming the subject without the wish.
_NOT_SUICIDAL = r"\b(not|never) (suicidal|thought about suicide)|suicide prevention"

# History told as history ("years ago I had suicidal thoughts; I'm in a good place now"), unless
# it is back ("years ago, and now I've started cutting again").
_LONG_AGO = (
    r"\b(years|a long time|decades) ago\b(?!.{0,60}\b(again|still (have|get|feel|think)|"
    r"(are|is|it's|they're) back|coming back)\b)"
)

# Hurt by accident or long ago, not by one's own hand now ("cut myself cooking").
_SELF_HARM_VETO = (
    r"on (the|a|some|broken) (glass|knife|tin|can|metal|paper|mirror)|by accident|"
    r"accidentally|by mistake|shaving|cooking|on the (oven|stove|hob|iron|kettle|pan|grill)|"
    r"with (hot|boiling) (water|oil)|in the past\b|been (well|fine|okay|ok|good|safe) for|"
    + _LONG_AGO
)

_HYPOTHETICAL = (
    r"hypothetical|\bif (my|a|the|our|your) (\w+ )?(ever |were to |was to )?(swallow|ate|drank|"
    r"got into|fell|gets)|what (should|would|do) (i|we|you) do if"
)

# Silence after a farewell: the tail of every "said goodbye, now not answering" warning sign.
_NO_ANSWER = r"(not|isn't|won't|can't|hasn't|stopped) (answering|picking up|responding|replying)"

# A heart that hurts: chest pain in lay words, or grief ("my heart hurts for the families").
# The chest pain rule and its grief veto share the words so that they cannot drift apart.
_HEART_ACHES = (
    r"(hurts|aches|hurting|is (really |so |very )?(aching|hurting)|(has )?been (hurting|aching)|"
    r"keeps (on )?hurting|is killing me|is in pain)"
)

CRISIS_RULES = (
    rule(
        "overdose",
        # Pills taken to die, or too many of them: 988, and Poison Control before it (the
        # dialogue adds it for this rule), as the body is in danger whatever the intent.
        r"(overdose|od) on",
        r"take (all|a bunch) (of )?(my|the|these|those|his|her|their) (\w+ )?(pills|tablets|meds|"
        r"medication)",
        r"take all my (pills|tablets|meds|medication)",
        r"(took|i've taken|have taken|just took|swallowed) (like |about |maybe |almost )?(all|"
        r"too many|a bunch|a handful|handfuls|loads|lots|a load|a whole (bottle|packet|box|strip)|"
        r"the whole (bottle|packet|box|strip)) (of )?(my |the |these |his |her )?(\w+'s |\w+ )?"
        r"(pills|tablets|meds|medication|painkillers|capsules)",
        r"swallow(ed)? (all|a bunch of|the whole)",
        r"(took|taken|swallowed) (a|an) (overdose|od)",
        r"i('ve| have)? overdosed",
        # A count no dose comes to: "I took 20 paracetamol an hour ago".
        r"(i|he|she|they|i've|he's|she's|just) (took|taken|have taken|has taken|swallowed) "
        r"(like |about |maybe |over |at least )?(1\d|[2-9]\d|\d{3}|twenty|thirty|forty|fifty) "
        r"(of )?(my |the |his |her )?(\w+ )?(paracetamol|tablets|pills|ibuprofen|painkillers|"
        r"aspirin|co-codamol|sleeping pills|capsules|tylenol|advil)\b",
        unless=_SELF_HARM_VETO,
    ),
    rule(
        "suicidal_intent",
        r"(kill|killing|hang|hanging|shoot|shooting|drown) (myself|my self)",
        r"end (my|my own) life",
        r"end it all",
        r"(take|taking|ending|end) (my|his|her|their) (own )?life",
        r"suicid(e|al)",
        r"(want|wants|wanted) to die",
        r"wanna die",
        r"wish i (was|were) dead",
        r"better off dead",
        r"(don't|do not) want to (be alive|live|wake up|be here)",
        r"no (reason|point) (to|in) (live|living|going on)",
        r"(life is|life's) not worth (it|living)",
        r"not worth living",
        r"can't (go on|do this anymore|keep going)",
        r"(planning|plan|going) to end (it|things|my life)",
        r"(kill|killed|hang|hanged) (himself|herself|themselves)",
        # "He hurt himself" is mostly a fall; self-harm says it is deliberate or ongoing.
        r"(hurt|hurting) (himself|herself|themselves) (on purpose|again|deliberately)|"
        r"(keeps|kept|been|is|was|started) hurting (himself|herself|themselves)",
        # Passive wishes count too (the first question of the Columbia suicide screen).
        r"(go to sleep|fall asleep|sleep) and (never|not) wake up",
        r"wish i (could|would) (just )?(disappear|stop existing|not exist|never wake up)",
        r"(don't|do not) want to (exist|be around any ?more)",
        r"(everyone|everybody|people|my (family|kids|children|husband|wife|parents)) (would|'d) "
        r"(honestly |really |probably |just |all |genuinely )?be (better off|happier|fine) "
        r"without me",
        r"(tired|sick) of being alive",
        r"(thoughts|thinking|think|thinks|thought|talking|talks|talked) (of|about) (ending it|"
        r"ending (my|his|her|their) (own )?life|ending things|not being here|not being alive|"
        r"dying)",
        r"(wants?|wanting|going|trying) to (hurt|harm|cut|kill) (himself|herself|themselves)",
        # Someone else's threat is a crisis for the person writing: "my daughter is threatening
        # to hurt herself", "he keeps threatening suicide".
        r"threat\w* (to )?(hurt|harm|cut|kill|shoot|hang|drown|starve|burn) (himself|herself|"
        r"themselves|myself)",
        r"threat\w* (to )?(end (it|it all|(his|her|their|my) (own )?life)|take (his|her|their|my) "
        r"(own )?life|overdose|jump (off|in front))",
        r"threat\w* (of )?(suicide|self[- ]?harm|to commit suicide)",
        r"(tired|sick) of (life|living)\b",
        r"(think|thinking|want|going|plan|planning) to (finish|end) it\b(?! (with|off) )",
        r"(thinking (about|of)|going to|want to|about to|tempted to|wanting to) (step|stepping|"
        r"jump|jumping|throw\w* (myself|himself|herself)) (off|in front|out|from)\b",
        r"(it is|it's|it would be|would be) better (if )?(i'm|i was|i were|i am) (not alive|dead|"
        r"gone|not here)",
        r"(enough|how many (\w+ )?(would it take|would be enough)) to (not wake up|never wake up|"
        r"kill (me|myself|a person|someone)|die|end it|overdose)",
        unless=_NOT_SUICIDAL + r"|die (of|from) (embarrassment|laughing|shame|boredom)|"
        r"dying (my|her|his|your) hair|" + _LONG_AGO,
    ),
    rule(
        "self_harm",
        r"(hurt|hurting|harm|harmed|harming|cut|cutting|burn|burned|burnt|burning|starve|starving|"
        r"starved) (myself|my self)",
        r"self[- ]?harm(ing)?",
        r"(harming|cutting|burning) (himself|herself|themselves)",
        r"(started|been|am|i'm|keep|back to) cutting (again|myself|(right )?now)",
        r"(cutting|cutting myself|burning myself|hurting myself)( right now| now)? and (i )?(can't|"
        r"cannot|don't want to) stop",
        r"\b(i )?(cut|cutting) (myself )?deeper than (usual|before|normal|ever|last time)",
        r"(fresh|new|deep) cuts on (my|his|her|their) (arms?|wrists?|legs?|thighs?|stomach)",
        r"(take|taking|swallow|swallowing) (them|the lot|the whole lot|everything) (all )?"
        r"(at once|in one go)|(take|taking|swallow|swallowing) them all\b",
        r"(cut|cutting|cuts|slit|slitting|slash\w*|carv\w*|burn|burning|burnt|scratch\w*) (my|his|"
        r"her) (wrists?|arms|thighs|legs|stomach|skin)\b",
        r"(use|using) (it|one|a knife|a blade|a razor|the knife|the razor) on (myself|himself|"
        r"herself)",
        unless=_SELF_HARM_VETO,
    ),
    rule(
        "suicide_warning_signs",
        # Warning signs as suicide-prevention services list them (988 Lifeline, AFSP): being a
        # burden, saying goodbye, giving things away, gathering the means, picturing the method.
        r"(i'm|i feel like i'm|i feel like|feel like i'm|i've become) (just |such )?a burden",
        r"(tired of|sick of|hate) being (such )?a burden",
        r"(would|'d|will) be better off (without me|with(out)? (the|my) (life )?insurance|"
        r"if i (was|were) (gone|dead|not here))",
        r"wish(es|ed)? (i|he|she|they)('d| had| was| were)? never (been )?born",
        r"(giving|gave|give|given) away (my|all my|his|her|all his|all her) (things|stuff|"
        r"belongings|possessions)",
        r"(giving|gave|give|given) (my|all my|his|her|all his|all her) (things|stuff|belongings|"
        r"possessions) away",
        r"(wrote|written|writing|left|leave) (goodbye|suicide|farewell) (letters|notes|a note|a "
        r"letter)|(letters|notes) (to|for) (everyone|everybody|my (family|kids|children|wife|"
        r"husband|partner|parents|mum|mom|dad|son|daughter)|each of (them|us))",
        r"(saying|said|say) goodbye to (everyone|everybody|all of (us|you|them))",
        r"(stockpil\w+|saved up|saving up|hoard\w*|stash\w*) .{0,40}(pills|tablets|meds|"
        r"medication|antidepressants|painkillers|sleeping pills|insulin)",
        r"(pills|tablets|meds|medication|antidepressants|painkillers|sleeping pills|insulin) "
        r"(\w+ )?(saved|stashed|stockpiled|hoarded|hidden) (up|away)\b",
        r"\b(tonight|today)('s| is| feels like) the (night|day)(?=\s*([.!]|$))",
        r"(worked out|figured out|planned|planning|thought about|looked up|googled|researched|"
        r"searching|searched) (how|the best way|ways|a way) (to|i'd|i would|he'd|she'd|he would|"
        r"she would|they'd) (do it|end it|kill|die)\b",
        r"how (high|tall|far down) (the|that) (bridge|building|cliff|car park|parking garage)",
        r"(drive|driving|crash|crashing|swerve|swerving|steer|steering) (my car )?(into|off) "
        r"(a|the) (tree|wall|bridge|river|lorry|truck|oncoming)",
        r"easy it would be to (just )?(not (turn|brake|stop|wake)|end it|die|crash|drive off|jump|"
        r"step out|let go)",
        r"(jump|jumping|step|stepping|throw myself|throwing myself) (off|in front of) (a|the) "
        r"(bridge|building|roof|cliff|train|bus|truck|lorry)",
        r"(hope|hoping|wish|wishing|pray|praying) (that )?i (just )?(don't|won't|never|wouldn't|"
        r"didn't) wake up",
        r"(went|go|going|gone) to sleep and (didn't|never|don't|not) wake up",
        r"(no|not any) point (to|in) (any of it|anything|it all|life|living|going on|carrying on)",
        r"i (won't|will not) be around (much longer|any ?more|to (pay|see|read|deal|sort))",
        r"make sure i (won't|don't|will not|do not) (have to )?(deal with|put up with|suffer) "
        r"(any of )?(this|it|them|anything) (for )?much longer",
        r"(don't|do not) think i('ll| will) (be here|be around|be alive|make it) (by|past|after|"
        r"until|through|to) (the |this |next )?(weekend|week|tomorrow|tonight|morning|friday|"
        r"saturday|sunday|monday|christmas|new year)",
        r"(no longer|don't|do not|can't|cannot) see (any|a) future (for (myself|me)|any ?more|"
        r"ahead)(?! (at|with|in|for) (this|the|your|my))",
        r"(research\w*|look\w* up|googl\w*|search\w*|read\w* about) (for )?(suicide )?methods\b"
        r"(?! (of|for) )|"
        r"(research\w*|look\w* up|googl\w*|search\w*) (ways|how) to (die|end it|end my life)",
        r"want (it all|everything|all of it|things|it) to (stop|end)\b",
        r"(nobody|no one|noone) would (even )?(miss me|notice if i (was|were|'m) gone|care if i "
        r"(died|was gone|were gone|disappeared))",
        r"(don't|can't|do not|cannot) see (a|any) way out\b(?! of)",
        r"(there's|there is|theres) no way out\b(?! of (the|this|that|your|a) (car ?park|building|"
        r"parking|maze|waiting room|clinic|surgery|lift|room|ward|queue))",
        r"(made (my mind up|up my mind|my decision|the decision)|my will is (on|written|sorted|"
        r"done|ready))\b.{0,80}\b(will|letters|notes|goodbye|pills|tonight|bridge|dog|cat|kids)\b",
        r"(engine|car) (is |was )?running\b.{0,60}\b(garage|hose|pipe)|(closed|shut|locked) "
        r"garage\b.{0,60}\b(engine|car) (is |was )?running",
        r"(bye|goodbye) (everyone|everybody|all|world)\b.{0,120}\b" + _NO_ANSWER,
        r"(going|gonna|wants to|threatening to|about to|trying to) jump (from|off|out of) (his|her|"
        r"my|the|a) (window|balcony|roof|bridge|building)",
        r"\bi (won't|will not) be (here|around|alive) (by then|by (the|this|next) \w+|for (it|the "
        r"appointment|the appt))\b(?!.{0,60}\b(holiday|away|abroad|moving|travel\w*|out of "
        r"(town|the country)|visiting|work\w*)\b)",
        r"(got|have|put|getting) (the|my) (pills|tablets|rope|knife|gun|razor) ready",
        r"this is my (last|final) (message|text|goodbye)",
        r"(sorry for everything|i love you all|look after (your|my|the) (mum|mom|dad|kids|children|"
        r"family|sister|brother|mother|father))\b.{0,80}\b" + _NO_ANSWER,
        r"(messaging|texting|saying|said|messaged|texted) (\w+ )?goodbye\b.{0,80}\b(tonight|take|"
        r"pills|tablets|not answering|won't answer)|(take|taking) (all )?(\w+ )?(pills|tablets)"
        r"\b.{0,60}\b(messaging|texting|saying|said) (\w+ )?goodbye",
        r"(i'm|i am|sitting|sat|standing|stood|parked)\b.{0,30}\b(on|at) the (roof|top floor|"
        r"top level|edge|bridge|cliff)\b.{0,80}\b(just )?(wanted|want) (someone|somebody|you|"
        r"anyone) to know",
        r"(texted|messaged|sent|rang|called|phoned)( me| us| me a| us a| a)? goodbye\b.{0,60}\b"
        + _NO_ANSWER,
        r"(pills|tablets|meds|painkillers) (are |all )?(lined up|laid out|counted out)\b"
        r".{0,60}\b(tonight|today|now|going to take)",
        r"(can't|cannot|can not) (cope|go on|take (it|this|any ?more))\b.{0,60}\b(written|wrote|"
        r"left|writing) (\w+ )?(letters|notes|a letter|a note) (to|for) (each of )?my (kids|"
        r"children|family|wife|husband|partner|parents|mum|mom|dad|son|daughter|sister|brother)\b",
        r"(want|wanna) to (just )?disappear\b(?! when| from| into| for a)",
        r"(what's|what is) the point of me (being here|being alive|living|existing)",
        # The means at hand, set out or shut away with: "pill bottles lined up on the table",
        # "locked herself in the bathroom with a razor and says she's done".
        r"(pills|pill bottles|tablets|meds|painkillers|sleeping pills) (are |were )?(all )?"
        r"(lined up|laid out|counted out|spread out|in a row) (on (the|my|his|her) (table|counter|"
        r"bed|desk|floor|nightstand|bedside)|in front of (me|him|her)|and (i |he |she )?(just )?"
        r"(look|stare|sit))",
        r"(locked|shut|barricaded) (himself|herself|themselves|myself) in\b.{0,40}\b(with|w|w/) "
        r"(a |the |my |his |her )?(razor|knife|blade|blades|pills|gun|rope|belt|cord)",
        r"\b(razor|knife|blade|blades|gun|rope|pills)\b.{0,60}\b(says|said|keeps saying) (s?he'?s|"
        r"s?he is|they'?re|they are) (done|finished|going to do it)",
        # Not lasting the wait: "I don't think I have four months in me".
        r"(don't|do not) think i (have|'ve got) (another |much |\w+ (more )?)?"
        r"(months?|weeks?|days?|years?|time|longer|left) (left )?in me",
        unless=_NOT_SUICIDAL,
    ),
    rule(
        "suicide_warning_signs",
        # A goodbye told as cancelling care: "won't need them after this weekend. thanks for
        # trying, you were always kind to me". A patient moving away says the same words.
        r"(won't|will not) (need|be needing) (them|it|any of (them|it)|my (appointments|appts|"
        r"meds|medication|prescriptions?)) (after|past|beyond) (this|the|next) (weekend|week|"
        r"friday|saturday|sunday|month|tonight)\b.{0,80}\b(thanks for (trying|everything|all)|"
        r"(you were|you've been|you have been) (always )?(so )?(kind|good|nice) to me|goodbye)",
        unless=_NOT_SUICIDAL
        + r"|\b(moving|we move|i move|relocating|new (doctor|practice|gp|clinic|insurance)|"
        r"switching|transferring)\b",
    ),
    rule(
        "crisis_spanish",
        r"(me quiero|quiero|quisiera|pienso en|estoy pensando en) (matar|morir|matarme|"
        r"morirme|suicidarme|quitarme la vida)",
        r"voy a (matarme|suicidarme|quitarme la vida)",
        r"suicidarme|suicidas?\b",
        r"quitarme la vida",
        r"no quiero (vivir|seguir viviendo|estar aqu[ií]|despertar)",
        r"(mejor|prefiero) (estar|estaria|estar[ií]a) muert[oa]",
        r"(se|me) quiere (matar|suicidar)",
        r"(hacerme|me hago|me estoy haciendo|me sigo haciendo) da[nñ]o",
        r"(cortarme|me corto|me estoy cortando|me sigo cortando)",
        r"(me tom[eé]|voy a tomar|me voy a tomar) (todas (las|mis)|un mont[oó]n de) "
        r"(pastillas|p[ií]ldoras|medicinas)",
        r"me tom[eé] una sobredosis",
        unless=r"morir(me)? de (la )?(verg[uü]enza|risa|hambre|aburrimiento)",
    ),
)

EMERGENCY_RULES = (
    rule(
        "poisoning",
        # Swallowed what no one should, a child into someone's medicine, a wrong or too big dose
        # taken: Poison Control first (the dialogue says so for this rule), 911 if they are hard
        # to wake or not breathing. A dose caught before it was taken is the office's urgent
        # matter (`bot.triage.urgency`), not this.
        r"(drank|swallowed|drunk|ate|eaten|licked) (some |a bit of |a |one of (the|my|our|those) |"
        r"the )?(\w+ ){0,3}(bleach|antifreeze|"
        r"weed ?killer|(a )?(button |coin )?batter(y|ies)|magnets?|detergent|washing (up )?liquid|"
        r"(laundry|dishwasher|washing) (pod|tablet|capsule)s?|rat poison|poison|drain cleaner|"
        r"lamp oil|paraffin)\b",
        r"(took|taken|swallowed|ate|eaten|got into|drank) (a whole|the whole|all|some) .{0,30}"
        r"(by accident|by mistake|thinking (it|they) (was|were) (sweets|candy))",
        r"(toddler|baby|little one|(\d+|two|three|four|five) ?(year|yr)s?[- ]?old|son|daughter|"
        r"kid|child|little (girl|boy)|grandson|granddaughter|nephew|niece) .{0,30}(got into|has eaten|ate|swallowed|"
        r"drank|chewed) .{0,40}(pills|tablets|medicine|meds|vitamins|gummies|capsules|"
        r"pill (organi[sz]er|box|bottle|packet)|blister pack)",
        # A double dose of a strong medicine, with its effects: "took my tablets twice... dizzy".
        r"(took|taken|had) .{0,40}(tablets|pills|meds|medication|dose)\b.{0,20}\b(twice|double)"
        r"\b.{0,120}\b(dizzy|faint|drowsy|can't stay awake|heart(beat)? (is )?(slow|racing|strange|"
        r"weird)|being sick|confused)",
        # A dose many times too big, or the wrong one, that was taken: "the pharmacy gave him ten
        # times his dose and he took it".
        r"(\d+|two|three|four|five|ten|twenty|a hundred) ?(x|times) (the |his |her |my |their |a )?"
        r"(normal |usual |right |prescribed |correct )?(dose|dosage|amount|strength)\b.{0,80}"
        r"\b(took|taken|swallowed|drank|injected|he had|she had|i had|has had|have had)\b",
        r"(took|taken|swallowed|drank|injected)\b.{0,50}\b(\d+|two|three|four|five|ten|twenty) ?"
        r"(x|times) (the |his |her |my |their |a )?(normal |usual |right |prescribed |correct )?"
        r"(dose|dosage|amount|strength)\b",
        r"(wrong|double|extra|too (big|high|strong) a|way too (big|high|strong) a) (dose|dosage|"
        r"strength)\b.{0,80}\b(took|taken|swallowed|drank|injected|has had|have had)\b",
        r"(took|taken|swallowed|injected) (a |the |his |her |my )?(wrong|double|extra) (dose|"
        r"dosage|strength)\b",
        r"(accidentally|by mistake|mistakenly) (took|taken|swallowed|injected|gave (him|her|them|"
        r"my \w+)|had)\b.{0,40}\b(twice|double|two doses|an extra|too (much|many)|the wrong|"
        r"someone else's|somebody else's|(his|her|my|their) \w+'s)",
        r"(took|taken|swallowed|injected|gave (him|her|them|my \w+)) .{0,50}\b(twice|double|two "
        r"doses|an extra dose|too (much|many)|the wrong (pills|tablets|medicine|medication|meds))"
        r"\b.{0,40}\b(by mistake|by accident|accidentally)",
        r"(took|taken|swallowed) (someone else's|somebody else's|another person's|the wrong) "
        r"(pills|tablets|medicine|medication|meds|insulin)",
        r"(took|taken|swallowed|had|injected) (my |his |her |their )?(\w+'s |\w+ )?(pills|tablets|"
        r"medicine|medication|meds|insulin|dose)\b.{0,30}\b(by mistake|by accident|accidentally|"
        r"instead of (mine|his|hers|theirs|(my|his|her|their) own))",
        r"(took|taken|had|injected) (her|his|my|their) (\w+ ){1,2}(twice|two times|double)\b.{0,120}"
        r"\b(dizzy|faint|drowsy|can't stay awake|heart(beat)? (is )?(slow|racing|strange|weird)|"
        r"being sick|throwing up|confused)",
        r"overdosed by (mistake|accident)",
        r"(accidentally|accidental) (overdose|took too many|took double)",
        r"(took|taken|swallowed|had) too many .{0,30}(by accident|by mistake)",
        negatable=False,
        unless=_PAST
        + r"|before (i|he|she|they|we) (took|take|had|swallowed|could take)|(didn't|did not|"
        r"never|hadn't|haven't|hasn't|has not|have not) (take|took|taken|swallow|swallowed)\b|"
        + _HYPOTHETICAL,
    ),
    rule(
        "breathing",
        r"(can't|unable to|struggling to|hard to|trouble|difficulty) (breathe|breath|breathing)",
        r"(hard|difficult|tough) time (breathing|catching (my|his|her) breath)",
        r"can't (catch|get) (my|his|her) breath|gasping for (air|breath)|"
        r"struggling for (air|breath)",
        r"(so|very|really|extremely|severely) short of breath",
        r"(wheez\w*|asthma attack|tight chest|breath\w*).{0,60}inhaler (isn't|is not|not|doesn't|"
        r"does not|won't) (helping|working|doing anything|help|work)",
        # A clot that has moved: a swollen leg, then breathlessness.
        r"(leg|calf) .{0,40}(swollen|swelling).{0,60}(short of breath|breathless|out of breath)",
        r"(not|isn't|stopped|has stopped|isnt) breathing",
        r"(choking|turning blue|lips are blue|going blue)",
        r"lips (are |look |looking |going |gone |turning )?(a bit |slightly |kind of |a little )?"
        r"(blue|purple|grey|gray)\b",
        r"too (out of breath|breathless|short of breath|wheezy) to (talk|speak|finish)",
        r"(baby|infant|newborn)\b.{0,60}\b(grunt\w* (with |on )?(every|each) breath|breathing "
        r"(really |very |so )?fast)",
        r"no (puedo|puede|podemos) respirar",
        r"(no respira|ya no respira|dej[oó] de respirar)",
        r"(me estoy ahogando|se est[aá] ahogando|se ahoga)",
        r"(labios|cara) (morados|morada|azules|azul)",
        negatable=False,
        unless=_PAST
        + r"|can't breathe (in|with|because of) (the|that|this) (smell|dust|mould|mold)|"
        r"couldn't breathe|breathe (properly )?through (my|his|her|their) nose",
    ),
    rule(
        "chest_pain",
        r"(i'm having|i have|i've got|having|got|he's having|she's having|he has|she has) "
        r"(a )?(really |very |bad |severe |sudden |crushing |tight |sharp )*"
        r"(chest pain|pain in (my|his|her) chest|chest pains|tightness in (my|his|her) chest)",
        r"chest (pain|pains|is tight|feels tight|tightness).{0,40}"
        r"(now|right now|spreading|arm|jaw)",
        r"chest (is |feels )?(really |so |very )?(tight|heavy|crushing).{0,50}(jaw|arm|neck|sick|"
        r"sweat\w*|breath\w*|clammy)",
        r"(going|spreading|radiating|shooting|moving) (up |down )?(down|up|into|to) (my|his|her) "
        r"(left arm|jaw)",
        r"heart('s| is)? (racing|going really fast|going so fast|pounding|beating so fast|beating "
        r"really fast).{0,60}(pass out|faint|black out|chest|breathe)",
        r"crushing (pain|feeling) in (my|his|her) chest",
        r"(elephant|weight|someone|something|a brick) (is )?(sitting|standing|pressing|pushing) "
        r"(on|down on) (my|his|her) chest|chest feels like .{0,30}(sitting|crushing|squeezing|"
        r"pressing|standing) on it",
        r"(having|is having|think (i'm|he's|she's|it's)|might be having) (a )?heart attack",
        # Pain there now and growing while the patient waits for care.
        r"chest (pain|pains|tightness|pressure|discomfort)( is| are|'s| keeps| has been| have been|"
        r" seems to be| just keeps)? (getting|growing) (worse|stronger|more intense|more painful)",
        r"(worse|worsening|growing) chest (pain|pains|tightness|pressure)\b",
        # Lay words for the same pain: "my chest hurts so bad", "a sharp pain near my heart",
        # "heart pain", "my heart feels tight". A heart attack told plainly still needs 911.
        r"\bchest (really |so |very )?(hurts|is hurting|has been hurting|keeps hurting|aches|"
        r"is aching|is killing me)",
        r"\b(pain|pains|ache|aching|pressure|squeezing|tightness|stabbing|burning|hurts|hurting)"
        r"\b.{0,30}\b(in|on|at|around|near|by|over|across|under) (my |his |her |the )?"
        r"(left side of (my|his|her|the) )?(chest|heart)\b",
        r"\b(painful|sore|throbbing|tender) (in|on|around|near) (my |his |her |the )?(chest|heart)",
        r"\b(hurts|hurting|pain|pains|ache|aching|pressure|tightness|burning) (right )?in the "
        r"(middle|midle|centre|center|front) of (my|his|her|the) chest",
        r"\b(my|his|her) chest to (hurt|ache|feel tight|feel heavy)",
        r"\b(band|vice|belt) (tightening |squeezing )?(around|round|across) (my|his|her) chest|"
        r"chest\b.{0,30}\blike a (band|vice) (tightening|squeezing)",
        r"\bchest\b.{0,80}\b(spreading|radiating|going|moving|shooting) (in)?to (my|his|her) "
        r"(back|neck|jaw|shoulder|left arm|arm)\b",
        r"\b(pain|pains|painful|hurts|hurting|aches|sore) (right )?where (my|his|her) heart is",
        r"\bheart (pain|pains)\b",
        r"\bheart (area |region )?(" + _HEART_ACHES + r"|is pounding and|"
        r"feels (tight|heavy|squeezed|like it)|"
        r"(is |feels )?(really |very |so )?(painful|sore)\b|(has )?(started|starts|begun|begins) "
        r"(to )?(hurt|ache)|is throbbing with pain|(is |keeps |has been )?(racing|pounding|"
        r"fluttering|skipping( beats)?|beating (fast|hard|funny|irregularly)) and (it )?"
        r"(hurts|aches))",
        # The same pain in looser words: "my hart hurts", "something's wrong with my heart it
        # hurts", "my chest and heart hurt", "why does my heart hurt", a bare "chest pain".
        r"\bh(a|e)rt (hurts|aches|hurting|is hurting)\b",
        r"\bheart ache (so |really |real )?(bad|badly|now|right now)\b",
        r"\bheart\b(?! (clinic|doctor|specialist|team|unit|ward|department|appointment|check|scan|"
        r"test|monitor|nurse|meds|medication|tablets|pills))"
        r".{0,30}\b(and )?it('s)? (really )?(hurts|hurt|is hurting|aches|is aching)\b",
        r"\b(chest|heart) (and|&) (chest|heart|arm|left arm|back|jaw) (hurt|hurts|ache|aches|"
        r"are (hurting|aching|sore))\b",
        r"\b(does|do) (my|his|her) heart (hurt|ache)\b",
        r"^(bad |severe |really bad )?chest pains?\W*$",
        r"\bchest pains? (is|are) back\b|\bchest pains? again\b",
        r"\b(area|region) (around|near) (my|his|her) heart (is|feels) (really |very |so )?"
        r"(sore|painful|tender)",
        r"dolor (muy )?(fuerte )?(de|en el) pecho",
        r"(estoy teniendo|est[aá] teniendo|creo que (es|tengo|tiene)) un (infarto|ataque al "
        r"coraz[oó]n)",
        negatable=False,
        # Grief and sympathy told in the same words ("my heart hurts for the families").
        unless=_PAST
        + r"|heart ("
        + _HEART_ACHES
        + r"|is (so )?(sore|painful)) (so much |so bad |a lot )?(for|about|over|since (he|she|they|"
        r"we|my|mum|mom|dad|his|her|i (lost|found out|heard)|the (funeral|loss|death|news))|"
        r"when i (think|see|hear|remember)|to (see|think|hear)|"
        r"seeing|watching|knowing|thinking)|(breaks|broke|broken|breaking) my heart|"
        r"my heart (breaks|broke|is broken|is breaking)|"
        r"since i was (a )?(kid|child|teen\w*|young|little)|for (years|as long as i)",
    ),
    rule(
        "stroke",
        r"(having|is having|think (i'm|he's|she's|it's)|might be having) a stroke",
        r"(face|mouth|smile) (is )?(drooping|droops|dropped on one side)",
        r"(face|mouth|smile) (is|has gone|went|looks|has|'s) (suddenly |all |a bit |really )?"
        r"(droopy|lopsided|crooked|drooping|sagging)\b",
        r"one side of (my|his|her|their|the) (face|mouth) (has |is |just )?(dropped|drooping|"
        r"droopy|sagging|fallen|gone numb|numb)",
        r"\bis (this|it|that) a stroke\b|\bcould (this|it|that) be a stroke\b",
        r"\b(he's|she's|he is|she is|i'm|keeps|started|suddenly|dad|mum|mom|husband|wife) "
        r"slurring\b",
        r"\b(he|she|he's|she's|mum|mom|dad|nan|gran|grandad|grandma|husband|wife|partner) (keeps |"
        r"is |'s )?(saying|talking|speaking) (words|things|sentences) that (don't|do not|didn't) "
        r"make (any )?sense",
        r"(face|mouth|smile) (is |has |looks )?(gone |went )?(droopy|lopsided|sagging|"
        r"dropped|fallen) on one side",
        r"suddenly (can't|cannot|couldn't) (speak|talk|get (his|her|my|the) words out)",
        r"(can't|cannot) (speak|talk) (properly|right).{0,60}\b(arm|face|leg|side|hand)\b",
        r"(slurring|slurred) (his|her|my)? ?(speech|words)",
        r"(can't|suddenly can't) (move|feel|lift|raise) (the |my |his |her )?(right |left )?"
        r"(side of (my|his|her) )?(arm|leg|side|face|hand)",
        r"(words|speech) (are |is )?coming out (all )?(wrong|jumbled|garbled|muddled|slurred)",
        r"(suddenly|gone|went|has gone) (really |very |all )?(confused|muddled)",
        r"(worst|worse) headache (of|in) (my|his|her|their) life",
        r"sudden (severe|terrible|excruciating|awful) headache",
        r"(estoy teniendo|est[aá] teniendo|creo que (es|tiene)) un (derrame|ataque cerebral|"
        r"infarto cerebral)",
        r"no (puede|puedo) (mover|sentir) (el brazo|la pierna|un lado|la cara)",
        negatable=False,
        unless=_PAST,
    ),
    rule(
        "unresponsive",
        r"(unconscious|unresponsive)",
        r"(won't|will not|can't) wake (up|him|her)",
        r"(collapsed|passed out) and (won't|isn't|not|can't)",
        r"(collapsed|passed out|fainted)\b.{0,40}\b(not|isn't|won't|can't|no longer) "
        r"(answering|responding|waking|moving|breathing)(?! (the |my |our |to )?(phone|calls?|"
        r"emails?|messages?|texts?|letters?))",
        r"(gone|went|is|going) (all |really |very |so )?(floppy|limp)\b",
        r"\b(won't|will not|isn't|is not|doesn't|does not|not) (respond|responding|react|reacting|"
        r"answering me)\b.{0,20}\b(when|if) (i|we) (shake|touch|shout at|pinch)",
        r"((lying|laying) (on the (floor|ground|bathroom floor|kitchen floor)|at the bottom of|"
        r"there|in the bath)|on the floor|at the bottom of (the|his|her) stairs|found (him|her))"
        r"\b.{0,80}\b(not|isn't|won't|can't) (answering|responding|moving|waking|respond)\b"
        r"(?! (to )?(the |my |our )?(phone|calls?|emails?|messages?|texts?|letters?))",
        r"(baby|infant|newborn|toddler)\b.{0,30}\b(floppy|limp)\b",
        r"(having|is having) a (seizure|fit)\b.{0,60}\b(not stopping|won't stop|isn't "
        r"stopping|still going|(\d+|five|six|ten) (mins|minutes))",
        r"(seizure|fit|collapsed|fell|fainted|passed out)\b.{0,80}\b(still )?(hasn't|has not|not|"
        r"hasnt) (woken|come round|come around)\b(?! (to|for) )",
        r"(jerking|twitching|shaking|convulsing|fitting) (all over|uncontrollably|non ?stop)|"
        r"(passed out|collapsed|fainted)\b.{0,30}\b(jerking|shaking|twitching|fitting|convulsing)",
        r"(not|isn't|won't|is not|will not) (waking|wake) (up )?properly|(is|he's|she's|are|"
        r"they're) (really |very |so )?(hard|difficult|impossible) to wake\b|(can|can't) (barely|"
        r"hardly) wake (him|her|them)",
        r"(having|is having) a (seizure|fit) (now|right now|and)",
        r"(seizure|fit) (won't|will not|hasn't) stop",
        r"(fit|seizure|collapsed|fainted|passed out|fell)\b.{0,60}\b(isn't|is not|not|hasn't|"
        r"has not|won't|will not) (coming|come) (round|around|to)\b"
        r"(?! (to )?(see|visit|check)\b)",
        r"inconsciente",
        r"(se desmay[oó]|se cay[oó]|colaps[oó]) y no (responde|despierta|reacciona|respira)",
        r"no (se )?(despierta|puedo despertarl[oa])",
        r"(est[aá]|sigue) convulsionando|la convulsi[oó]n no (para|se detiene)",
        negatable=False,
        unless=_PAST + r"|was unconscious",
    ),
    rule(
        "bleeding",
        r"(bleeding|blood) (won't|will not|doesn't|isn't going to) stop",
        r"(bleeding|bleeding out) (really |so |very )?(heavily|heavy|a lot|badly|everywhere|loads)",
        r"(heavy|severe|uncontrolled|uncontrollable) bleeding",
        r"(vomiting|being sick|throwing up|threw up|coughing|spitting|bringing) (up )?(a lot of |"
        r"mouthfuls of |lots of |loads of |fresh |bright red )*(blood|blood clots)\b",
        r"(lot of|so much|loads of|lots of) blood\b.{0,30}\b(won't|will not|doesn't|does not|"
        r"can't|isn't) stop",
        r"losing (a lot of )?blood",
        r"(soaking|soaked|soaks) (through |thru )?(a|the|\d+|two|three|four|five|every|several) "
        r"(\w+ )?(towels?|bandages?|tea ?towels?|dressings?|pads?)\b",
        r"\b(still|keeps) (spurting|gushing|pumping)\b",
        r"(nosebleed|nose bleed|bleeding)\b.{0,40}\b(for )?(over |more than )?(an hour|\d+ "
        r"(hours|hrs)|(\d+|twenty|thirty|forty) (minutes|mins)) (now|and (it's |it is )?still)\b",
        r"(nosebleed|nose bleed|bleed\w*)\b.{0,80}\b(on (warfarin|blood thinners?|apixaban|"
        r"rivaroxaban|anticoagulants?))\b.{0,80}\b(faint|dizzy|won't stop|pouring|can't stop)",
        r"pregnan\w*\b.{0,80}\b(much blood|lots of blood|so much blood|bleeding "
        r"(heavily|a lot)|heavy bleeding|gushing blood|blood clots)",
        r"blood (is )?(everywhere|pumping|spurting|gushing|pouring)|(pumping|spurting|gushing|"
        r"pouring) (out )?blood|(it's|it is) (pumping|spurting|gushing|pouring) out",
        r"(vomit\w*|threw up|throwing up|sick) .{0,30}coffee grounds",
        r"(sangra|est[aá] sangrando|estoy sangrando) (mucho|much[ií]simo|sin parar)",
        r"no (para|deja) de sangrar",
        r"(sangrado|hemorragia) (fuerte|abundante|grave)",
        r"(vomitando|tosiendo|vomita|tose) sangre",
        negatable=False,
        unless=_PAST,
    ),
    rule(
        "anaphylaxis",
        r"(throat|tongue|lips|face) (is |are )?(closing|swelling|swollen)",
        r"(throat|airway) (feels|feel) (like (it's|it is) )?(closing|swelling|tight)",
        r"(swell\w*|swollen|huge|puff\w* up|hives).{0,60}(wheez\w*|hard to swallow|can't swallow|"
        r"trouble swallowing)",
        r"wheez\w+.{0,60}(epi-?pen|allerg\w+|sting|stung|nut|cashew|peanut|bee|wasp)",
        r"anaphyla(xis|ctic)",
        r"(allergic reaction).{0,30}(can't breathe|swelling|throat)",
        r"(se me|se le) (cierra|est[aá] cerrando|hincha|est[aá] hinchando) "
        r"la (garganta|lengua|cara)",
        r"anafila(xia|ctico|ctica)|choque anafil[aá]ctico",
        negatable=False,
        unless=_PAST,
    ),
    rule(
        "red_flags",
        # Signs any nurse line sends to 911 at once, told in everyday words: a baby under three
        # months with a fever, a pregnancy with the baby still, a head injury then vomiting or
        # drowsiness, a rash that does not fade under a glass, a stiff neck with a headache, a
        # blood sugar too low or high to read with confusion or vomiting.
        r"\b([1-9]|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) "
        r"(week|wk)s?[- ]old\b.{0,60}\b(fever|temperature|temp|burning up)\b",
        r"\b([1-2]|one|two) (month|mo)s?[- ]old\b.{0,60}\b(fever|temperature|temp|burning up)\b",
        r"(baby|babies) (hasn't|has not|hasnt|haven't|hasn't been|isn't|is not) (moved|moving|"
        r"kicking|kicked)\b.{0,30}\b(all day|today|since|for (hours|a day|\d+ hours))",
        r"(no|reduced|fewer|less) (fetal |foetal |baby |baby's )?(movements?|kicks)\b.{0,40}"
        r"\b(pregnant|weeks|today|since)",
        r"(hit|banged|bumped|knocked) (my|his|her|their) head\b.{0,100}\b(throwing up|vomit\w*|"
        r"being sick|been sick|thrown up|threw up|sleepy|drowsy|confused|muddled|can't stay awake|"
        r"nodding off|keeps falling asleep|passed out|knocked out)",
        r"(knocked out|out cold|lost consciousness|blacked out)\b.{0,80}\b(been sick|vomit\w*|"
        r"thrown up|threw up|throwing up|sleepy|drowsy|confused|same question|repeating (himself|"
        r"herself|themselves))",
        r"rash\b.{0,40}\b(doesn't|does not|won't|didn't|not) (fade|go away|disappear)\b.{0,30}"
        r"\b(glass|press\w*)",
        r"(stiff neck|neck is (really |very |so )?stiff).{0,60}(headache|light|fever|rash)|"
        r"(headache|fever).{0,60}(stiff neck|neck is (really |very |so )?stiff)",
        r"(blood )?(sugar|glucose|bg|bs|meter|monitor|sensor)\b.{0,30}\b(says|reads|reading|"
        r"showing|shows|is) (hi|lo)\b",
        # Ketoacidosis in lay words: a breath that smells of nail varnish or pear drops.
        r"breath (smells|smelling|smelt|smelled) (of|like) (nail (varnish|polish)( remover)?|pear "
        r"drops|acetone|fruit)",
        r"(sugar|glucose) (is |was |keeps )?(really |very |dangerously |too )?(low|high|dropping)"
        r"\b.{0,50}\b(confused|shaking|vomit\w*|drowsy|can't wake|passing out|fainting|breathing "
        r"fast|not making sense)",
        r"(sugar|glucose) (is |of |at |reading )?(1|2)(\.\d)?\b.{0,40}\b(confused|shaking|shaky|"
        r"sweating|drowsy)",
        r"\b(diabetic|type 1|type one|t1d)\b.{0,40}\b(is|he's|she's|seems|gone|has gone) "
        r"(all |really |very |so )?(\w+,? ){0,3}(and )?(confused|drowsy|not making sense|"
        r"talking nonsense|talking gibberish)",
        # Sepsis in lay words: skin mottled or blotchy purple, or confusion with a fever's chills.
        r"\bmottled\b|\bblotchy (purple|blue)\b|\bpurple and blotchy\b",
        r"(confused|burning hot|fever|temperature|shaking|shivering)\b.{0,100}\b(hasn't|has not|"
        r"hasnt|not) (had a |done a )?(wee|pee|peed|weed|passed (urine|water))\b",
        r"(shivering|shaking|freezing|ice cold)\b.{0,60}\b(doesn't|does not|don't) know (what day|"
        r"where (he|she|they) (is|are)|who (i|we) (am|are))",
        # Carbon monoxide: a boiler and a faint, or a household with the same symptoms at once.
        r"(boiler|gas fire|carbon monoxide|co alarm)\b.{0,120}\b(fainted|passed out|collapsed|"
        r"drowsy|can't wake)",
        r"(whole family|all of us|everyone in the house|we all|the kids and i)\b.{0,60}"
        r"\b(headaches?|dizzy|being sick)\b.{0,120}\b(boiler|gas fire|carbon monoxide|co alarm|"
        r"fumes)|(boiler|gas fire|carbon monoxide|co alarm|fumes)\b.{0,120}\b(whole family|all of "
        r"us|everyone in the house|we all)\b.{0,60}\b(headaches?|dizzy|being sick)",
        # Pregnancy: the baby stopped moving, or a bad headache with flashing lights.
        r"(baby|babies|baby's|babies')( has| have)? (stopped|stop) (moving|kicking)",
        r"pregnan\w*\b.{0,100}\bheadache\b.{0,40}\b(flashing lights|vision|seeing (spots|stars))|"
        r"headache\b.{0,40}\b(flashing lights|seeing (spots|stars))\b.{0,100}\bpregnan\w*",
        r"headache\b.{0,60}\b(can't|cannot|cant) (look at|stand|bear) (the )?light",
        r"(sudden|out of nowhere|from nowhere|like a thunderclap)\b.{0,20}\bheadache|headache "
        r"(came )?(out of nowhere|from nowhere|like a thunderclap)",
        r"(fell|fall|fallen|hit (his|her|my) head)\b.{0,60}\b((blood|fluid) (from|coming out of) "
        r"(his|her|my|the) ears?|clear fluid (from|coming out of) (his|her|my|the) nose)",
        r"\b(he|she|he's|she's|they're|dad|mum|mom|grandad|grandpa|nan|gran|grandma|husband|wife|"
        r"partner) (is |'s )?(not|isn't|is not) making (any )?sense\b(?! of)",
        r"(skin|tummy|chest|belly)\b.{0,20}\b(sucking|pulling|caving|sinking) in (under|between|"
        r"around|below) (his|her|the|their) (ribs|neck)",
        r"(skin|tummy|chest|belly) (between|under|below|around) (his|her|the|their) ribs (is )?"
        r"(sucks|sucking|pulls|pulling|sinks|sinking|caves|caving) in",
        # Labour: the cord showing; the belly: rigid, or sudden pain with a faint.
        r"(waters|baby|labou?r|pregnan\w*|contractions|wks|weeks)\b.{0,80}\b((hanging|coming|"
        r"sticking) out\b.{0,40}\bcord\b|cord\b.{0,30}\b(hanging|coming|sticking) out)",
        r"(belly|stomach|tummy|abdomen) (is |feels |is as |feels as )?(hard as a (board|rock)|"
        r"rigid|rock hard)",
        r"(sudden|severe|worst|agonising|agonizing) (pain|agony) in (my|his|her) (stomach|belly|"
        r"tummy|abdomen)\b.{0,80}\b(fainted|passed out|collapsed|blacked out)",
        negatable=False,
        unless=_PAST,
    ),
    rule(
        "injury",
        # Hit by a vehicle, a bone out of place, a bad burn, violence now.
        r"(hit|knocked down|knocked over|run over|ran over) by (a|the|an) (car|bus|van|lorry|truck|"
        r"bike|motorbike|train|tram)\b",
        r"(leg|arm|ankle|wrist|knee|finger) .{0,20}bent the wrong way|bone (is |was )?(sticking|"
        r"poking) (out|through)",
        # A broken hip after a fall: the leg turned out or shorter, unable to stand.
        r"(fell|fall|fallen|floor)\b.{0,100}\b((leg|foot) (is |has )?(turned|rolled|twisted|"
        r"pointing) (out|outwards)\b|leg (looks|is|look) shorter)",
        # A bad burn or scald: skin peeling off or gone white, a big area.
        r"(boiling|scald\w*|burnt|burned|fire|flames|hot (water|oil|fat))\b.{0,100}\b(skin (is )?"
        r"(peeling|coming|falling) off|(gone|turned) (white|black|charred|leathery)|(big|large|"
        r"huge) (patch|area)|all over (his|her|my) (face|chest|body|back))",
        # Violence now: attacked, threatened with death, someone breaking in armed, stabbed or shot.
        r"(is |are |he's |she's |they're )(hitting|beating|attacking|strangling|choking|stabbing) "
        r"(me|us|my \w+)\b.{0,30}\b(now|right now)|(hitting|beating|attacking|strangling) me "
        r"(right )?now",
        r"(saying|says|said|threatening|threatened|screaming|shouting) (that )?(he's|she's|he is|"
        r"she is|they're|he'll|she'll|hes|shes) (going to|gonna) kill (me|us)\b(?! if)",
        r"trying to (get|break) in\b.{0,60}\b(knife|gun|weapon|bat|axe)|(knife|gun|weapon|axe)\b"
        r".{0,60}\btrying to (get|break) in",
        r"(got|been|was just|has been|he's been|she's been|i've been) (stabbed|shot)\b(?! down)",
        r"\bplease send help\b(?! (with|for|to fill))|\bsend (help|police|the police|an "
        r"ambulance) (now|quick|asap|please)",
        negatable=False,
        unless=_PAST + "|" + _HYPOTHETICAL,
    ),
    rule(
        "call_for_help",
        r"(call|get|need|send) (an )?ambulance",
        r"call 911",
        r"call 999",
        r"(i'm|he's|she's|i think i'm|i think he's|i think she's) dying\b(?! to| for| of laughter)",
        r"(going to|gonna|about to) (pass out|faint|black out)|(nearly|almost) (fainted|passed out|"
        r"blacked out)",
        r"(llamen|llame|llama|necesito|necesitamos|manden|env[ií]en) (a )?una ambulancia",
        r"llamen al 911",
        r"(me estoy muriendo|se est[aá] muriendo)",
        negatable=True,
        unless=_PAST + r"|dying to|dying of (boredom|laughter|embarrassment|curiosity)|"
        r"(nearly|almost) (fainted|passed out) (when|at|over)",
    ),
)


@dataclass(frozen=True)
class SafetyFlag:
    """Why the screen fired: the urgency it implies and the name of the rule (never the text)."""

    urgency: Urgency
    rule: str


def screen(text: str) -> Optional[SafetyFlag]:
    """Check `text` for crisis first (988 guidance includes 911), then emergencies."""
    normalised = normalise(text)
    crisis = first_match(normalised, CRISIS_RULES)
    if crisis:
        return SafetyFlag(Urgency.CRISIS, crisis)
    emergency = first_match(normalised, EMERGENCY_RULES)
    if emergency:
        return SafetyFlag(Urgency.EMERGENCY, emergency)
    return None
