"""Lessons as CSV: every story file reads, a written lesson reads back equal, problems name their line in EN and NL."""

from __future__ import annotations

import pytest

from core.ingest.story import STORY_FILE, StoryError, load_story
from core.lessons.lesson_csv import COLUMNS, read_lesson, write_lesson
from core.lessons.model import Chapter, Lesson, Question, from_dict, to_dict

LESSON = Lesson(
    "A lesson, with \"quotes\"",
    "Een les; met puntkomma",
    (
        Chapter("2014-06", 35.3, 43.4, 7, False, ("mosul", "tikrit"), "Mosul", "Mosoel", "Line one\nline two", "", "=1+1 is a note", "", None, "intro"),
        Chapter("2014-08", 36.3, 42.8, 8, True, ("sinjar",), "", "Sinjar", "", "Tekst", question=Question("tap", "Tap Sinjar", "Tik Sinjar aan", None, ("sinjar", "mount_sinjar"))),
        Chapter("2015-05", 34.55, 38.27, 9, question=Question("holder", "Who held Palmyra?", "", "palmyra", ("IS",)), title_en="P", text_en="T"),
        Chapter("2017-07", 36.34, 43.13, 10, question=Question("month", "", "Welke maand?", None, ("2017-07",)), title_en="M", text_en="T"),
        Chapter("2019-03", 34.4, 40.9, 9, question=Question("open", "-Why?", "@Waarom?"), title_en="B", text_en="T"),
    ),
)  # fmt: skip


def test_a_written_lesson_reads_back_equal_and_as_json_too():
    assert read_lesson(write_lesson(LESSON)) == LESSON
    assert read_lesson(write_lesson(LESSON).encode("utf-8")) == LESSON
    assert from_dict(to_dict(LESSON)) == LESSON


def test_cells_a_spreadsheet_could_run_are_written_with_an_apostrophe():
    text = write_lesson(LESSON)
    assert "'=1+1 is a note" in text and "'-Why?" in text and "'@Waarom?" in text


def test_every_chapter_of_the_built_in_story_reads_as_a_lesson_chapter():
    story = load_story(STORY_FILE)
    lesson = read_lesson(STORY_FILE.read_bytes())
    assert [(c.id, c.month, (c.lat, c.lon), c.zoom, c.highlight, c.expect) for c in lesson.chapters] == [
        (s.id, s.month.strftime("%Y-%m"), s.center, s.zoom, s.highlight, s.expect) for s in story
    ]
    assert [(c.title_en, c.text_nl, c.note_en) for c in lesson.chapters] == [(s.title_en, s.text_nl, s.teacher_note_en) for s in story]
    assert all(c.question is None and not c.fit_places for c in lesson.chapters)
    assert read_lesson(write_lesson(lesson)) == lesson


def test_a_story_file_as_a_dutch_spreadsheet_saves_it_reads():
    header = "id;month;lat;lon;zoom;highlight;title_en;title_nl;text_en;text_nl"
    raw = f"{header}\r\nval;2014-06;36,34;43,13;8;mosul;;De val;;IS nam Mosoel in.\r\n".encode("cp1252")
    chapter = read_lesson(raw).chapters[0]
    assert (chapter.lat, chapter.title_en, chapter.title_nl, chapter.text_nl) == (36.34, "", "De val", "IS nam Mosoel in.")


def test_the_lesson_columns_follow_the_story_columns():
    assert COLUMNS[:13] == tuple(STORY_FILE.read_text(encoding="utf-8").splitlines()[0].split(","))


@pytest.mark.parametrize(
    ("row", "english", "dutch"),
    [
        ("a,2014-13,36,43,8,,T,,X,,,,,,,,,,,,", "line 2: month '2014-13' is not a month", "regel 2: month '2014-13' is geen maand"),
        (
            "a,2014-06,36,43,8,,T,,X,,,,,,quiz,,,,,,",
            "line 2: question_kind 'quiz' is not one of",
            "regel 2: question_kind 'quiz' is niet een van",
        ),
    ],
)
def test_problems_name_their_line_in_both_languages(row, english, dutch):
    with pytest.raises(StoryError) as caught:
        read_lesson(",".join(COLUMNS) + "\n" + row + "\n")
    assert caught.value.problems[0].text("en").startswith(english)
    assert caught.value.problems[0].text("nl").startswith(dutch)
