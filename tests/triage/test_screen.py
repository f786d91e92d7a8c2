"""The deterministic safety screen: fires on danger now, stays quiet on idioms and the past."""

from __future__ import annotations

import pytest

from bot.cases.vocabulary import Urgency
from bot.triage.screen import screen

EMERGENCIES = [
    "I can't breathe",
    "i cant breathe my inhaler isnt working",
    "I'm having crushing chest pain going down my arm",
    "I think I'm having a heart attack",
    "my dad is having a stroke, his face is drooping",
    "my wife won't wake up",
    "he's unconscious on the kitchen floor",
    "my baby has stopped breathing",
    "she is bleeding heavily and it won't stop",
    "my throat is closing up after eating peanuts",
    "call an ambulance please",
    "no puedo respirar",
    # Spanish, with and without accents, as patients text.
    "mi papá no respira, se desmayó",
    "mi papa se desmayo y no responde",
    "mi bebe dejo de respirar",
    "tengo un dolor muy fuerte en el pecho",
    "creo que mi esposo está teniendo un infarto",
    "creo que mi mamá está teniendo un derrame, no puede mover el brazo",
    "mi hijo está inconsciente",
    "está sangrando mucho y no para de sangrar",
    "se me está cerrando la garganta",
    "llamen a una ambulancia por favor",
    # Danger signs told in everyday words rather than by their medical names.
    "we're having a hard time breathing in here, my son is wheezing",
    "i cant catch my breath even sitting down",
    "my chest feels really heavy and I'm clammy and sweating",
    "the ache is spreading up into my jaw",
    "my heart is racing so fast I think I'll pass out",
    "grandpa can't lift his left arm and his words are coming out wrong",
    "mom suddenly gone really confused and droopy",
    "worst headache of my life, came on out of nowhere",
    "he collapsed at the table and he's not responding to us",
    "the baby has gone all floppy",
    "there's blood spurting from the cut on his hand",
    "I've been throwing up something like coffee grounds",
    "my throat feels like it's closing after that shot",
    "her lips are swelling and she's wheezing, we don't have an epipen",
    "I feel like I'm going to pass out",
    # Chest pain in lay words, with no "chest pain" in them.
    "my chest hurts so bad",
    "I have heart pain",
    "there is a sharp pain near my heart",
    "my heart feels tight and heavy",
    "pain on the left side of my chest when I breathe",
    "my heart is very painful",
    "it hurts right where my heart is",
    "when I climb the stairs my heart starts to hurt",
    "my heart has been aching since this morning",
    "the area around my heart is sore",
    "my heart keeps skipping beats and hurts",
    "my heart is killing me",
    "heart been hurting since last night",
    "my hart hurts real bad",
    "something is wrong with my heart, it hurts",
    "my chest and left arm hurt",
    "why does my heart hurt",
    "chest pain",
    "my chest pains are back",
    # Signs found missing by probes the team wrote: poisoning, injury, infants, hypos, headaches.
    "my little girl drank some bleach from under the sink",
    "I think my son swallowed a button battery",
    "my 2 year old got into my blood pressure tablets",
    "my husband was hit by a car outside and his leg is bent the wrong way",
    "my baby is really floppy and not waking up properly",
    "her skin is sucking in under her ribs when she breathes",
    "my dad is diabetic and he's confused and sweaty",
    "worst ever headache out of nowhere and I can't look at the light",
    "he fell off the ladder and there's blood coming out of his ear",
    "my chest feels like an elephant is sitting on it",
    # Red flags a nurse line sends to 911, told in everyday words.
    "my daughter is wheezing really badly and her inhaler isn't helping",
    "my mum's face has gone droopy on one side",
    "my dad suddenly can't speak properly",
    "he's had a fit and isn't coming round",
    "there's a lot of blood and it won't stop",
    "i've been vomiting blood since this morning",
    "i think i took too many of my pills by accident",
    "my 6 week old has a fever of 38.5",
    "i'm pregnant and the baby hasn't moved all day",
    "i hit my head and now i'm throwing up and really sleepy",
    "my child has a rash that doesn't fade when i press a glass on it",
    "worst headache ever and my neck is stiff and the light hurts",
    "his blood sugar meter says HI and he's vomiting",
    "my calf is swollen and now i'm short of breath",
]

