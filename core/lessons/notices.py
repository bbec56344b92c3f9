"""What a pupil reads when a code, a nickname or an answer cannot be taken: the store's reasons
(core.lessons.answers.REASONS) and those of the join page and its limits, each in English and Dutch."""

from __future__ import annotations

from core.lessons.answers import MAX_NICKNAME, MAX_OPEN_ANSWER, REASONS
from core.text.i18n import pick

JOIN_REASONS: dict[str, tuple[str, str]] = {
    "wrong_code": (
        "There is no lesson with this code. Check the code on the board and try again.",
        "Er is geen les met deze code. Kijk nog eens naar de code op het bord en probeer het opnieuw.",
    ),
    "too_many_codes": (
        "Too many wrong codes. Wait a minute, then type the code from the board.",
        "Te veel verkeerde codes. Wacht een minuut en typ dan de code van het bord.",
    ),
    "not_started": (
        "Your teacher has not started the lesson yet. This page follows as soon as they do.",
        "Je docent is de les nog niet begonnen. Deze pagina volgt zodra dat gebeurt.",
    ),
    "ended": (
        "This lesson is no longer available. Thank you for taking part!",
        "Deze les is niet meer beschikbaar. Bedankt voor het meedoen!",
    ),
    "too_long": (
        f"Your answer is too long: at most {MAX_OPEN_ANSWER} characters.",
        f"Je antwoord is te lang: hoogstens {MAX_OPEN_ANSWER} tekens.",
    ),
    "nickname_too_long": (f"A nickname has at most {MAX_NICKNAME} characters.", f"Een bijnaam heeft hoogstens {MAX_NICKNAME} tekens."),
    "too_fast": ("Too fast: wait a moment, then send your answer again.", "Te snel: wacht even en stuur je antwoord dan opnieuw."),
    "far_tap": (
        "No town there: tap on a town's symbol, or pick it from the list.",
        "Daar ligt geen plaats: tik op het symbool van een plaats, of kies haar uit de lijst.",
    ),
    "unavailable": (
        "Your answer could not be saved just now. Try again in a moment.",
        "Je antwoord kon nu niet worden bewaard. Probeer het zo opnieuw.",
    ),
}


def message(reason: str, lang: str) -> str:
    """The pupil's message for `reason` (an unknown reason gets the 'try again' message)."""
    en, nl = JOIN_REASONS.get(reason) or REASONS.get(reason) or JOIN_REASONS["unavailable"]
    return pick(lang, en, nl)
