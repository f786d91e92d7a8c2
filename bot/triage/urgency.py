"""Urgency rules: which complaints must reach the office manager at once.

`urgent` (DESIGN.md) covers serious harm or death attributed to care, abuse, violence or
harassment, neglect, privacy breaches and missing essential medication. These are lexical rules
written from how patients describe such events, with negation handling ("nobody was hurt"), so
the office can read and change them; the trained model only decides what kind of message it is.
"""

from __future__ import annotations

import re
from typing import Optional

from bot.triage.patterns import Rule, first_match, rule

HARM_RULES = (
    rule(
        "harm_death",
        r"(he|she|they|my \w+|mum|mom|dad|father|mother|husband|wife|son|daughter|baby|patient) "
        r"(died|passed away|passed)",
        r"(nearly|almost|could have|could've|would have|might have) died",
        r"(nearly|almost|could have|could've) (killed|lost) (me|him|her|them|my)",
        r"(death|died|passed away) (of|from|because|after|due to)",
        r"(stillborn|lost (the|my|our) baby|miscarr\w+ after)",
        r"(died|passed away|death of|his death|her death|their death)",
        r"(life[- ]threatening|could have been fatal|nearly fatal|fatal)",
        # Idioms, jokes, and a bereavement told as background ("two years since dad died", "how
        # do I close her account"): the death is not news the office must act on today.
        unless=r"(died|death) (of|from) (shock|embarrassment|laughing|laughter|boredom)|"
        r"when i (saw|got|opened|read)|the (bill|price|cost)|\b(ha|haha|lol|lmao)\b|"
        r"\b(years|months) (ago|since|later)\b|\blast year\b|"
        r"send(s|ing)? (her|him|them) (letters?|reminders?|texts?|mail|post)\b|"
        r"\b(letters?|reminders?|texts?|mail|post) (to|for|addressed to) (her|him|them)\b|"
        r"since (he|she|they|my \w+|mum|mom|dad) (died|passed)|"
        r"(close|closing|cancel|cancelling|canceling|remove|removing|update|updating) "
        r"(her|his|their) (account|record|records|registration|file|appointments?)\b",
    ),
    rule(
        "harm_serious",
        r"(ended up|landed|wound up|was rushed|rushed|taken|admitted) (back )?(in|to|into) "
        r"(a&e|the er|er|the emergency|emergency|hospital|icu|intensive care|itu|resus)",
        r"(sepsis|septic)",
        r"wrong (leg|arm|side|eye|kidney|patient|tooth|site|baby|blood type)",
        r"(operated|operation) on the wrong",
        r"misdiagnos\w*",
        r"missed (a |the |my |his |her )?(diagnosis|cancer|tumou?r|fracture|break|broken|stroke|"
        r"heart attack|appendicitis|clot|infection|sepsis|meningitis|ectopic)",
        r"(cancer|tumou?r|fracture|broken \w+|clot|stroke|heart attack|appendicitis|meningitis) "
        r"(was|were|got|went) (missed|undiagnosed|not diagnosed|overlooked)",
        r"(permanent|lasting|irreversible|serious|severe) (damage|harm|injury|injuries|disability)",
        r"(severe|serious|bad) (allergic )?reaction",
        r"anaphyla\w+",
        r"(left|found) (a |an )?(swab|sponge|instrument|needle) (in|inside)",
        r"(fell|fallen|dropped|fall) (out of|off|from) (the|a|my|his|her) (bed|trolley|chair|"
        r"stretcher|table|wheelchair)",
        r"(broke|fractured) (his|her|my) (hip|wrist|arm|leg) .{0,30}(fell|fall|dropped)",
        r"(pressure|bed) (sore|sores|ulcer|ulcers)",
        r"(gave|given|handed|dispensed) (me|him|her|us|my \w+) (someone else's|somebody else's|"
        r"another patient's|another person's|my \w+'?s) (\w+ )?(pills|tablets|"
        r"medication|medicine|meds|prescription|inhaler|insulin)\b",
        r"(given|gave (me|him|her)|injected with) (the )?wrong (medication|medicine|drug|dose|"
        r"vaccine|injection|blood)",
        r"(overdosed|overdose) (me|him|her|by the)",
        r"(ten|10) times the dose",
        r"(botched|went wrong|gone wrong|was butchered)",
        r"(hospitali[sz]ed|emergency (surgery|operation)|readmitted|re-admitted)",
        r"(had|suffered|having|has had) (a |another )?(stroke|heart attack|cardiac arrest|seizure|"
        r"miscarriage|mini stroke|tia|bleed on the brain|brain bleed)",
        r"(collapsed|passed out|fainted|unconscious)",
        r"\b(slurring|slurred (his |her |my )?(speech|words)|(speech|words) (is |was |are |were )?"
        r"(coming out )?slurred)\b",
        r"(blood clot|pulmonary embolism|dvt|meningitis|appendicitis|ectopic|perforated|"
        r"perforation|burst appendix|organ failure|kidney failure|eclampsia|pre-eclampsia|"
        r"ha?emorrhag\w*|ruptured|dka|diabetic ketoacidosis)\b",
        r"\b(was|were|got|been|being) (rushed|blue[- ]?lighted) in\b",
        r"(double|twice|triple|ten times|10x) (the|his|her|my) (dose|dosage|amount)",
        r"(in agony|excruciating|unbearable pain|screaming in pain|severe pain)",
        # What the crew or the ward said they found: "his sugar was dangerously low".
        r"\b(dangerously|critically|perilously) (low|high|ill|unwell|sick|poorly|dehydrated)\b",
        r"\b(on (a )?life support|put in(to)? (a|an induced) coma|in a coma)\b",
        r"\b(was|is|were|ended up|now|landed|spent \w+ (days|nights|weeks)) (in|on) (the )?(icu|"
        r"picu|nicu|hdu|itu|intensive care|high dependency)\b",
        r"\bbarely (awake|conscious|breathing|responsive|responding|alive|able to stand)\b",
        # A fever after a procedure is an infection until a clinician says otherwise.
        r"(fever|high temperature|temperature of (\d+|over)|temp of \d+|rigors|shaking and "
        r"shivering) .{0,40}\b(since|after|following) (the|my|his|her|their) (procedure|operation|"
        r"surgery|op|c-section|caesarean|delivery|biopsy|extraction|stitches|scope)\b",
        r"(deteriorat\w+|got (much |a lot )?worse and|went downhill)",
        # Harm told as the state a delay left someone in: "by then she was really poorly", "she
        # was born very poorly".
        r"\bborn (very |really |so |seriously |critically )?(poorly|ill|sick|not breathing|"
        r"floppy|blue|with brain damage)",
        r"by (then|the time \w+ (came|arrived|called|rang|got there)).{0,30}\b(was|were|had got|"
        r"had become|had gone) (really |very |so |much |seriously |critically |gravely )?"
        r"(poorly|ill|unwell|sick|worse|confused|unresponsive)\b",
        r"((became|got|was|is|now) infected|infection (spread|got worse))",
        r"(wound|cut|incision|stitches|burn|sore) (now |still )?(is |are |looks |has |have )?"
        r"(gotten |got |become |started )?(oozing|leaking|weeping|full of pus|red and (hot|swollen)|"
        r"split open|opened up|opened|burst open|c[oa]me apart|come open|smells|stinks|"
        r"smelling|turned (green|black)|gaping)",
        r"(gaping|deep|open) (wound|cut|gash)",
        # Urgent care is where a patient goes when the office has no slot; it is no harm alone.
        r"(went|sent|go|had to go|taken|rushed|ended up) (back )?(to|at) (a&e|the er|the emergency "
        r"room|hospital|the hospital)",
        r"(mental health )?crisis",
        r"(wrong|incorrect) (dose|dosage|medication|medicine|drug|tablets|pills|injection|"
        r"vaccine)",
        r"(allergic to|allergy to) (it|them|that|penicillin|\w+) .{0,40}(gave|given|prescribed)",
        r"(gave|given|prescribed) .{0,40}(i'm|i am|he's|she's|he is|she is) allergic",
        r"negligen\w*",
        r"(dangerous|unsafe) (care|practice|mistake|error|discharge|treatment)",
        # A worrying result nobody acted on, and labour left waiting.
        r"(abnormal|positive|suspicious|worrying|flagged|high[- ]risk) (smear|results?|scan|biopsy|"
        r"x-?ray|mammogram|test|bloods|ecg)\b.{0,40}\b(never|not|nobody|no one|wasn't|weren't|"
        r"without being) (been )?(followed up|acted on|actioned|passed on|chased|seen to)",
        r"(nobody|no one|never|didn't|did not) (followed|follow) up (on )?(my|his|her|the|our) "
        r"(abnormal|positive|suspicious|worrying|flagged)",
        r"\b(waters|water) (had |has )?(broken|broke|went|gone)\b.{0,60}\b(left|waiting|waited|"
        r"sent (me |her )?home|turned away|ignored)\b",
        r"safeguarding",
        r"(injured|injury|injuries|hurt) (me|him|her|my|during|when|because)",
        r"(burned|burnt|scalded) (me|him|her|my)",
    ),
    rule(
        "worsening",
        # A serious symptom growing worse while the patient waits for care, or confusion that
        # began after a discharge: a person must look today. The screen answers the acute ones
        # (chest pain now) with 911.
        r"\b(chest (pain|pains|tightness|pressure)|breathing|breathless\w*|short of breath|"
        r"shortness of breath|confus\w*|bleeding|fever|temperature|infection|infected|wound|"
        r"incision|stitches|swelling|drows\w*|sleepy|vomiting|throwing up|headaches?|"
        r"symptoms)\b(?! (was|were|had been) ).{0,40}\b(getting|gets|got|gotten|grown|growing|"
        r"become|becoming|going|gone) (much |a lot |even |way |so much |steadily )?worse\b",
        r"\b(more and more|increasingly|worse and worse|getting more) (confused|breathless|"
        r"drowsy|sleepy|short of breath|disoriented|muddled|out of it|swollen|feverish)\b",
        r"\b(confused|disoriented|muddled|not making sense|not himself|not herself|out of it)\b"
        r".{0,60}\b(since|after) (he|she|they|i|we|mum|mom|dad|my \w+)? ?(was |were |got |came |"
        r"come |coming |went |got sent )?(home|discharged|discharge|out of hospital|back from "
        r"(the )?hospital|left (the )?hospital)",
        r"\b(since|after) (his|her|their|my|being|the|he was|she was|they were|i was) "
        r"(discharge|discharged|came home|release|sent home)\b.{0,60}\b(confused|disoriented|"
        r"muddled|not making sense|not himself|not herself)\b",
        unless=r"\bconfus\w* (by|about|with|over)\b",
    ),
    rule(
        "harm_serious",
        # Words that stand for harm in a story of care are a line on a bill in a billing one
        # ("charged for the ambulance", "a bill for my cancer screening"). A rule of their own,
        # so the billing veto covers these words only, not a wrong dose told beside a bill.
        r"(cancer|tumou?r|malignan\w+)",
        # A grave finding on a result that nobody has talked through with the patient.
        r"\b(mass|shadow|growth|lesion|nodule)\b.{0,60}\b(nobody|no one|noone|never) (has )?"
        r"(called|contacted|rang|phoned|told|explained|followed up)",
        r"\bstage (3|4|three|four|iii|iv)\b",
        # An ambulance needed or sent for is harm; the ambulance itself (its crew, how clean it
        # was, a transport booking) is not.
        r"(call|called|calling|ring|rang|phone|phoned|dial|dialled|dialed|needed|need|get|got|"
        r"sent for|send for) (for )?(an |the |another )?ambulance",
        r"(wait|waited|waiting|waits) (\w+ ){0,3}for (an |the |another )?ambulance",
        r"ambulance (was|had to be) (called|sent|needed)",
        r"(by|in an|into an|in the back of an|blue[- ]lighted|blue light) ambulance",
        r"\bblue[- ]?light(ed|ing)? (in|to|into|back)\b",
        r"ambulance (took|rushed|blue[- ]lighted) (him|her|me|them|us|my \w+)",
        r"ambulance (said|says|told us|line|wasn't coming|isn't coming|never came|never arrived|"
        r"didn't come|finally (came|arrived|turned up)|(still )?(hasn't|has not|hadn't|had not) "
        r"(come|arrived|turned up))",
        unless=r"\b(bill|bills|billed|billing|charged|charges|invoice|fee|fees|insurance|insurer|"
        r"refund)\b",
    ),
)