CRISES = [
    "I want to kill myself",
    "I took 20 paracetamol an hour ago",
    "my son texted me goodbye and now he isn't answering",
    "the pills are lined up and I'm going to take them tonight",
    "I can't cope any more, I've written letters to my kids",
    "i dont want to live anymore",
    "I've been thinking about suicide a lot",
    "I feel suicidal tonight",
    "I'm going to take all my pills",
    "I took an overdose an hour ago",
    "I keep cutting myself",
    "I just want to end it all",
    "my son said he wants to kill himself",
    "everyone would be better off dead without me, I'd be better off dead",
    "quiero morir",
    "ya no quiero vivir",
    "estoy pensando en quitarme la vida",
    "me siento suicida esta noche",
    "tengo pensamientos suicidas",
    "me sigo cortando los brazos",
    "me voy a tomar todas mis pastillas",
    "mi hija dice que se quiere matar",
    "voy a matarme",
    # Warning signs as suicide-prevention services list them, without the word suicide.
    "sometimes I hope I just don't wake up tomorrow",
    "my family would be better off without me",
    "i'm such a burden on everyone",
    "he has been giving away his things to his friends",
    "I wrote goodbye notes to my kids",
    "I've been stockpiling my sleeping pills for a few weeks",
    "I looked up the best way to do it",
    "i keep thinking how easy it would be to just step out in front of a bus",
    "she told me she wishes she had never been born",
    "I took a handful of my dad's tablets",
    "thinking about taking them all at once",
    "he's been cutting his arms again",
    "there's no point to any of it anymore",
    # Warning signs with no word of suicide: the means set out or shut away with, not lasting
    # the wait, a goodbye told as cancelling care.
    "my pills are all lined up on the table and I just sit and look at them",
    "my son locked himself in the bathroom with a knife and says he's done",
    "I don't think I have four months in me, honestly",
    "cancel my appts, won't need them after this weekend. thanks for trying, you were kind to me",
    "i've started cutting again and it's getting deeper",
    "my daughter told me she's been burning herself",
    "i just want everything to stop",
    "nobody would miss me",
    "i don't see a way out anymore",
    "i've got the pills ready",
    "i'm done with everything, this is my last message",
    "what's the point of me being here",
    "i hate myself and i want to disappear.",
]

