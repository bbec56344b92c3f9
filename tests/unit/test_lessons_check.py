"""Lesson checks: the story rules, unknown places, questions without an answer, each in English and Dutch."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.codes.constants import DATA_DIR
from core.lessons.check import check_lesson
from core.lessons.codes import CODE_ALPHABET, new_pupil_code, new_teacher_token, normalise_code, token_digest
from core.lessons.model import Chapter, Lesson, Question
from core.model.atlas import load_sides
from core.model.control import control_in_month

PLACES = {"mosul", "palmyra", "kobani", "fallujah"}
SIDES = load_sides(DATA_DIR)[0]  # the atlas's sides: the answers of 'who held …?'
GOOD = Chapter("2014-06", 36.3, 43.1, 8, highlight=("mosul",), title_en="Mosul", text_en="It falls.")


def problems(*chapters: Chapter) -> list[tuple[int | None, str, str]]:
    found = check_lesson(Lesson(chapters=chapters), PLACES, sides=SIDES)
    return [(p.chapter, p.text("en"), p.text("nl")) for p in found]


def test_a_good_lesson_has_no_problems():
    assert problems(GOOD, replace(GOOD, question=Question("holder", "Who?", "", "mosul", ("IS",)))) == []


def test_an_empty_lesson_is_one_problem():
    assert problems() == [(None, "The lesson has no chapters yet: add one.", "De les heeft nog geen hoofdstukken: voeg er een toe.")]


@pytest.mark.parametrize(
    ("chapter", "english", "dutch"),
    [
        (replace(GOOD, title_en=""), "Chapter 1: title is empty", "Hoofdstuk 1: title is leeg"),
        (replace(GOOD, zoom=30), "Chapter 1: zoom '30' must be a whole number", "Hoofdstuk 1: zoom '30' moet een heel getal zijn"),
        (
            replace(GOOD, month="2021-01"),
            "Chapter 1: month '2021-01' is outside the atlas",
            "Hoofdstuk 1: month '2021-01' valt buiten de atlas",
        ),
        (
            replace(GOOD, highlight=("atlantis",)),
            "Chapter 1: place 'atlantis' is not in the atlas",
            "Hoofdstuk 1: plaats 'atlantis' staat niet in de atlas",
        ),
        (
            replace(GOOD, highlight=(), fit_places=True),
            "Chapter 1: the view shows 'the places",
            "Hoofdstuk 1: het beeld toont 'de plaatsen",
        ),
        (
            replace(GOOD, question=Question("tap", "Tap it")),
            "Chapter 1: the question has no answer",
            "Hoofdstuk 1: de vraag heeft geen antwoord",
        ),
        (
            replace(GOOD, question=Question("tap", "Tap", "", None, ("rome",))),
            "Chapter 1: place 'rome' is not",
            "Hoofdstuk 1: plaats 'rome' staat",
        ),
        (
            replace(GOOD, question=Question("holder", "Who?", "", None, ("IS",))),
            "Chapter 1: 'who held …?' needs a place",
            "Hoofdstuk 1: 'wie had … in handen?'",
        ),
        (
            replace(GOOD, question=Question("holder", "Who?", "", "mosul", ("NATO",))),
            "Chapter 1: 'NATO' is not a holder",
            "Hoofdstuk 1: 'NATO' is geen partij",
        ),
        (
            replace(GOOD, question=Question("month", "When?", "", None, ("2020-01",))),
            "Chapter 1: '2020-01' is not a month",
            "Hoofdstuk 1: '2020-01' is geen maand",
        ),
        (replace(GOOD, question=Question("open")), "Chapter 1: the question has no text", "Hoofdstuk 1: de vraag heeft geen tekst"),
    ],
)
def test_each_problem_names_its_chapter_in_both_languages(chapter, english, dutch):
    found = problems(GOOD, chapter)
    assert [p[0] for p in found] == [2]
    assert found[0][1].startswith(english.replace("Chapter 1", "Chapter 2"))
    assert found[0][2].startswith(dutch.replace("Hoofdstuk 1", "Hoofdstuk 2"))


def test_an_open_question_needs_no_answer():
    assert problems(replace(GOOD, question=Question("open", "Why?"))) == []


def test_expectations_are_checked_against_the_map(fixture_atlas):
    wrong = replace(GOOD, month="2014-01", expect="mosul=IS")
    found = check_lesson(Lesson(chapters=(wrong,)), PLACES, lambda month: control_in_month(fixture_atlas, month))
    assert [p.chapter for p in found] == [1] and "mosul should be IS" in found[0].en
    right = replace(GOOD, month="2014-07", expect="mosul=IS")
    assert check_lesson(Lesson(chapters=(right,)), PLACES, lambda month: control_in_month(fixture_atlas, month)) == []


def test_pupil_codes_are_short_unambiguous_and_teacher_tokens_long_and_secret():
    codes = {new_pupil_code() for _ in range(2000)}
    # random draws from ~9e8 codes: a repeat among 2,000 is a 1-in-400 event, not a defect (a stuck generator gives 1)
    assert len(codes) >= 1995 and all(len(c) == 6 and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("01OIL") & set(CODE_ALPHABET) and len(CODE_ALPHABET) ** 6 > 8e8
    assert normalise_code(" ab-c23d ") == "ABC23D" and normalise_code("ABC2O0") is None and normalise_code("ABC23DE") is None
    tokens = {new_teacher_token() for _ in range(100)}
    assert len(tokens) == 100 and all(len(t) >= 32 for t in tokens)  # 24 random bytes = 192 bits
    assert token_digest("x" * 32) != "x" * 32 and token_digest("short") is None and token_digest("bad token with spaces!!!") is None