ABUSE_RULES = (
    rule(
        "abuse",
        r"(sexual|sexually|physical|physically|verbal|verbally|racial|racially)(ly)? "
        r"(assault\w*|abus\w*|harass\w*|inappropriate)",
        r"assault\w*",
        r"abus(e|ed|ing|ive)",
        r"harass\w*",
        r"(touched|groped|gropes|groping|fondled|fondles|fondling) (me|her|him|my)",
        r"touches (me|her|him)\b",
        r"touched (me )?inappropriately|inappropriate(ly)? (touch\w*|comments|exam|examination)",
        r"(sexual|dirty|sleazy|creepy) (comments?|remarks?|jokes?)|(comments?|remarks?|jokes?) "
        r"about (my|her) (body|breasts|boobs|chest|bum|backside|figure|underwear|sex life)\b",
        r"(felt|feel|left me feeling|made me feel) (so |really |completely )?violated",
        r"(hit|slapped|punched|kicked|shoved|pushed|grabbed|pinched|choked|strangled|restrained|"
        r"tied down) (me|him|her|my|them)",
        r"(raised (his|her) hand|threaten\w*|intimidat\w*|bully\w*|bullied|stalk\w*)",
        r"(racist|racism|racial slur|slurs?\b|homophob\w*|transphob\w*|sexist|n-word|misogyn\w*)",
        r"discriminat\w*",
        r"(swore|screamed|yelled) at (me|him|her|my)",
        r"manhandl\w*|rough(ly)? handled",
        r"(aggressive|aggression|scared of (him|her|the)|felt (unsafe|threatened|scared))",
        r"because (of )?(i'm|i am|of my|my) (black|gay|trans|muslim|jewish|disabled|race|religion|"
        r"skin colou?r|accent|sexuality|disability)",
        r"(asked me out|asked for my number|sent me (messages|texts) (on|at|after)|"
        r"came on to me|hit on me|made a pass)",
        r"(violent|violence|aggressive and physical)",
        r"(locked (me|him|her) in|held (me|him|her) down)",
        # An examination or procedure carried on after the patient said stop.
        r"(didn't|did not|wouldn't|would not|refused to) stop (when|after|even (when|though|"
        r"after)) (i|she|he|we|my \w+) (asked|told|said|begged|screamed|cried)",
        r"(carried|kept) (on|going) (after|when|even (when|though|after)) (i|she|he|my \w+) "
        r"(asked|told (him|her|them)|said|begged|screamed|cried)",
        # Violence at home, told as what a partner or relative does, not by the word "abuse".
        r"(hits|beats|beat|beating|punches|kicks|slaps|chokes|strangles|shoves|pushes) "
        r"(me|him|her|my|them|us)",
        r"(threw|throws|throwing) (things|stuff|\w+) at (me|him|her|us)",
        r"rap(e|ed|ing|ist)\b|molest\w*",
        r"forced (me|him|her|himself on me|herself on me) .{0,20}(sex|touch)",
        r"(afraid|scared|terrified|frightened) (of|to go home to|to be alone with) (my )?"
        r"(husband|wife|partner|boyfriend|girlfriend|ex|dad|father|mom|mum|mother|stepdad|"
        r"stepfather|stepmom|stepmother|brother|son)\b",
        r"(won't|doesn't|does not|will not) let me (leave|go out|see (my )?(friends|family)|"
        r"have (any )?money|have my phone|work)",
        r"controls (all )?(the|my|our) (money|finances|phone)",
        # Idioms of office life: struck off a list, handed a bill, talked into a treatment.
        unless=r"kick(ed|s)? (me|him|her|us|them) (out|off)|baby (kicks|kicked|kicking)|"
        r"hits? (me|us|him|her) with (a |an |the |another )?\S*\s?(bill|bills|charge|fee|invoice)|"
        r"push(ed|es|ing)? (me|him|her) (to|into) (take|taking|get|getting|have|having|sign|"
        r"signing|pay|paying|try|trying|accept|accepting|start|starting|go|going)\b",
    ),
)

