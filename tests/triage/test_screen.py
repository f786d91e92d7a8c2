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


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergencies_fire(text: str) -> None:
    flag = screen(text)
    assert flag is not None and flag.urgency is Urgency.EMERGENCY


@pytest.mark.parametrize("text", CRISES)
def test_crises_fire(text: str) -> None:
    flag = screen(text)
    assert flag is not None and flag.urgency is Urgency.CRISIS


@pytest.mark.parametrize("text", QUIET)
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
