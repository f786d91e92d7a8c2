"""Which messages the bot answers as written in a language it cannot read."""

from __future__ import annotations

import pytest

from bot.triage.language import Foreign, foreign_language


@pytest.mark.parametrize(
    "text",
    [
        "esperé tres horas y nadie me atendió",
        "la recepcionista fue muy grosera conmigo",
        "me cobraron dos veces por la misma cita",
        "necesito hablar con alguien sobre mi factura",
        "mi hija tiene fiebre y nadie nos llama",
    ],
)
def test_spanish_is_found(text: str) -> None:
    assert foreign_language(text) is Foreign.SPANISH


@pytest.mark.parametrize(
    "text",
    ["我在诊所等了三个小时", "انتظرت ثلاث ساعات ولم يساعدني أحد", "Я ждал три часа", "세 시간 기다렸어요"],
)
def test_other_scripts_are_another_language(text: str) -> None:
    assert foreign_language(text) is Foreign.OTHER


@pytest.mark.parametrize(
    "text",
    [
        "u r so rude smh",
        "tmrw at 3pm",
        "receptionist rude af",
        "wait was 3 hrs smh fr fr",
        "Dr Garcia was great but the bill is wrong",
        "I went to la clinica on Monday and waited forever",
        "Esperanza Gomez here, calling about my bill",
        "no no no",
        "ok",
        "C-1042",
        "",
        "\U0001f621\U0001f621",
    ],
)
def test_english_texting_names_and_no_words_stay_english(text: str) -> None:
    assert foreign_language(text) is None