NEGLECT_RULES = (
    rule(
        "neglect",
        r"neglect\w*",
        r"(left|lying|sat|sitting|laying) (him|her|me|them|my \w+ )?\s?(in|on) "
        r"(soiled|dirty|wet|urine|faeces|feces|poo|pee|vomit|his own|her own|my own|their own)",
        r"(soiled|soaked|covered in (urine|faeces|feces|poo))",
        r"(wasn't|was not|weren't|were not|never|not) (fed|given (any )?(food|water|a drink)|"
        r"washed|turned|helped to the toilet)",
        r"(no|without) (food|water|a drink|fluids) for",
        r"(dehydrated|dehydration|malnourished|starving)",
        r"(call bell|buzzer|alarm|call button).{0,40}(ignored|unanswered|nobody came|no one came)",
        r"ignored (the|her|his|my) (call bell|buzzer|alarm)",
        r"left (alone |on (a|the) trolley |in a corridor )?(for )?(\d+|hours|all night|overnight|"
        r"two|three|four|five|six|eight|ten|twelve) ?(hours|days)? "
        r"(in pain|without (pain relief|painkillers|help|anyone|water|food))",
        r"(no|without) pain relief for",
        r"(left|lying|waiting|sat) (alone |there )?(for )?(hours|all night|all day|overnight) "
        r"(in pain|in agony|without (help|anyone|pain relief|food|water))",
        r"(nobody|no one|noone) (came|checked on (him|her|me|them)|helped (him|her|me|them))",
        r"(wet|soiled) (himself|herself|myself|themselves) (because|as|while)",
        r"(no dignity|undignified|lack of dignity|stripped of (his|her|my) dignity)",
        r"(hadn't|had not|wasn't|was not|never) been (fed|washed|changed|turned|given water)",
        r"(patch|patches|dressing|dressings|catheter|catheter bag|stoma bag|pads?|bandage|drip|"
        r"sheets|bedding|nappy) (\w+ ){0,2}(wasn't|was not|weren't|were not|hadn't been|"
        r"had not been|never|not) (been )?(changed|checked|replaced|emptied) (for|in) (\d+|two|"
        r"three|four|five|several|a few|over a|more than a) ?(days?|hours|weeks?)\b",
        r"call bell (out of reach|taken away|removed)",
        r"left (\w+ ){0,2}(on a trolley|in a corridor|in the corridor|on the floor|in a chair) "
        r"(for|all|overnight)",
        r"(ignored|left) for (\d+|hours|days|two|three|four|five|six|several)",
        # A fall with nobody coming: lying on the floor for hours hurts on its own.
        r"(lay|lying|laid|lain|stuck|was|were|been) on the (\w+ )?floor (for (hours|(\d+|two|"
        r"three|four|five|six|several) hours|the whole night)|all (night|day|evening)|overnight|"
        r"unable to (get up|move)|until (morning|the (next|crew|ambulance|paramedics)|help))",
        r"left (him|her|me|them|my \w+) (alone )?(on the floor|lying there|screaming|crying|"
        r"in agony|in pain)",
        negatable=False,
    ),
)