QUIET = [
    "I took 2 paracetamol for my headache and it helped",
    "I had 14 tablets left when the pharmacy said the repeat was not ready",
    "the pharmacy took 20 tablets off my repeat without asking",
    "my pills are ready to collect today, thanks",
    "I can't cope with this wait, I've written two letters to the manager",
    "I drank my methadone at the pharmacy as usual",
    "my arm sticking out of the cast is itchy",
    "she isn't making sense of the new forms",
    "my toddler swallowed his food too fast and was sick, he's fine now",
    "the bill isn't making sense to me",
    "by then my son was hard to wake, we drove him in ourselves",
    "it took nine hours to get help for my diabetic dad who was confused",
    "I was hit by a car last year and the physio list is still months long",
    "I'm dying to know my bill",
    "this wait is killing me",
    "my back is killing me",
    "I nearly died when I saw the bill",
    "I'm not suicidal, just really fed up with the wait",
    "I have never thought about suicide, I just want my results",
    "last week I went in with chest pain and they sent me home after five minutes",
    "my dad had a stroke last year and the follow up was poor",
    "I couldn't breathe in the waiting room because of the smell of bleach",
    "the receptionist was rude",
    "I was charged twice",
    "the food here is to die for",
    "I'm bored to death in this waiting room",
    "ayer tuve dolor de pecho y el doctor me mandó a casa sin revisarme",
    "hace dos semanas mi papá se desmayó y nadie de la clínica nos llamó",
    "el doctor no responde mis llamadas",
    "me cobraron dos veces por la misma cita",
    "la recepcionista fue muy grosera conmigo",
    "me quiero morir de la vergüenza con esta factura",
    "voy a morir de hambre en esta sala de espera",
    "no me quiero morir, solo quiero mis resultados",
    "my heart hurts for the families on that ward",
    "my heart hurts when I think about how my mom was treated",
    "last year I had heart pain and the doctor ignored it",
    "I get a sharp pain in my chest now and then, I've had it since I was a teenager",
    "I have heartburn every night after dinner",
    "my heart has been aching since my dad died",
    "my heart is sore for the families who lost people",
    "my heart is hurting seeing my dad like this",
    "it breaks my heart and it hurts to see her treated that way",
    "my heart hurts so much since I lost my baby",
    "the chest pain clinic cancelled my appointment",
    "I have a sore throat and a cough in my chest",
    "I had a throbbing headache and a rash on my chest",
    "I sat in the heart clinic for three hours and it hurts to sit that long",
    "my pills are lined up for the week in the organiser, is the dose right",
    "the inhaler prescription isn't working on the app, can you resend it",
    "my 6 week old's check was cancelled twice",
    "my 8 week old had a fever after her jabs last week, is that normal",
    "I can't speak to anyone at reception, the phone just rings",
    "my daughter can't speak properly yet, she is 2, can we get a speech referral",
    "I have a stiff neck from sleeping badly, can I book physio",
    "my blood sugar reading was 6.2, is that ok",
    "my dad had a fit last year and the neuro referral never came",
    "he hurt himself falling in your car park",
    "she burned herself on the radiator in the waiting room",
    "I can't see a way out of this debt",
    "i just want the pain in my knee to stop",
    "the clinic is cutting costs again",
    "the district nurse isn't coming round any more",
    "the doctor is not coming to the clinic today",
    "my 6 week old was too hot in your waiting room",
    "I want to disappear when I see the bill, lol",
    "she locked herself in her room with her phone again",
    "cancel my appts, won't need them after this week as we're moving. thanks for everything",
    "I almost fainted when I saw the price",
    "my referral collapsed and now nobody is answering the phone",
    "my mom was confused about the bill again",
    "I cut my hand on the broken glass in your car park",
    "picked up my pills and the pharmacist was lovely",
    "she walks with a limp since the hip surgery",
    "I don't want to be a burden, can someone else drive me",
    "",
]

# Emergencies told in lay words, found by probe messages a second writer wrote for the screen
# (2026-12-04): each stands for a way of telling that the phrase lists above did not cover.
LAY_EMERGENCIES = [
    "chest feels like an elephant is sitting on it, started 20 min ago",
    "my toddler swallowed one of those little watch batteries about 10 minutes ago",
    "blood soaking through three towels from the cut on his leg",
    "cant stop the bleeding its soaking thru the towels",
    "my nan is ice cold and shivering and doesn't know what day it is",
    "his knees have gone all mottled and he's burning up",
    "type 1 diabetic flatmate is shaky, sweaty and talking nonsense",
    "her meter just says LO and she's confused",
    "banged his head on the swing an hour ago, now he's thrown up and keeps nodding off",
    "he was knocked out for a minute and now he keeps asking the same question",
    "took my heart tablets twice by mistake and now I'm dizzy with a slow heartbeat",
    "dad is slurring and one side of his face has dropped",
    "is this a stroke? her smile is lopsided",
    "mum keeps saying words that don't make sense",
    "I can't feel the left side of my face",
    "my neighbour is lying at the bottom of the stairs and not answering me",
    "he won't respond when I shake him",
    "my boyfriend passed out and now he's jerking all over",
    "she's having a fit on the floor and it's been 6 minutes",
    "he had a seizure and still hasn't come round",
    "nosebleed for over an hour now and I'm on warfarin",
    "32 weeks pregnant and there's so much blood",
    "the baby has stopped kicking today",
    "had my tonsils out last week and now I'm coughing up bright red blood",
    "had the baby yesterday, now bleeding really heavy and soaking a pad every few minutes",
    "the pain is in the middle of my chest and spreading into my back",
    "is it normal for my chest to hurt like this when I'm sitting still",
    "my 3 yr old got into grandma's pill organiser",
    "the whole family has headaches and feels sick since the boiler started making a noise",
    "baby 3 months floppy and not feeding",
    "his lips look a bit blue",
    "too out of breath to talk",
    "her breath smells like nail varnish and she's drowsy",
    "the skin between his ribs sucks in with every breath",
    "my waters broke and something is hanging out, I think it's the cord",
    "my belly is hard as a board and I can't stand up",
    "she fell on the floor and her leg is turned out and looks shorter",
    "boiling water went over her arm and the skin is peeling off",
    "he's hitting me right now",
    "my ex is outside saying he's going to kill me",
    "someone is trying to break in with a knife",
    "my brother has been stabbed",
    "grandad is confused with a fever and hasn't had a wee all day",
]

