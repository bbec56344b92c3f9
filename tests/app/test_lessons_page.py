"""Lessons page (AppTest, fixture atlas, a SQLite file per test): start, edit a chapter and see it on the map,
checks in the user's language, save for a pupil code and a teacher link that brings the whole lesson back."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from core.lessons.lesson_csv import write_lesson
from core.lessons.model import Chapter, Lesson, Question
from core.lessons.store import LessonStore
from tests.app.conftest import carries, has_label, map_args, widget

PAGE = "pages/lessons.py"


@pytest.fixture()
def open_lessons(fixture_app, lessons_db):
    def run(**params: str) -> AppTest:
        at = fixture_app(PAGE, **params)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def click(at: AppTest, label: str) -> AppTest:
    widget(at.button, label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def build_two_chapters(at: AppTest) -> AppTest:
    """From nothing: a Mosul chapter (found by its Dutch spelling) and a chapter with a 'who held' question."""
    click(at, "Start from nothing")
    widget(at.text_input, "Lesson title (English)").input("Mosul 2014").run()
    widget(at.selectbox, "Month").select("2014-06").run()
    widget(at.text_input, "Find a place to highlight (any spelling)").input("Mosoel").run()
    click(at, "Mosul — Mosoel, al\\-Mawsil \\(Iraq\\)")  # the label is Markdown, escaped
    widget(at.text_input, "Title (English)").input("The fall of Mosul").run()
    widget(at.text_area, "Text (English)").input("IS takes the city.").run()
    widget(at.text_area, "Teacher note (English; pupils never see it)").input("Ask why.").run()
    click(at, "Add a chapter")
    widget(at.text_input, "Titel (Nederlands)").input("Wie had Mosoel?").run()
    widget(at.text_area, "Tekst (Nederlands)").input("Kijk naar de kaart.").run()
    widget(at.selectbox, "Question").select("holder").run()
    widget(at.text_input, "Question (English)").input("Who held Mosul?").run()
    widget(at.selectbox, "The place asked about").select("mosul").run()
    widget(at.selectbox, "Right answer: who held it").select("IS").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


BUILT = Lesson(
    "Mosul 2014",
    "",
    (
        Chapter("2014-06", 34.8, 40.5, 6, False, ("mosul",), "The fall of Mosul", "", "IS takes the city.", "", "Ask why.", ""),
        Chapter(
            "2014-06", 34.8, 40.5, 6, False, ("mosul",), "", "Wie had Mosoel?", "", "Kijk naar de kaart.",
            question=Question("holder", "Who held Mosul?", "", "mosul", ("IS",)),
        ),
    ),
)  # fmt: skip


def test_opens_with_the_two_ways_to_start_in_both_languages(open_lessons):
    at = open_lessons()
    assert [b.label for b in at.button] == ["Start from the built-in story", "Start from nothing"]
    dutch = open_lessons(lang="nl")
    assert dutch.title[0].value == "Lessen"
    assert [b.label for b in dutch.button] == ["Begin met het ingebouwde verhaal", "Begin met een lege les"]


def test_the_built_in_story_opens_chapter_by_chapter_on_the_map(open_lessons):
    at = click(open_lessons(), "Start from the built-in story")
    picker = widget(at.selectbox, "Chapter (12 in this lesson)")
    assert picker.format_func(0) == "1. The fall of Mosul"
    args = map_args(at)
    assert (args["center"], args["zoom"]) == ([35.3, 43.4], 7)
    assert has_label(args, "Mosul")
    picker.select(3).run()
    assert widget(at.text_input, "Title (English)").value == "The siege of Kobani"
    assert (map_args(at)["center"], map_args(at)["zoom"]) == ([36.8, 38.5], 8)


def test_a_chapter_is_built_checked_and_shown_as_it_is_edited(open_lessons):
    at = build_two_chapters(open_lessons())
    assert widget(at.selectbox, "Chapter (2 in this lesson)").format_func(1) == "2. Wie had Mosoel?"
    assert [s.value for s in at.success] == ["Checked: no problems found."]
    widget(at.radio, "What the map shows").set_value("places").run()
    assert (map_args(at)["center"], map_args(at)["zoom"]) == ([36.34, 43.13], 10)  # the one highlighted place
    widget(at.selectbox, "Right answer: who held it").set_value(None).run()
    (warning,) = at.warning
    assert "Chapter 2: the question has no answer: choose the right answer" in warning.value.replace("\\", "")


def test_problems_are_told_in_dutch(open_lessons):
    at = click(open_lessons(lang="nl"), "Begin met een lege les")
    text = at.warning[0].value.replace("\\", "")
    assert "Hoofdstuk 1: title is leeg: vul title_en of title_nl in" in text


def test_save_gives_a_code_and_a_teacher_link_that_brings_the_whole_lesson_back(open_lessons, lessons_db):
    at = build_two_chapters(open_lessons())
    click(at, "Save the lesson")
    token = at.query_params["teacher"][0] if isinstance(at.query_params["teacher"], list) else at.query_params["teacher"]
    assert at.code[0].value == f"/lessons?teacher={token}"
    stored = LessonStore(lessons_db).for_teacher(token)
    assert stored.lesson == BUILT
    assert f'data-testid="lesson-code">{stored.code}</p>' in " ".join(m.value for m in at.markdown)

    elsewhere = open_lessons(teacher=token)  # a new browser: nothing in its session but the link
    assert widget(elsewhere.text_input, "Lesson title (English)").value == "Mosul 2014"
    assert widget(elsewhere.selectbox, "Chapter (2 in this lesson)").format_func(0) == "1. The fall of Mosul"
    assert widget(elsewhere.text_area, "Teacher note (English; pupils never see it)").value == "Ask why."
    widget(elsewhere.selectbox, "Chapter (2 in this lesson)").select(1).run()
    assert widget(elsewhere.text_input, "Question (English)").value == "Who held Mosul?"
    assert widget(elsewhere.selectbox, "Right answer: who held it").value == "IS"
    widget(elsewhere.selectbox, "Chapter (2 in this lesson)").select(0).run()
    widget(elsewhere.text_input, "Title (English)").input("Mosul falls").run()
    click(elsewhere, "Save the lesson")
    assert elsewhere.query_params["teacher"] in (token, [token])  # saved under the same link
    assert LessonStore(lessons_db).for_teacher(token).lesson.chapters[0].title_en == "Mosul falls"


def test_a_wrong_teacher_link_says_so_and_opens_nothing(open_lessons):
    at = open_lessons(teacher="not-a-lesson-token-at-all-00000")
    assert "No lesson belongs to this teacher link" in at.error[0].value
    assert [b.label for b in at.button] == ["Start from the built-in story", "Start from nothing"]


def test_the_export_is_the_lesson_as_csv(open_lessons):
    at = build_two_chapters(open_lessons())
    assert carries(at, at.get("download_button")[0].proto.id.split("-", 2)[-1], write_lesson(BUILT).encode(), "text/csv", "lesson.csv")


def test_an_unreachable_database_is_a_plain_message_and_the_lesson_stays(open_lessons, monkeypatch):
    monkeypatch.setenv("ATLAS_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    at = build_two_chapters(open_lessons())
    click(at, "Save the lesson")
    assert "The lessons database cannot be reached right now" in at.error[0].value
    assert widget(at.text_input, "Lesson title (English)").value == "Mosul 2014"


def test_answers_older_than_thirty_days_are_deleted_when_lessons_are_opened(open_lessons, lessons_db):
    store = LessonStore(lessons_db)
    keys = store.create(BUILT)
    store.start_run(keys.teacher_token)
    store.set_chapter(keys.teacher_token, 1)
    store.answer(keys.code, 1, "device-0001", "", "IS")
    store.answer(keys.code, 1, "device-0002", "", "IQ")
    with store.engine.begin() as conn:  # one answer from 31 days ago
        conn.execute(sa.text("UPDATE answers SET answered_at = answered_at - 31 * 86400 WHERE device_id = 'device-0001'"))
    open_lessons(teacher=keys.teacher_token)
    assert store.tally(keys.teacher_token, 1).counts == {"IQ": 1}
