"""What is wrong with a lesson, in English and Dutch, per chapter: the story rules (core/ingest/story.py and
story_check.py), places the atlas does not know, and questions that cannot be answered or marked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.codes.dates import parse_month
from core.codes.sides import Sides
from core.ingest.story import StoryError, parse_story
from core.ingest.story_check import chapter_mismatches
from core.lessons.dataset import step_problems
from core.lessons.lesson_csv import write_lesson
from core.lessons.model import Chapter, Lesson
from core.model.period import Period
from core.text.i18n import pick


@dataclass(frozen=True)
class LessonProblem:
    chapter: int | None  # 1-based; None for the whole lesson
    en: str
    nl: str

    def text(self, lang: str) -> str:
        """'Chapter 2: …' / 'Hoofdstuk 2: …'."""
        message = pick(lang, self.en, self.nl)
        return f"{pick(lang, 'Chapter', 'Hoofdstuk')} {self.chapter}: {message}" if self.chapter else message


def check_lesson(
    lesson: Lesson,
    place_ids: set[str],
    control_in_month: Callable[[date], pd.DataFrame] | None = None,
    sides: Sides | None = None,
    period: Period | None = None,
) -> list[LessonProblem]:
    """Every problem, chapter by chapter. `control_in_month` (optional) checks the chapters' `expect` against the map;
    `sides` (the atlas's, or the lesson's data's) the answers of 'who held …?' questions; `period` (a lesson on its
    own data) the timeline its months or days must be on (else the story's rule: the atlas's months)."""
    if not lesson.chapters:
        return [LessonProblem(None, "The lesson has no chapters yet: add one.", "De les heeft nog geen hoofdstukken: voeg er een toe.")]
    problems = _story_problems(lesson, any_month=period is not None)
    for number, chapter in enumerate(lesson.chapters, start=1):
        problems += [LessonProblem(number, en, nl) for en, nl in _chapter_problems(chapter, place_ids, sides, period)]
        if period is not None:
            problems += [LessonProblem(number, en, nl) for en, nl in step_problems(chapter.month, period)]
        if control_in_month and chapter.expect and parse_month(chapter.month):
            problems += [
                _mismatch(number, chapter, m)
                for m in chapter_mismatches(_story_chapter(chapter), control_in_month(parse_month(chapter.month)))
            ]
    return sorted(problems, key=lambda p: p.chapter or 0)


def _story_problems(lesson: Lesson, any_month: bool = False) -> list[LessonProblem]:
    """The story reader's rules, run on the lesson as CSV: line n+1 is chapter n (`any_month`: a lesson on its own
    data, whose months or days the data's timeline checks: step_problems)."""
    try:
        parse_story(write_lesson(lesson), "lesson", any_month=any_month)
    except StoryError as error:
        return [LessonProblem((p.line - 1) if p.line else None, p.message, p.message_nl or p.message) for p in error.problems]
    return []


def _story_chapter(chapter: Chapter):
    return parse_story(write_lesson(Lesson(chapters=(chapter,))), "lesson")[0]


def _mismatch(number: int, chapter: Chapter, mismatch: str) -> LessonProblem:
    return LessonProblem(
        number, f"the map does not show what the chapter expects: {mismatch}", f"de kaart toont niet wat het hoofdstuk verwacht: {mismatch}"
    )


def _chapter_problems(chapter: Chapter, place_ids: set[str], sides: Sides | None, period: Period | None) -> list[tuple[str, str]]:
    found = [_unknown(place) for place in chapter.highlight if place not in place_ids]
    if chapter.fit_places and not chapter.highlight:
        found.append(
            (
                "the view shows 'the places of this chapter' but no place is highlighted",
                "het beeld toont 'de plaatsen van dit hoofdstuk', maar er is geen plaats uitgelicht",
            )
        )
    return found + (_question_problems(chapter, place_ids, sides, period) if chapter.question else [])


def _unknown(place: str) -> tuple[str, str]:
    return (f"place '{place[:60]}' is not in the atlas", f"plaats '{place[:60]}' staat niet in de atlas")


def _question_problems(chapter: Chapter, place_ids: set[str], sides: Sides | None, period: Period | None) -> list[tuple[str, str]]:
    question = chapter.question
    found = []
    if not (question.prompt_en or question.prompt_nl):
        found.append(
            ("the question has no text: write it in English or Dutch", "de vraag heeft geen tekst: schrijf die in het Engels of Nederlands")
        )
    if question.kind == "open":
        return found
    if not question.answer:
        found.append(("the question has no answer: choose the right answer", "de vraag heeft geen antwoord: kies het goede antwoord"))
    if question.kind == "tap":
        found += [_unknown(place) for place in question.answer if place not in place_ids]
    elif question.kind == "holder":
        if not question.place_id:
            found.append(("'who held …?' needs a place: choose it", "'wie had … in handen?' heeft een plaats nodig: kies die"))
        elif question.place_id not in place_ids:
            found.append(_unknown(question.place_id))
        found += [
            (f"'{a[:20]}' is not a holder", f"'{a[:20]}' is geen partij") for a in question.answer if sides is not None and a not in sides
        ]
    elif question.kind == "month" and period is not None:
        found += [
            (f"'{a[:20]}' is not a date of the data's timeline", f"'{a[:20]}' is geen datum van de tijdlijn van de data")
            for a in question.answer
            if period.step(a) is None
        ]
    elif question.kind == "month":
        found += [
            (f"'{a[:20]}' is not a month of the atlas", f"'{a[:20]}' is geen maand van de atlas")
            for a in question.answer
            if not parse_month(a)
        ]
    if len(question.answer) > 1 and question.kind in ("holder", "month"):
        found.append(("the question has more than one answer: keep one", "de vraag heeft meer dan één antwoord: houd er één"))
    return found