# Crises told indirectly or with a word between the usual ones ("would honestly be better off").
LAY_CRISES = [
    "everyone would honestly be better off without me",
    "I'm so tired of being a burden",
    "I have the pills saved up. Tonight feels like the night",
    "im cutting right now and i cant stop",
    "my brother keeps saying he wants to die",
    "how many paracetamol would be enough to not wake up",
    "my daughter has been thinking about ending her life",
    "she has fresh cuts on her arms",
    "it is better if I am not alive",
    "I don't think I'll be here by the weekend",
    "I won't be around to pay the bill",
    "I no longer see any future for myself",
    "I've been researching methods every night",
    "he wants to hurt himself and took the knives upstairs",
    "been burning my skin with a lighter",
    "dad messaged sorry for everything, look after your mum, and now he's not answering",
    "I'm on the top floor of the car park, I just wanted someone to know",
    "I'll make sure I don't have to deal with any of this for much longer",
    "my flatmate says she'll take all her sleeping tablets tonight",
    "I burned myself with a lighter again",
    "my husband is in the closed garage with the engine running",
    "every night I pray I won't wake up",
    "thinking about stepping off when the next train comes",
    "I am tired of life and I think to finish it tonight",
    "he posted bye everyone with a picture and now he's not replying",
    "I've made my mind up, my will is on the table, someone take the dog",
    "I've written letters for my kids",
    "he's going to jump from his window",
    "you can give my appointment away, I won't be here by then",
    "I self-harmed years ago and now I've started cutting myself again",
]

# Look-alikes the wider rules must leave alone: an old history, a hypothetical, a blocked nose,
# a holiday, an idiom, a car park, a baby's grunt, a machine's cord, a migraine for weeks.
LAY_QUIET = [
    "came back in the room and the nurse had gone, I waited twenty minutes",
    "hypothetical question: if my kid ever swallowed a battery what should I do",
    "my daughter self-harmed in the past but has been well for two years",
    "can't breathe through my nose with this cold, can I get a spray",
    "I burned myself cooking and the nurse was rude about it",
    "it's pouring with rain and the car park has no shelter",
    "mum can't use her arms well so she needs help with meals",
    "I won't be here for the appointment, I'm on holiday",
    "my boss is going to kill me if I'm late again",
    "there's no way out of the car park once the barrier is down",
    "years ago I had suicidal thoughts; I'm in a good place now and want my letter corrected",
    "I made my decision to change practices",
    "back in 2019 the doctor missed my chest pain",
    "today is the day my results come back",
    "so I don't have to put up with this much longer, please refer me",
    "I don't see a future for me at this practice",
    "I've been reading about methods of contraception",
    "I've been waiting for my tablets for a week and the pharmacy is not answering",
    "my skin is burning and I can't stop itching",
    "the cut is deeper than last time the dog bit him",
    "the receptionist keeps saying things that don't make sense",
    "was it a stroke my dad had last year? the letter doesn't say",
    "the office won't respond when I call",
    "the receptionist is lying and not answering my questions",
    "I had a fit when I saw the bill after waiting 20 minutes",
    "she fainted once and the nurse has not come round to see her",
    "my baby grunts when she poops, is that normal?",
    "soaking wet towels left on the toilet floor",
    "I've waited 6 weeks for my blood clots results",
    "the waiting room heater is broken and I got a headache",
    "I've had headaches with flashing lights for 6 weeks and can't get an appointment",
    "the cord of the blood pressure machine is hanging out of the wall",
    "my leg is shorter since the hip replacement and nobody listens",
    "burning pain when I pee and my tongue has gone white",
    "my wife says she's going to kill me if I miss another appointment",
    "I've been shot down every time I ask for a referral",
    "please send help with my claim form",
    "the roof over the entrance leaks and I want you to know",
]


@pytest.mark.parametrize("text", EMERGENCIES + LAY_EMERGENCIES)
def test_emergencies_fire(text: str) -> None:
    flag = screen(text)
    assert flag is not None and flag.urgency is Urgency.EMERGENCY


