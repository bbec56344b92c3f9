"""Lessons as CSV: the story format (data/STORY.md, core/ingest/story.py) with question columns added.

Every story file reads as a lesson (the story reader checks it, with the same line-numbered messages),
and a written lesson reads back equal. Text cells that a spreadsheet could run as a formula are written
with a leading apostrophe (core.render.exports) and read back without it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

from core.codes.dates import format_month_key
from core.ingest import story
from core.ingest.csv_text import sniff_separator
from core.lessons.model import QUESTION_KINDS, Chapter, Lesson, Question
from core.render.exports import FORMULA_TRIGGERS, neutralise_formula

STORY_COLUMNS = (*story.REQUIRED_COLUMNS[:5], "highlight", *story.REQUIRED_COLUMNS[5:], *story.OPTIONAL_COLUMNS[1:])
LESSON_COLUMNS = (
    "fit_places",
    "question_kind",
    "question_en",
    "question_nl",
    "question_place",
    "answer",
    "lesson_title_en",
    "lesson_title_nl",
)
COLUMNS = (*STORY_COLUMNS, *LESSON_COLUMNS)
TEXT_COLUMNS = ("title_en", "title_nl", "text_en", "text_nl", "teacher_note_en", "teacher_note_nl", "question_en", "question_nl")
TRUE_WORDS = ("1", "yes", "ja", "true", "waar", "x")
_ANSWER_SEPARATORS = re.compile(r"[\s|,;]+")  # as the story's highlight cell


def write_lesson(lesson: Lesson) -> str:
    """The lesson as CSV text (UTF-8, comma separated, a header row, one row per chapter)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for number, chapter in enumerate(lesson.chapters, start=1):
        row = _row(chapter, number)
        if number == 1:
            row.update(lesson_title_en=lesson.title_en, lesson_title_nl=lesson.title_nl)
        writer.writerow([neutralise_formula(row[c]) if c in TEXT_COLUMNS else row[c] for c in COLUMNS])
    return buffer.getvalue()


def _row(chapter: Chapter, number: int) -> dict[str, str]:
    question = chapter.question
    return {
        "id": chapter.id or _automatic_id(number),
        "month": chapter.month,
        "lat": repr(float(chapter.lat)),
        "lon": repr(float(chapter.lon)),
        "zoom": str(chapter.zoom),
        "highlight": " ".join(chapter.highlight),
        "title_en": chapter.title_en,
        "title_nl": chapter.title_nl,
        "text_en": chapter.text_en,
        "text_nl": chapter.text_nl,
        "teacher_note_en": chapter.note_en,
        "teacher_note_nl": chapter.note_nl,
        "expect": chapter.expect,
        "fit_places": "yes" if chapter.fit_places else "",
        "question_kind": question.kind if question else "",
        "question_en": question.prompt_en if question else "",
        "question_nl": question.prompt_nl if question else "",
        "question_place": (question.place_id or "") if question else "",
        "answer": " ".join(question.answer) if question else "",
        "lesson_title_en": "",
        "lesson_title_nl": "",
    }


def read_lesson(raw: bytes | str, source: str = "lesson", own_steps: bool = False) -> Lesson:
    """A lesson from story or lesson CSV; raises core.ingest.story.StoryError listing every problem with its line.
    `own_steps` (a lesson on its own data, lesson_bundle): the month cells are the data's months or days, kept as
    written for the data's timeline to check (core.lessons.check), and every other story rule applies."""
    text = story.decode_text(raw, source)
    chapters = story.parse_story(text, source, any_month=own_steps)  # the story rules, with their messages
    rows = _rows_by_line(text)
    problems, lesson_chapters = [], []
    for number, parsed in enumerate(chapters, start=1):
        cells = rows[parsed.line]
        question, found = _question(cells, parsed.line)
        problems += found
        chapter = _chapter(parsed, cells, question)
        lesson_chapters.append(replace(chapter, id="") if chapter.id == _automatic_id(number) else chapter)
    if problems:
        raise story.StoryError(problems, source)
    first = rows[chapters[0].line]
    return Lesson(first["lesson_title_en"], first["lesson_title_nl"], tuple(lesson_chapters))


def _automatic_id(number: int) -> str:
    """The id written for a chapter that has none (the story format needs one); read back as none."""
    return f"chapter_{number}"


def _chapter(parsed: story.Chapter, cells: dict[str, str], question: Question | None) -> Chapter:
    """The checked values from the story reader; the texts as written (the story reader fills one language from the other)."""
    return Chapter(
        month=format_month_key(parsed.month) if parsed.month else cells["month"],  # own data: the step as written
        lat=parsed.center[0],
        lon=parsed.center[1],
        zoom=parsed.zoom,
        fit_places=cells["fit_places"].lower() in TRUE_WORDS,
        highlight=parsed.highlight,
        title_en=cells["title_en"],
        title_nl=cells["title_nl"],
        text_en=cells["text_en"],
        text_nl=cells["text_nl"],
        note_en=cells["teacher_note_en"],
        note_nl=cells["teacher_note_nl"],
        question=question,
        id=parsed.id,
        expect=parsed.expect,
    )


def _rows_by_line(text: str) -> dict[int, dict[str, str]]:
    """Every row's cells (stripped, formula apostrophes removed) by its line, numbered as the story reader numbers them."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text), strict=True)
    header = [name.strip() for name in next(reader)]
    rows, previous_end = {}, reader.line_num
    for record in reader:
        line, previous_end = previous_end + 1, reader.line_num
        row = dict(zip(header, record, strict=False))
        rows[line] = {name: _unneutralised((row.get(name) or "").strip()) for name in COLUMNS}
    return rows


def _unneutralised(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS) else value


def _question(cells: dict[str, str], line: int) -> tuple[Question | None, list[story.StoryProblem]]:
    kind = cells["question_kind"].lower()
    if not kind:
        return None, []
    if kind not in QUESTION_KINDS:
        return None, [
            story.StoryProblem(
                line,
                f"question_kind {kind[:20]!r} is not one of {', '.join(QUESTION_KINDS)}",
                f"question_kind {kind[:20]!r} is niet een van {', '.join(QUESTION_KINDS)}",
            )
        ]
    answer = tuple(a for a in _ANSWER_SEPARATORS.split(cells["answer"]) if a)
    question = Question(kind, cells["question_en"], cells["question_nl"], cells["question_place"] or None, answer)
    return question, []
