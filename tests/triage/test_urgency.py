"""Urgency rules: serious harm, abuse, neglect, privacy breaches, missing essential medicine."""

from __future__ import annotations

import pytest

from bot.triage.patterns import negated_before, normalise
from bot.triage.urgency import urgent_reason

URGENT = [
    ("my mum died two days after they sent her home", "harm_death"),
    ("the doctor missed my fracture and I was in agony for a month", "harm_serious"),
    ("he ended up in intensive care because nobody checked his bloods", "harm_serious"),
    ("they gave him the wrong medication and he had a severe reaction", "harm_serious"),
    ("the porter shoved me against the wall", "abuse"),
    ("a member of staff sexually harassed me", "abuse"),
    ("the receptionist made racist comments to my husband", "abuse"),
    ("my dad was left lying in soiled sheets all night", "neglect"),
    ("nobody answered her call bell, it was ignored for an hour", "neglect"),
    ("they sent my results to the wrong person", "privacy_breach"),
    ("a staff member read my chart and told my neighbour", "privacy_breach"),
    ("I received someone else's blood results in the post", "privacy_breach"),
    (
        "I ran out of insulin because the pharmacy refused to fill it",
        "missing_essential_medication",
    ),
    ("my sons inhaler prescription hasnt been filled for 5 days", "missing_essential_medication"),
    ("been 3 days without my seizure meds", "missing_essential_medication"),
    # Violence at home, told by what the person does.
    ("my husband hits me when he has been drinking", "abuse"),
    ("my girlfriend throws plates at me", "abuse"),
    ("i was raped last year and i still cant sleep", "abuse"),
    ("I'm scared to go home to my boyfriend", "abuse"),
    ("he won't let me see my friends or have any money", "abuse"),
    ("the incision has started oozing and smells", "harm_serious"),
    ("my biopsy showed cancer three weeks before anyone told me", "harm_serious"),
    ("we rang for an ambulance and waited four hours", "harm_serious"),
    ("the GP said it was nothing and that night we needed an ambulance", "harm_serious"),
    ("he went to hospital by ambulance the same evening", "harm_serious"),
    ("by the time the crew came his sugar was dangerously low", "harm_serious"),
    ("she was critically ill when they finally saw her", "harm_serious"),
    ("the surgery texted my diagnosis to my husband's phone", "privacy_breach"),
    ("the receptionist told my mum that I was pregnant", "privacy_breach"),
    ("they handed my prescription bag to my mother in law", "privacy_breach"),
    ("someone at the front desk looked at my record for no reason", "privacy_breach"),
    (
        "she missed her depot because nobody renewed her antipsychotic",
        "missing_essential_medication",
    ),
    ("my mum died last week and nobody from the practice has called", "harm_death"),
    # Breaches told as what staff did or left lying about.
    ("they left my notes on the counter where anyone could read them", "privacy_breach"),
    ("my details were on a screen facing the waiting room", "privacy_breach"),
    ("they rang my work and left a message about my results", "privacy_breach"),
    ("i could hear every word of the consultation next door", "privacy_breach"),
    ("my letter went to my old address and was opened by the new tenants", "privacy_breach"),
    ("the receptionist called out my name and what I was there for", "privacy_breach"),
    # Harm told as what a delay left behind.
    ("my father lay on the kitchen floor for five hours waiting for the crew", "neglect"),
    ("nobody rang back until morning and by then she was really poorly", "harm_serious"),
    ("the nurse didn't come for three days and the wound now smells", "harm_serious"),
    ("the carer didn't give mum her tablets for a week", "missing_essential_medication"),
    ("they brushed off my worries and our baby was born very poorly", "harm_serious"),
    # Harm, abuse and breaches told without the usual words.
    ("the GP ignored my lump and now it is stage 3", "harm_serious"),
    ("the stitches came apart two days after", "harm_serious"),
    ("I have had a high temperature ever since the operation", "harm_serious"),
    ("they said it was a virus and the next day she was in PICU", "harm_serious"),
    ("nobody noticed until he was barely conscious", "harm_serious"),
    ("I've had no blood pressure tablets for a week", "missing_essential_medication"),
    ("the locum made comments about my body in the exam", "abuse"),
    ("I asked her to stop and she carried on after I said it hurt", "abuse"),
    ("the dentist didn't stop when I asked him to", "abuse"),
    ("how does my boss know about my appointment", "privacy_breach"),
    ("my sister found out about my diagnosis from the receptionist", "privacy_breach"),
    ("the pharmacist said the name of my medication in front of the queue", "privacy_breach"),
    ("there were patient records in the bins behind the surgery", "privacy_breach"),
    ("reception confirmed to my ex that I had been in", "privacy_breach"),
    ("how the tech did my scan left me feeling violated", "abuse"),
    ("the scan report says a growth on my liver and nobody has called me", "harm_serious"),
    ("the pharmacy handed me my sister's tablets and I took them", "harm_serious"),
    ("they said my swelling was normal and two days later I had eclampsia", "harm_serious"),
    ("the next morning she was rushed in", "harm_serious"),
    ("the receptionist tells the whole queue what people are there for", "privacy_breach"),
    # Slurred speech is a stroke sign, not a slur.
    ("I told them dad was slurring and they said wait for the GP", "harm_serious"),
    ("the receptionist used a slur about my accent", "abuse"),
    # A serious symptom growing worse while the patient waits, or confusion after a discharge.
    ("her temperature keeps going up and is getting worse, still no call back", "worsening"),
    ("his breathing is getting worse while we wait for the referral", "worsening"),
    ("mum is more and more confused and the home visit never came", "worsening"),
    ("grandpa has been muddled ever since he was discharged on monday", "worsening"),
]