@pytest.mark.parametrize("text", CRISES + LAY_CRISES)
def test_crises_fire(text: str) -> None:
    flag = screen(text)
    assert flag is not None and flag.urgency is Urgency.CRISIS


@pytest.mark.parametrize("text", QUIET + LAY_QUIET)
def test_idioms_negations_and_past_events_do_not_fire(text: str) -> None:
    assert screen(text) is None


def test_crisis_wins_over_emergency() -> None:
    flag = screen("I took an overdose and now I can't breathe")
    assert flag is not None and flag.urgency is Urgency.CRISIS


def test_the_flag_names_a_rule_not_the_text() -> None:
    flag = screen("I want to kill myself")
    assert flag is not None
    assert flag.rule == "suicidal_intent"
    assert "kill" not in flag.rule


# Poisoning or an overdose taken now: Poison Control first (rule `poisoning`, or `overdose` in a
# crisis), whoever gave the dose.
POISONINGS = [
    "the chemist handed my grandad five times his dose and he has taken it, he is very sleepy",
    "they gave me the wrong dose at the pharmacy and I already swallowed it",
    "my 2 year old got into the pill box and ate some of the pink ones",
    "my little boy chewed a handful of his sister's vitamin gummies",
    "I accidentally took my blood pressure tablets twice today",
    "I took a double dose of my seizure medicine by mistake",
    "my aunt took her heart pills twice this morning and now she feels faint",
    "i took my wife's tablets by mistake an hour ago",
    "i think i took too many of my pain pills by accident",
]
OVERDOSES = [
    "I took too many of my sleeping tablets",
    "my son swallowed a whole bottle of his pills",
]
# A third person's threat of self-harm is a crisis for the person writing.
THIRD_PERSON_THREATS = [
    "my daughter is threatening to hurt herself",
    "my husband keeps threatening suicide when he has been drinking",
    "my brother sent me a text threatening to take his own life",
    "my teenager threatened to cut herself again tonight",
]
# Look-alikes of the new rules: figures of speech, praise, threats of other things, doses never
# taken, worries told as "what if", and the past.
NEW_LOOK_ALIKES = [
    "this wait is killing me",
    "I could die of boredom in your waiting room",
    "keep up the good work",
    "the front desk team is wonderful, keep up the good work",
    "you guys are killing it, thank you",
    "I took too many days off work because of your scheduling",
    "the pharmacy gave me the wrong dose but I noticed before I took any",
    "the label had the wrong dose on it, luckily I did not take it",
    "you gave my mum ten times her dose last month and she took it, I want answers",
    "what should I do if my toddler swallows a pill",
    "my son is threatening to sue the practice",
    "my boss threatened to fire me if I miss another day for appointments",
    "I took my husband's pills back to the pharmacy",
    "my chest pain was getting worse for weeks before anyone saw me last year",
    "the billing mess is getting worse every month",
]


@pytest.mark.parametrize("text", POISONINGS)
def test_poisoning_taken_now_is_an_emergency_with_its_own_rule(text: str) -> None:
    flag = screen(text)
    assert flag is not None
    assert (flag.urgency, flag.rule) == (Urgency.EMERGENCY, "poisoning")


@pytest.mark.parametrize("text", OVERDOSES)
def test_too_many_pills_is_a_crisis_named_overdose(text: str) -> None:
    flag = screen(text)
    assert flag is not None
    assert (flag.urgency, flag.rule) == (Urgency.CRISIS, "overdose")


@pytest.mark.parametrize("text", THIRD_PERSON_THREATS)
def test_someone_elses_threat_of_self_harm_is_a_crisis(text: str) -> None:
    flag = screen(text)
    assert flag is not None and flag.urgency is Urgency.CRISIS


def test_chest_pain_growing_worse_while_waiting_gets_911() -> None:
    flag = screen("my chest pain is getting worse and I'm still waiting to be seen")
    assert flag is not None
    assert (flag.urgency, flag.rule) == (Urgency.EMERGENCY, "chest_pain")


@pytest.mark.parametrize("text", NEW_LOOK_ALIKES)
def test_look_alikes_of_the_new_rules_do_not_fire(text: str) -> None:
    assert screen(text) is None