_FAMILY = r"(family|husband|wife|partner|parents?|mum|mom|mother|father|dad|son|daughter|kids)\b"
# Not what the patient did themselves: "I told my boss" is no breach.
_NOT_BY_PATIENT = r"(?<!\bi )(?<!\bwe )"
PRIVACY_RULES = (
    rule(
        "privacy_breach",
        _NOT_BY_PATIENT
        + r"(sent|posted|emailed|mailed|faxed|gave|handed|given|shown|showed|"
        r"released|shared|disclosed|told|texted|leaked|mixed up|confirmed|revealed|let slip)\b"
        r".{0,60}\b(wrong (person|patient|address|family|email|number|house|name)|someone else|"
        r"somebody else|another patient|a stranger|my (employer|boss|work|neighbou?r|ex|school|"
        r"landlord))",
        # Family hear what was the patient's to tell; "they told my dad it was indigestion" is
        # care told to a relative, not a breach.
        r"(sent|posted|emailed|mailed|faxed|released|shared|disclosed|texted|leaked)\b.{0,60}\b"
        rf"my {_FAMILY}",
        _NOT_BY_PATIENT
        + rf"(told|gave|given|handed|shown|showed) my {_FAMILY} (about|that|what|"
        r"everything|all|my|i|i'm|i've) ",
        r"(results|records|diagnosis|information|details|notes|letter|scan|test|prescription|"
        r"paperwork|papers) (\w+ ){0,4}"
        rf"(to|with) my {_FAMILY}",
        r"(got|received|given|sent|opened) (someone else's|somebody else's|another patient's|"
        r"a stranger's|another person's) (\w+ )?(results|records|letter|notes|file|details|information|"
        r"prescription|chart|bloods|scan|report)",
        r"(someone else's|another patient's|a stranger's) (\w+ )?(results|records|letter|notes|file|"
        r"details|information|prescription|chart)",
        r"(read|looked at|looked through|accessed|snooped|went into|opened|looked up|went through)"
        r" (my|her|his|our) (chart|record|records|medical records|file|notes|results|history)\b",
        r"(without (my )?(consent|permission|authori[sz]ation)).{0,40}(records|information|"
        r"results|details|notes|data|diagnosis)",
        r"(records|information|results|details|notes|data|diagnosis).{0,40}without (my )?"
        r"(consent|permission|authori[sz]ation)",
        r"(data|privacy|confidentiality|hipaa|gdpr) (breach|violation|was breached|was violated)",
        r"(breach|breached|violation|violated) (of )?(my )?(privacy|confidentiality|hipaa|gdpr|"
        r"data protection)",
        r"(hipaa|gdpr|data protection act|confidentiality|confidential information)",
        r"overheard .{0,40}(diagnosis|condition|results|details|name|problem)",
        r"in front of (everyone|other patients|the whole waiting room|a full waiting room|"
        r"strangers) .{0,40}(diagnosis|condition|results|details|problem|symptoms)",
        r"(leaked|disclosed|broadcast|announced|shouted|read out|said out loud|discussed|"
        r"talked about|told everyone about) .{0,40}(diagnosis|condition|hiv|status|results|"
        r"pregnancy|std|sti|abortion|mental health|medical history|personal details)",
        r"(diagnosis|condition|hiv|results|pregnancy|medical history) .{0,40}(in front of|"
        r"out loud|loudly|in the waiting room|whole waiting room|at reception for)",
        r"(posted|shared|put) .{0,30}(on|to) (facebook|instagram|social media|tiktok|twitter)",
        # Breaches told as what staff did or left lying about, not by the word "privacy":
        # notes on a counter, a screen facing the room, a diagnosis read out, a consultation
        # heard through the door, a message about results left with the patient's employer.
        # Asking a date of birth or the reason for a visit at the desk is the office's procedure,
        # a routine complaint, and stays out.
        r"(notes|records|file|files|letter|results|details|paperwork|chart|screen|computer|"
        r"prescription)\b.{0,50}\b(where|so|for) (anyone|everyone|everybody|other patients|"
        r"people|the whole (room|waiting room)) (could|can|would|to) (see|read|hear)",
        r"(screen|monitor|computer)s? .{0,40}(facing|visible to|in view of|turned towards?) (the )?"
        r"(waiting room|other patients|everyone|the public|the queue)",
        r"(read|called|shouted|said|yelled|announced) (out )?(my|his|her) (condition|reason for "
        r"(the |my |his |her )?(visit|appointment)|medications?|results|medical history|"
        r"diagnosis)\b.{0,40}\b(out loud|aloud|across the (room|waiting room|reception|desk))",
        r"(could|can|could clearly) hear (every word|everything|the whole|all of|every detail)"
        r".{0,30}(consultation|examination|exam)\b",
        r"overheard .{0,40}(another patient|someone else|other patients|consultation)",
        r"(discuss\w*|talk\w*|gossip\w*) (about )?(another patient|other patients|patients by "
        r"name|someone else's (condition|diagnosis|results|treatment))",
        r"(called|shouted|read) out .{0,40}what (i|he|she|we) (was|were) (there|in) for",
        r"(telling|told|tells|announc\w+|saying|said) (\w+ ){0,4}(what|why) (everyone|everybody|"
        r"people|patients|other patients|i|he|she|we) (is |are |was |were |am )?(being seen|there|"
        r"in|coming in|here) for",
        # Someone the patient never told knows: "how does my ex know about my appointment?"
        r"(how|why) (does|did|do|would|could) my (ex|boss|employer|manager|neighbou?r|landlord|"
        r"colleagues?|school|in-laws|\w+-in-law|family|husband|wife|partner|parents?|mum|mom|dad|"
        r"friends?) (\w+ )?know\b",
        r"found out (about )?(my|his|her) (diagnosis|appointment|results|condition|pregnancy|"
        r"medication|treatment|test)\b.{0,20}\b(from|because|through|via|when) (you|your|the "
        r"(nurse|receptionist|doctor|practice|clinic|office|surgery|pharmacy))\b",
        r"(read|called|shouted|said|yelled|announced) (out )?(the names? of )?(my|his|her) "
        r"(medications?|medicines?|prescriptions?|pills|condition|diagnosis)\b.{0,20}\b(across|"
        r"in front of|to) (the|everyone|a|other)",
        r"(patient|patients'?|medical|people's|confidential|other people's) (notes|records|files|"
        r"letters|results|details|paperwork|documents)\b.{0,40}\b(bin|bins|skip|rubbish|trash|"
        r"dumpster|recycling|street|pavement|car park|parking lot|left (out|lying))\b",
        r"(opened|read) by (the )?(new tenants?|someone else|my (neighbou?r|landlord|ex|employer|"
        r"boss|flatmate|housemate|roommate))",
        r"(rang|called|phoned|contacted|emailed|messaged) my (work|workplace|employer|boss|school|"
        r"college|neighbou?r|landlord)\b.{0,60}\b(appointment|results|diagnosis|condition|"
        r"treatment|test|visit|medical)",
        r"(photo|photograph|picture|video)s? of (me|my|him|her) .{0,30}(without|posted|shared)",
        # What the patient asked for or agreed to is no breach: a husband collecting a
        # prescription, results shared with a daughter "with my permission".
        unless=r"\b(collect\w*|pick\w* up) (it|them|my \w+) for me\b|\bas i (asked|requested)\b|"
        r"\bwith my (consent|permission|agreement)\b",
    ),
)