ROUTINE = [
    "the receptionist was rude to me",
    "I waited two hours",
    "I was charged twice for the same visit",
    "the toilets were dirty",
    "nobody was hurt but the waiting room ceiling is leaking",
    "the nurse was not abusive, just a bit short with me",
    "I nearly died when I saw the bill",
    "I collected my insulin today, thanks",
    "the results were sent to me by post",
    "the practice kicked me off their list after one missed visit",
    "then they hit me with another bill",
    "the GP pushed me to try statins again",
    "the baby kicks me all night, is that normal",
    "my therapist cancelled twice",
    # Alarming words in routine business: a bill, a relative told about their own care, a
    # bereavement told as background, a joke, a medicine whose name starts like another's.
    "I got a bill for the ambulance transfer that insurance should have covered",
    "the ambulance was very dirty inside and the blanket had hairs on it",
    "the ambulance crew were lovely, the handover at the hospital door took ages",
    "charged for a cancer screening that was supposed to be free",
    "they told my dad it was indigestion and booked him a follow up",
    "the nurse told my mum off for getting out of bed",
    "my mum passed away last year, how do I close her account with the practice",
    "two years since dad died and I still get his appointment letters",
    "honestly the wait nearly killed me, ha",
    "finished the nitrofurantoin, all good now, no more burning",
    "my chemo was moved to another hospital without anyone asking us",
    # The office's procedure at the desk is a routine complaint, not a breach.
    "why do I have to say my date of birth out loud at the desk every time",
    "they asked me to say my symptoms out loud at the front desk",
    "there were no chairs so we sat on the floor for an hour",
    "my coat was on the floor for ten minutes before anyone hung it up",
    "by then the receptionist was really rude to us",
    "my dad passed away last year and you keep sending him reminders",
    "my husband collected my prescription for me and it was the wrong strength",
    "they shared my results with my daughter with my permission, but late",
    "I told my boss my appointment was at nine and you kept me waiting till eleven",
    "the ICU visiting hours are far too short",
    "I had to go to urgent care for my sore throat because you had no appointments",
    "the bill for the scan of my growth came and nobody has explained the charges",
    "the waits are getting worse every month",
    "I am more and more confused by your billing",
    "I have been confused by the letters since I got home",
]


@pytest.mark.parametrize(("text", "reason"), URGENT)
def test_urgent_messages(text: str, reason: str) -> None:
    assert urgent_reason(normalise(text)) == reason


@pytest.mark.parametrize("text", ROUTINE)
def test_routine_messages(text: str) -> None:
    assert urgent_reason(normalise(text)) is None


def test_normalise_straightens_quotes_and_shorthand() -> None:
    assert (
        normalise("I  CANT breathe,\u2019 im scared u know")
        == "i can't breathe,' i'm scared you know"
    )


def test_negation_reaches_back_within_its_clause_only() -> None:
    text = "nobody was abusive"
    assert negated_before(text, text.index("abusive"))
    text = "nothing helped, and the nurse was abusive"
    assert not negated_before(text, text.index("abusive"))
