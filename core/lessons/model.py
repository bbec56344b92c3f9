"""A lesson as plain values: chapters (month, view, places, bilingual text, teacher note) and optional questions.

Frozen dataclasses, so a lesson can be compared, cached and handed between layers; `to_dict`/`from_dict`
give the JSON the store keeps (a version number inside, so an older saved lesson still opens).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from core.ingest.own_data import MODES
from core.text.i18n import pick

QUESTION_KINDS = ("tap", "holder", "month", "open")  # tap the place(s); who held X; which month; open
FORMAT_VERSION = 1
DATA_FORMAT_VERSION = 1


@dataclass(frozen=True)
class LessonData:
    """A teacher's own data the lesson is built on (from the Your data page): the places (with their coordinates)
    and events as the upload checks read them (CSV text), shown beside the atlas or instead of it. Opening a lesson
    reads them through those same checks again (core.lessons.dataset)."""

    places_csv: str
    events_csv: str
    mode: str = "instead"
    name: str = ""  # the uploaded files' names, so the teacher recognises the data


def data_to_dict(data: LessonData) -> dict:
    return {"version": DATA_FORMAT_VERSION, "mode": data.mode, "name": data.name, "places": data.places_csv, "events": data.events_csv}


def data_from_dict(raw: dict) -> LessonData:
    mode = str(raw.get("mode", "instead"))
    return LessonData(
        str(raw.get("places", "")), str(raw.get("events", "")), mode if mode in MODES else "instead", str(raw.get("name", ""))
    )


@dataclass(frozen=True)
class Question:
    """What pupils answer at a chapter. `answer`: place ids (tap), one holder code, one 'YYYY-MM', or () (open)."""

    kind: str
    prompt_en: str = ""
    prompt_nl: str = ""
    place_id: str | None = None  # the X of "who held X in this month"
    answer: tuple[str, ...] = ()

    def prompt(self, lang: str) -> str:
        return pick(lang, self.prompt_en or self.prompt_nl, self.prompt_nl or self.prompt_en)


@dataclass(frozen=True)
class Chapter:
    """One step of a lesson. With `fit_places` the map shows the highlighted places; else centre and zoom."""

    month: str  # 'YYYY-MM'
    lat: float
    lon: float
    zoom: int
    fit_places: bool = False
    highlight: tuple[str, ...] = ()
    title_en: str = ""
    title_nl: str = ""
    text_en: str = ""
    text_nl: str = ""
    note_en: str = ""
    note_nl: str = ""
    question: Question | None = None
    id: str = ""  # the story file's chapter id (kept so an imported story writes back the same)
    expect: str = ""  # what the map must show (core.ingest.story_check), kept from story files

    def title(self, lang: str) -> str:
        return pick(lang, self.title_en or self.title_nl, self.title_nl or self.title_en)

    def text(self, lang: str) -> str:
        return pick(lang, self.text_en or self.text_nl, self.text_nl or self.text_en)

    def note(self, lang: str) -> str:
        return pick(lang, self.note_en or self.note_nl, self.note_nl or self.note_en)


@dataclass(frozen=True)
class Lesson:
    title_en: str = ""
    title_nl: str = ""
    chapters: tuple[Chapter, ...] = field(default_factory=tuple)
    data: LessonData | None = None  # None: the lesson is on the built-in atlas; the store keeps it beside the body

    def title(self, lang: str) -> str:
        return pick(lang, self.title_en or self.title_nl, self.title_nl or self.title_en)

    def for_pupils(self) -> Lesson:
        """The lesson without what only the teacher sees (notes, the story's expectations)."""
        return replace(self, chapters=tuple(replace(c, note_en="", note_nl="", expect="") for c in self.chapters))


def to_dict(lesson: Lesson) -> dict:
    """The JSON-ready form the store keeps as the lesson's body (its data are kept beside it: data_to_dict)."""
    return {
        "version": FORMAT_VERSION,
        "title_en": lesson.title_en,
        "title_nl": lesson.title_nl,
        "chapters": [_chapter_dict(c) for c in lesson.chapters],
    }


def _chapter_dict(chapter: Chapter) -> dict:
    data = {name: getattr(chapter, name) for name in Chapter.__dataclass_fields__ if name != "question"}
    data["highlight"] = list(chapter.highlight)
    question = chapter.question
    data["question"] = None if question is None else {**question.__dict__, "answer": list(question.answer)}
    return data


def from_dict(data: dict) -> Lesson:
    """A lesson from `to_dict` output of this or an earlier FORMAT_VERSION (unknown keys are ignored)."""
    return Lesson(
        title_en=str(data.get("title_en", "")),
        title_nl=str(data.get("title_nl", "")),
        chapters=tuple(_chapter_from(c) for c in data.get("chapters", [])),
    )


def _chapter_from(data: dict) -> Chapter:
    known = {k: v for k, v in data.items() if k in Chapter.__dataclass_fields__}
    known["highlight"] = tuple(known.get("highlight", ()))
    question = known.pop("question", None)
    if question:
        fields = {k: v for k, v in question.items() if k in Question.__dataclass_fields__}
        known["question"] = Question(**{**fields, "answer": tuple(fields.get("answer", ()))})
    return Chapter(**known)