_ESSENTIAL_MEDICATION = re.compile(
    r"\b(insulin|inhaler|inhalers|epi-?pens?|epinephrine|adrenaline|seizure|epilepsy|"
    r"anti-?epileptic|anticonvulsant|keppra|levetiracetam|lamotrigine|epilim|valproate|"
    r"phenytoin|carbamazepine|warfarin|blood thinners?|anticoagulants?|apixaban|eliquis|"
    r"rivaroxaban|xarelto|heart (meds|medication|medicine|tablets|pills)|nitro|nitroglycerin\w*|"
    r"nitrostat|gtn|transplant|anti-?rejection|tacrolimus|hydrocortisone|steroids?|methadone|"
    r"buprenorphine|suboxone|anti-?psychotics?|clozapine|lithium|oxygen|dialysis|chemo\w*|"
    r"parkinson'?s? (meds|medication)|levodopa|thyroid (meds|medication)|levothyroxine|"
    r"hiv (meds|medication)|antiretrovirals?)\b"
)
_WITHOUT_MEDICATION = re.compile(
    r"\b(ran out|run out|running out|runs out|out of|without(?! (anyone|anybody|telling|asking|"
    r"warning|notice|letting|a word))|no more|"
    r"none left|nothing left|last (dose|one|pen|vial)|refus\w+|denied|won't (fill|refill|give|"
    r"dispense|prescribe|renew)|wouldn't (fill|refill|give|dispense|prescribe|renew)|"
    r"didn't (fill|refill|give|send|renew|get)|(haven't|hasn't|have not|has not|not) "
    r"(been )?(filled|refilled|sent|received|renewed|ready|had|got)|couldn't get|can't get|"
    r"unable to get|out of stock|no stock|missed (my |his |her |a |\d+ )?(doses?|depot|injection)|"
    r"(\d+|two|three|four|five|several) days without|gone without|lost my prescription|"
    r"cancell?ed (my|his|her) (prescription|repeat)|stopped (my|his|her) (prescription|repeat))"
)
# A pharmacy or prescriber refusing or failing to supply a medicine at all.
_REFUSED_MEDICATION = re.compile(
    r"\b(refused|refusing|won't|wouldn't|will not|would not|didn't|did not|can't|couldn't) "
    r"(to )?(fill|dispense|give (me|him|her)|prescribe|renew|issue|supply|sign)\b"
    r".{0,40}\b(medication|medicine|meds|prescription|tablets|pills|script|repeat)"
)


