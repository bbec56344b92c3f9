"""A lesson in class (AppTest, fixture atlas, a SQLite file per test): the teacher link runs it on the Present
page, /join follows it; wrong codes, wrong links and bad answers get plain messages; a pupil code opens nothing
of the teacher's."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from core.lessons.model import Chapter, Lesson, Question
from core.lessons.store import LessonStore
from core.model.atlas import load_atlas
from tests.app.conftest import map_components
from tests.app.conftest import page_texts as texts
from tests.app.conftest import run_page as run

LESSON = Lesson(
    "Three chapters",
    "Drie hoofdstukken",
    (
        Chapter("2014-06", 36.3, 43.1, 7, highlight=("mosul",), title_en="Mosul falls", title_nl="Mosoel valt", text_en="June 2014."),
        Chapter(
            "2015-05",
            34.5,
            38.3,
            7,
            title_en="Palmyra",
            title_nl="Palmyra",
            note_en="Secret teacher note",
            question=Question("holder", "Who held Palmyra?", "Wie had Palmyra?", "palmyra", ("IS",)),
        ),
        Chapter("2016-06", 33.3, 43.8, 7, title_en="Fallujah", title_nl="Falluja", question=Question("open", "Why?", "Waarom?")),
    ),
)
DEVICE = "device-test-0001"


@pytest.fixture()
def lessons(lessons_db):
    store = LessonStore(lessons_db)
    keys = store.create(LESSON)
    yield store, keys
    store.close()


def teacher(fixture_app, keys, **params) -> AppTest:
    return run(fixture_app("pages/present.py", teacher=keys.teacher_token, **params))


def pupil(fixture_app, keys, **params) -> AppTest:
    return run(fixture_app("pages/join.py", code=keys.code, device=DEVICE, **params))


def test_teacher_link_presents_the_lesson_and_starts_it(fixture_app, lessons):
    store, keys = lessons
    at = teacher(fixture_app, keys)
    assert "Mosul falls" in texts(at)
    assert store.current(keys.code) is None
    next(b for b in at.button if "Start the lesson" in b.label).click()
    run(at)
    assert store.current(keys.code).chapter_index == 0
    assert keys.code in texts(at)  # the join code on the projector
    assert at.query_params["teacher"] == keys.teacher_token  # a reload brings the lesson back


def test_a_chapter_turn_is_written_for_the_class(fixture_app, lessons):
    store, keys = lessons
    store.start_run(keys.teacher_token)
    at = teacher(fixture_app, keys)
    next(b for b in at.button if "Next" in b.label).click()
    run(at)
    assert store.current(keys.code).chapter_index == 1
    assert "Who held Palmyra?" in texts(at)


def test_a_new_teacher_window_opens_where_the_class_is(fixture_app, lessons):
    store, keys = lessons
    store.start_run(keys.teacher_token)
    store.set_chapter(keys.teacher_token, 2)
    at = teacher(fixture_app, keys)
    assert "Fallujah" in texts(at)
    assert store.current(keys.code).chapter_index == 2


def test_pupil_follows_and_answers(fixture_app, lessons):
    store, keys = lessons
    at = pupil(fixture_app, keys)
    assert "not started the lesson yet" in texts(at)
    assert "Nothing personal is stored" in texts(at) and "Er wordt niets persoonlijks bewaard" in texts(at)
    store.start_run(keys.teacher_token)
    store.set_chapter(keys.teacher_token, 1)
    run(at)
    assert "Palmyra" in texts(at)
    args = json.loads(map_components(at)[0].proto.json_args)
    assert "feature_group" in args
    at.radio[0].set_value("IS")
    next(b for b in at.button if "Send my answer" in b.label).click()
    run(at)
    assert "Your answer is in" in texts(at)
    assert store.tally(keys.teacher_token, 1).counts == {"IS": 1}
    assert "Secret teacher note" not in texts(at)


def test_pupil_messages_in_dutch(fixture_app, lessons):
    store, keys = lessons
    store.start_run(keys.teacher_token)
    store.set_chapter(keys.teacher_token, 2)
    at = pupil(fixture_app, keys, lang="nl")
    at.text_area[0].set_value("x" * 400)
    next(b for b in at.button if "Stuur mijn antwoord" in b.label).click()
    run(at)
    assert "Je antwoord is te lang" in texts(at)
    assert store.tally(keys.teacher_token, 2).count == 0


def test_wrong_codes_are_told_and_then_stopped(fixture_app, lessons):
    _, keys = lessons
    at = run(fixture_app("pages/join.py", code="ZZZZZZ"))
    assert "There is no lesson with this code" in texts(at)
    for _ in range(6):
        at.text_input[0].set_value("ZZZZZ2")
        at.button[0].click()
        run(at)
    assert "Too many wrong codes" in texts(at)
    at.text_input[0].set_value(keys.code)  # even the right code waits now: guessing gets no answer either way
    at.button[0].click()
    run(at)
    assert "Too many wrong codes" in texts(at)


def test_a_pupil_code_opens_nothing_of_the_teacher(fixture_app, lessons):
    store, keys = lessons
    store.start_run(keys.teacher_token)
    at = run(fixture_app("pages/present.py", teacher=keys.code))
    assert "This teacher link opens no lesson" in texts(at)
    assert "Mosul falls" not in texts(at) and not map_components(at)
    assert store.for_teacher(keys.code) is None
    assert store.tally(keys.code, 1) is None and store.answers_csv_rows(keys.code) is None
    assert store.delete_answers(keys.code) == 0
    presenter = run(fixture_app("pages/present.py", teacher=keys.code, view="presenter"))
    assert "Secret teacher note" not in texts(presenter)


def test_answers_older_than_30_days_are_purged_when_the_app_opens_the_store(fixture_app, lessons, monkeypatch):
    import core.lessons.store as store_module

    store, keys = lessons
    store.start_run(keys.teacher_token)
    store.set_chapter(keys.teacher_token, 1)
    now = store_module.time.time()
    with monkeypatch.context() as patch:
        patch.setattr(store_module.time, "time", lambda: now - 31 * 86_400)  # a fake clock: given 31 days ago
        store.answer(keys.code, 1, "device-old-00001", "", "IS")
    store.answer(keys.code, 1, "device-new-00001", "", "IQ")
    assert store.tally(keys.teacher_token, 1).count == 2
    pupil(fixture_app, keys)  # the first page that opens this database purges it
    assert store.tally(keys.teacher_token, 1).counts == {"IQ": 1}


def test_the_lesson_pages_speak_dutch(fixture_app, lessons):
    """Every sentence the English pages show is something else in Dutch (the bilingual privacy statement and
    the teacher's own lesson text aside)."""
    from tests.app.test_dutch import shown_texts

    store, keys = lessons
    store.start_run(keys.teacher_token)
    store.set_chapter(keys.teacher_token, 1)
    for open_page, params in ((pupil, {}), (teacher, {}), (teacher, {"view": "presenter"})):
        english = set(shown_texts(open_page(fixture_app, keys, **params)))
        dutch = set(shown_texts(open_page(fixture_app, keys, lang="nl", **params)))
        same = {
            t
            for t in english & dutch
            if "Geen account" not in t and not any(c.title_en in t or (c.note_en and c.note_en in t) for c in LESSON.chapters)
        }
        same -= {q.prompt_en for c in LESSON.chapters if (q := c.question)} | {"", keys.code, "Language / Taal"}
        same -= {s.name_en for s in load_atlas().sides.items if s.name_en == s.name_nl}  # names, the same in both
        assert not [t for t in same if any(ch.isalpha() for ch in t) and "<" not in t], (open_page.__name__, params)


def test_an_open_answer_is_shown_as_text_never_as_markdown(fixture_app, lessons):
    store, keys = lessons
    store.start_run(keys.teacher_token)
    store.set_chapter(keys.teacher_token, 2)
    at = pupil(fixture_app, keys)
    at.text_area[0].set_value("**bold** [link](http://x.example) <b>tag</b>")
    next(b for b in at.button if "Send my answer" in b.label).click()
    run(at)
    store.reveal(keys.teacher_token, True)
    run(at)
    (caption,) = [c.value for c in at.caption if c.value.startswith("You answered")]
    assert "\\*\\*bold\\*\\*" in caption and "\\[link\\]" in caption
    presenter = teacher(fixture_app, keys, view="presenter")
    assert any("\\*\\*bold\\*\\*" in m.value for m in presenter.markdown)


def test_a_chapter_turn_changes_the_pupils_cue_never_their_map(fixture_app, lessons):
    """The map is the same on every run (it carries every chapter and follows in the browser); only the small
    cue the map reads names the class's chapter. Nothing of the teacher's rides in the map."""
    store, keys = lessons
    store.start_run(keys.teacher_token)
    store.set_chapter(keys.teacher_token, 1)
    at = pupil(fixture_app, keys)
    first_map = map_components(at)[0].proto.json_args
    cues = [e.proto.body for e in at.get("html") if "data-lesson-cue" in e.proto.body]
    assert cues == ['<div data-lesson-cue="{&quot;chapter&quot;: 1, &quot;free&quot;: false}" hidden></div>']
    store.set_chapter(keys.teacher_token, 2)
    store.set_mode(keys.teacher_token, "free")
    run(at)
    assert "Fallujah" in texts(at)
    assert map_components(at)[0].proto.json_args == first_map
    cues = [e.proto.body for e in at.get("html") if "data-lesson-cue" in e.proto.body]
    assert cues == ['<div data-lesson-cue="{&quot;chapter&quot;: 2, &quot;free&quot;: true}" hidden></div>']
    for chapter in ("2014-06", "2015-05", "2016-06"):
        assert f'\\"month\\":\\"{chapter}\\"' in first_map or f'"month":"{chapter}"' in first_map
    assert "Secret teacher note" not in first_map and "Who held Palmyra" not in first_map
