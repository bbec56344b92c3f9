"""Pupils' answers as rules: what a valid answer to each kind of question is, whether it is right, and why one is refused.

The store (core.lessons.store) applies these before it writes; reasons are codes with EN/NL messages here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.codes.dates import format_month_key, parse_month, parse_step_key
from core.codes.sides import CODE_PATTERN
from core.lessons.model import Question
from core.text.i18n import pick

MAX_OPEN_ANSWER = 280  # characters of an open answer
MAX_NICKNAME = 30
MAX_ANSWERS_PER_QUESTION = 500  # a class is ~30 devices; beyond this it is a flood, not a class
_DEVICE_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")
_PLACE_RE = re.compile(r"[a-z0-9_]{1,60}")
_POINT_RE = re.compile(r"-?\d{1,3}(\.\d{1,6})?,-?\d{1,3}(\.\d{1,6})?")  # a tap off the markers: 'lat,lon'

REASONS: dict[str, tuple[str, str]] = {
    "unknown_lesson": ("There is no lesson with this code.", "Er is geen les met deze code."),
    "not_running": ("The lesson has not started yet.", "De les is nog niet begonnen."),
    "not_current": ("The class has moved on to another chapter.", "De klas is al bij een ander hoofdstuk."),
    "no_question": ("This chapter has no question.", "Dit hoofdstuk heeft geen vraag."),
    "revealed": ("The answer has been shown; answers are closed.", "Het antwoord is getoond; antwoorden kan niet meer."),
    "bad_device": ("This device could not be recognised; reload the page.", "Dit apparaat werd niet herkend; laad de pagina opnieuw."),
    "bad_value": ("That is not an answer to this question.", "Dat is geen antwoord op deze vraag."),
    "empty": ("Write an answer first.", "Schrijf eerst een antwoord."),
    "full": ("This question has had too many answers.", "Deze vraag heeft te veel antwoorden gekregen."),
}


@dataclass(frozen=True)
class Accepted:
    value: str
    replaced: bool  # the device had answered this question before; its answer now is this one


@dataclass(frozen=True)
class Rejected:
    reason: str  # a key of REASONS

    def message(self, lang: str) -> str:
        return pick(lang, *REASONS[self.reason])


def clean_text(text: object, limit: int) -> str:
    """Printable text only (control characters dropped), spaces collapsed, at most `limit` characters."""
    printable = "".join(c for c in unicodedata.normalize("NFC", str(text or "")) if unicodedata.category(c)[0] != "C")
    return " ".join(printable.split())[:limit].strip()


def valid_device(device_id: object) -> bool:
    return isinstance(device_id, str) and bool(_DEVICE_RE.fullmatch(device_id))


def checked_value(question: Question, value: object, own_dates: bool = False) -> str | Rejected:
    """The answer as stored ('IS', '2015-05', 'mosul' or '36.3,43.1', the open text), or why it is refused. A month
    is one of the atlas's; in a lesson on its own data (`own_dates`) any month or day ('1944-09', '1944-09-17')."""
    if question.kind == "open":
        text = clean_text(value, MAX_OPEN_ANSWER)
        return text or Rejected("empty")
    text = str(value or "").strip()[:100]
    if not text:
        return Rejected("empty")
    if question.kind == "holder":
        return text if CODE_PATTERN.fullmatch(text) else Rejected("bad_value")  # a side's code (the pupil picks from the atlas's)
    if question.kind == "month":
        if own_dates:
            return text if parse_step_key(text) else Rejected("bad_value")
        month = parse_month(text)  # inside the atlas's months
        return format_month_key(month) if month else Rejected("bad_value")
    return text if _PLACE_RE.fullmatch(text) or _POINT_RE.fullmatch(text) else Rejected("bad_value")


def is_correct(question: Question, value: str) -> bool | None:
    """Whether an answer is right; None for open questions and questions without an answer."""
    if question.kind == "open" or not question.answer:
        return None
    return value in question.answer