# Any medicine run out or gone without for days, essential or not, still needs a person today.
_WITHOUT_ANY_MEDICATION = re.compile(
    r"\b((didn't|did not|never|wasn't|weren't|was not|were not|forgot to) (give|given|giving) "
    r"(\w+ )?(my |his |her |their )?(\w+ )?(medication|medicine|meds|tablets|pills|"
    r"injections?|doses?) for (a week|weeks|days|\d+ days|two days|three days|several days|"
    r"a few days)|"
    r"(ran|run|running|have run|has run) out of (all )?(my|his|her|their)? ?(medication|medicine|"
    r"meds|tablets|pills|prescription)|(been|gone|go|left|am|was|i'm|is|are) without (my|his|her|"
    r"any|their) (medication|medicine|meds|tablets|pills)|(\d+|two|three|four|five|six|seven|"
    r"several|a few) (days|weeks) without (my|his|her|any)? ?(medication|medicine|meds|tablets|"
    r"pills)|"
    r"(no|none of) (my |his |her |their |any )?(\w+ ){0,3}(medication|medicine|meds|"
    r"tablets|pills|inhalers?|insulin) for (a week|weeks|days|\d+ days|two days|three days|"
    r"several days|a few days|over a week|a fortnight))"
)


def _missing_essential_medication(text: str) -> bool:
    """An essential medicine and a shortage of it within one short stretch of text, or any
    medicine the patient has run out of or gone without."""
    if _WITHOUT_ANY_MEDICATION.search(text) or _REFUSED_MEDICATION.search(text):
        return True
    for medicine in _ESSENTIAL_MEDICATION.finditer(text):
        window = text[max(0, medicine.start() - 90) : medicine.end() + 90]
        if _WITHOUT_MEDICATION.search(window):
            return True
    return False


URGENT_RULES: tuple[Rule, ...] = HARM_RULES + ABUSE_RULES + NEGLECT_RULES + PRIVACY_RULES


def urgent_reason(normalised_text: str) -> Optional[str]:
    """The name of the urgent rule that fires on the (normalised) text, or None."""
    reason = first_match(normalised_text, URGENT_RULES)
    if reason:
        return reason
    if _missing_essential_medication(normalised_text):
        return "missing_essential_medication"
    return None
