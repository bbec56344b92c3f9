"""Pupils' answers: what counts as an answer to each kind of question, the spread the presenter sees, and a
plain message in the pupil's language for every answer or code that cannot be taken."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from core.lessons.limits import MAX_NICKNAME, MAX_OPEN_ANSWER
from core.text.i18n import pick

KINDS = ("tap", "holder", "month", "open")
_MONTH = re.compile(r"(201[0-9]|202[0-9])-(0[1-9]|1[0-2])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
TAP_TOLERANCE_PX = 36  # a finger's width and a bit: a tap this close to a town counts as the town

# Every reason an answer, a code or a nickname is turned away, said plainly (English, Dutch).
MESSAGES: dict[str, tuple[str, str]] = {
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
    "ended": ("This lesson has ended. Thank you for taking part!", "Deze les is afgelopen. Bedankt voor het meedoen!"),
    "too_long": (
        f"Your answer is too long: at most {MAX_OPEN_ANSWER} characters.",
        f"Je antwoord is te lang: hoogstens {MAX_OPEN_ANSWER} tekens.",
    ),
    "nickname_too_long": (f"A nickname has at most {MAX_NICKNAME} characters.", f"Een bijnaam heeft hoogstens {MAX_NICKNAME} tekens."),
    "too_fast": ("Too fast: wait a moment, then send your answer again.", "Te snel: wacht even en stuur je antwoord dan opnieuw."),
    "duplicate": (
        "You already answered this question. Your first answer counts.",
        "Je hebt deze vraag al beantwoord. Je eerste antwoord telt.",
    ),
    "no_question": ("There is no question to answer right now.", "Er is nu geen vraag om te beantwoorden."),
    "closed": (
        "Answers to this question are closed: your teacher has shown the answer.",
        "Deze vraag is gesloten: je docent heeft het antwoord laten zien.",
    ),
    "empty": ("Choose or type an answer first.", "Kies of typ eerst een antwoord."),
    "not_a_choice": ("That is not one of the choices. Pick one from the list.", "Dat is geen van de keuzes. Kies er een uit de lijst."),
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
    en, nl = MESSAGES.get(reason, MESSAGES["unavailable"])
    return pick(lang, en, nl)


@dataclass(frozen=True)
class Checked:
    """An answer as it is stored (value) or why it cannot be (reason, a key of MESSAGES)."""

    value: str = ""
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def clean_text(raw: object, limit: int) -> tuple[str, bool]:
    """Text as typed, normalised (NFC, no control characters, spaces collapsed); (text, fits in `limit`)."""
    text = unicodedata.normalize("NFC", str(raw or ""))
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text, len(text) <= limit


def check_answer(kind: str, raw: object, places: Iterable[str] = (), holders: Iterable[str] = ()) -> Checked:
    """What a pupil sent, checked for its question's kind (taps name a known place, holders a known side,
    months YYYY-MM, open answers short text)."""
    if kind not in KINDS:
        return Checked(reason="no_question")
    if kind == "open":
        text, fits = clean_text(raw, MAX_OPEN_ANSWER)
        return Checked(reason="empty") if not text else Checked(text) if fits else Checked(reason="too_long")
    value = str(raw or "").strip()
    if not value:
        return Checked(reason="empty")
    if kind == "month":
        return Checked(value) if _MONTH.fullmatch(value) else Checked(reason="not_a_choice")
    allowed = set(places) if kind == "tap" else set(holders)
    return Checked(value) if value in allowed else Checked(reason="not_a_choice")


def check_nickname(raw: object) -> Checked:
    text, fits = clean_text(raw, MAX_NICKNAME)
    return Checked(text) if fits else Checked(reason="nickname_too_long")


def is_right(answer: Iterable[str], value: str) -> bool | None:
    """True/False for questions with a right answer; None for an open question (no answer given)."""
    right = set(answer)
    return (value in right) if right else None


@dataclass(frozen=True)
class Spread:
    """How the class answered one question: the count, each value's count (most first; months in time order),
    how many were right, and the open answers as typed (newest last)."""

    kind: str
    count: int
    counts: tuple[tuple[str, int], ...]
    right: int | None
    texts: tuple[str, ...] = ()


def spread(kind: str, values: Iterable[str], answer: Iterable[str] = ()) -> Spread:
    values = list(values)
    right_set = set(answer)
    right = sum(v in right_set for v in values) if right_set and kind != "open" else None
    tally = Counter(values)
    in_order = sorted(tally.items()) if kind == "month" else sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    counts = tuple(in_order)
    texts = tuple(values) if kind == "open" else ()
    return Spread(kind, len(values), counts, right, texts)


def metres_per_pixel(lat: float, zoom: int) -> float:
    """Web Mercator ground resolution at a latitude and zoom level."""
    return 156_543.03 * math.cos(math.radians(lat)) / 2**zoom


def nearest_place(lat: float, lon: float, places: Iterable[tuple[str, float, float]], zoom: int) -> str | None:
    """The place nearest to a tap, if it lies within TAP_TOLERANCE_PX at this zoom (None: the tap hit no town)."""
    limit_m = TAP_TOLERANCE_PX * metres_per_pixel(lat, zoom)
    best, best_m = None, math.inf
    for place_id, p_lat, p_lon in places:
        dx = math.radians(p_lon - lon) * math.cos(math.radians((lat + p_lat) / 2))
        dy = math.radians(p_lat - lat)
        metres = 6_371_000 * math.hypot(dx, dy)
        if metres < best_m:
            best, best_m = place_id, metres
    return best if best_m <= limit_m else None
