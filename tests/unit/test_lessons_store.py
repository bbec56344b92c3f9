"""The lessons database, the same tests on SQLite and on a throw-away PostgreSQL cluster."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest
import sqlalchemy as sa

from core.lessons import store as store_module
from core.lessons.answers import MAX_ANSWERS_PER_QUESTION, Accepted, Rejected
from core.lessons.codes import CODE_ALPHABET, CODE_LENGTH
from core.lessons.model import Chapter, Lesson, Question
from core.lessons.store import LessonStore, LessonTooLargeError, RunState, StoreUnavailableError
from tests.lessons_db import database_url, postgres_cluster  # noqa: F401  (fixtures)

LESSON = Lesson(
    "Three months",
    "Drie maanden",
    (
        Chapter(
            "2014-06", 35.3, 43.4, 7, highlight=("mosul",), title_en="Mosul", text_en="It falls.", note_en="Secret note", note_nl="Geheim"
        ),
        Chapter(
            "2014-08",
            36.3,
            42.8,
            8,
            True,
            ("sinjar",),
            "Sinjar",
            "Sinjar",
            "t",
            "t",
            question=Question("holder", "Who held Sinjar?", "Wie?", "sinjar", ("IS",)),
        ),
        Chapter("2014-10", 36.8, 38.5, 8, title_nl="Kobani", text_nl="Beleg", question=Question("open", "Why?", "Waarom?")),
    ),
)
DEVICE = "device-0001"


@pytest.fixture
def store(database_url) -> LessonStore:  # noqa: F811
    opened = LessonStore(database_url)
    yield opened
    opened.close()


def test_a_saved_lesson_comes_back_whole_for_the_teacher_and_without_notes_for_pupils(store):
    keys = store.create(LESSON)
    assert len(keys.code) == CODE_LENGTH and set(keys.code) <= set(CODE_ALPHABET)
    assert len(keys.teacher_token) >= 32 and keys.teacher_token != keys.code
    assert store.for_teacher(keys.teacher_token).lesson == LESSON
    pupil = store.for_pupil(keys.code.lower())
    assert pupil.teacher_token is None
    assert [c.note_en for c in pupil.lesson.chapters] == ["", "", ""]
    assert pupil.lesson.chapters[1].question == LESSON.chapters[1].question


def test_the_token_and_not_the_code_opens_the_lesson_for_editing_and_is_kept_only_as_a_digest(store):
    keys = store.create(LESSON)
    assert store.for_teacher(keys.code) is None
    assert store.for_teacher("x" * 32) is None and store.for_teacher("") is None and store.for_teacher(None) is None
    assert store.for_pupil(keys.teacher_token) is None and store.for_pupil("??????") is None
    with store.engine.connect() as conn:
        dumped = " ".join(str(v) for row in conn.execute(sa.select(store_module.lessons)) for v in row)
    assert keys.teacher_token not in dumped


def test_save_replaces_the_lesson_of_that_token_only(store):
    first, second = store.create(LESSON), store.create(LESSON)
    changed = Lesson("Changed", "Veranderd", LESSON.chapters[:1])
    assert store.save(first.teacher_token, changed)
    assert store.for_teacher(first.teacher_token).lesson == changed
    assert store.for_teacher(second.teacher_token).lesson == LESSON
    assert not store.save("unknown-token-unknown-token", changed)


def test_a_lesson_past_the_size_limit_is_refused(store):
    huge = Lesson(chapters=(Chapter("2014-06", 35, 43, 7, text_en="x" * (store_module.MAX_LESSON_BYTES + 1)),))
    with pytest.raises(LessonTooLargeError):
        store.create(huge)


def test_a_run_follows_the_teacher_and_survives_a_new_store(store):
    keys = store.create(LESSON)
    assert store.current(keys.code) is None
    assert store.start_run(keys.teacher_token) == RunState(0, "follow", False, store.current(keys.code).updated_at)
    store.set_chapter(keys.teacher_token, 1)
    store.set_mode(keys.teacher_token, "free")
    store.reveal(keys.teacher_token, True)
    assert store.start_run(keys.teacher_token).chapter_index == 1  # a second start keeps the class where it is
    reopened = LessonStore(store.url)  # another process, or the server after a restart
    state = reopened.current(keys.code)
    assert (state.chapter_index, state.mode, state.revealed) == (1, "free", True)
    assert reopened.set_chapter(keys.teacher_token, 99).chapter_index == 2  # kept inside the lesson
    assert reopened.current(keys.code).revealed is False  # a new chapter hides the answer again
    assert reopened.start_run(keys.teacher_token, from_start=True).chapter_index == 0
    with pytest.raises(ValueError):
        reopened.set_mode(keys.teacher_token, "chaos")
    assert reopened.set_chapter(keys.code, 1) is None  # the pupil code steers nothing
    reopened.close()


def test_answers_one_per_device_replaced_until_revealed_and_tallied(store):
    keys = store.create(LESSON)
    store.start_run(keys.teacher_token)
    assert store.answer(keys.code, 0, DEVICE, "", "IS") == Rejected("no_question")
    store.set_chapter(keys.teacher_token, 1)
    assert store.answer(keys.code, 0, DEVICE, "", "IS") == Rejected("not_current")
    assert store.answer(keys.code, 1, DEVICE, "Sam", "IQ") == Accepted("IQ", False)
    assert store.answer(keys.code, 1, DEVICE, "Sam", "IS") == Accepted("IS", True)
    assert store.answer(keys.code, 1, "device-0002", "", "IS") == Accepted("IS", False)
    assert store.answer(keys.code, 1, "device-0003", "", "SY") == Accepted("SY", False)
    assert store.answer(keys.code, 1, "device-0004", "", "XX") == Rejected("bad_value")
    assert store.answer(keys.code, 1, "short", "", "IS") == Rejected("bad_device")
    assert store.answer("ZZZZZZ", 1, DEVICE, "", "IS") == Rejected("unknown_lesson")
    tally = store.tally(keys.teacher_token, 1)
    assert (tally.count, tally.counts, tally.correct) == (3, {"IS": 2, "SY": 1}, 2)
    store.reveal(keys.teacher_token)
    assert store.answer(keys.code, 1, "device-0005", "", "IS") == Rejected("revealed")
    assert store.tally(keys.code, 1) is None


def test_open_answers_are_cleaned_text_and_the_csv_names_no_device(store):
    keys = store.create(LESSON)
    store.start_run(keys.teacher_token)
    store.set_chapter(keys.teacher_token, 2)
    assert store.answer(keys.code, 2, DEVICE, "=cmd|' /C calc'!A0", "  " + "word " * 100) == Accepted(("word " * 56).strip(), False)
    assert store.answer(keys.code, 2, "device-0002", "Bo\x00b", "\x07") == Rejected("empty")
    rows = store.answers_csv_rows(keys.teacher_token, "nl")
    assert rows[0] == ["hoofdstuk", "vraag", "leerling", "bijnaam", "antwoord", "goed", "beantwoord om (UTC)"]
    assert rows[1][:6] == ["3", "Waarom?", "1", "'=cmd|' /C calc'!A0", ("word " * 56).strip(), ""]
    assert DEVICE not in str(rows)
    assert store.answers_csv_rows(keys.code) is None


def test_one_question_takes_a_bounded_number_of_devices(store, monkeypatch):
    monkeypatch.setattr("core.lessons.answers.MAX_ANSWERS_PER_QUESTION", 2)
    keys = store.create(LESSON)
    store.start_run(keys.teacher_token)
    store.set_chapter(keys.teacher_token, 1)
    assert isinstance(store.answer(keys.code, 1, "device-0001", "", "IS"), Accepted)
    assert isinstance(store.answer(keys.code, 1, "device-0002", "", "IS"), Accepted)
    assert store.answer(keys.code, 1, "device-0003", "", "IS") == Rejected("full")
    assert isinstance(store.answer(keys.code, 1, "device-0001", "", "SY"), Accepted)  # changing one's answer still works
    assert MAX_ANSWERS_PER_QUESTION >= 100


def test_answers_are_deleted_by_the_teacher_and_after_thirty_days(store):
    keys = store.create(LESSON)
    store.start_run(keys.teacher_token)
    store.set_chapter(keys.teacher_token, 1)
    store.answer(keys.code, 1, DEVICE, "", "IS")
    assert store.purge_answers() == 0
    assert store.purge_answers(older_than_days=30, now=store.current(keys.code).updated_at + 31 * 86_400) == 1
    store.answer(keys.code, 1, DEVICE, "", "IS")
    assert store.delete_answers(keys.code) == 0
    assert store.delete_answers(keys.teacher_token) == 1
    assert store.tally(keys.teacher_token, 1).count == 0


def test_ping_passes_on_a_live_database_and_raises_when_it_cannot_be_reached(store):
    store.ping()
    gone = "postgresql+psycopg://nobody@127.0.0.1:9/none"
    with pytest.raises(StoreUnavailableError):
        LessonStore(gone)
    store.engine = sa.create_engine(gone, connect_args={"connect_timeout": 2})
    with pytest.raises(StoreUnavailableError):
        store.ping()


def test_the_default_database_is_a_sqlite_file_in_the_state_directory_in_wal_mode(tmp_path, monkeypatch):
    monkeypatch.delenv("ATLAS_DATABASE_URL", raising=False)
    monkeypatch.setenv("ATLAS_STATE_DIR", str(tmp_path / "state" / "deeper"))
    store = LessonStore()
    keys = store.create(LESSON)
    store.close()
    path = tmp_path / "state" / "deeper" / "lessons.sqlite3"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT code FROM lessons").fetchall() == [(keys.code,)]
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}")
    assert LessonStore().for_teacher(keys.teacher_token) is None


def _open_and_create(url: str, results, start) -> None:
    start.wait(60)  # both processes have imported everything: they open the database at the same moment
    store = LessonStore(url)
    results.put(store.create(LESSON).code)


def test_two_processes_opening_a_new_database_at_once_both_work(database_url):  # noqa: F811
    context = multiprocessing.get_context("spawn")
    results, start = context.Queue(), context.Barrier(2)
    processes = [context.Process(target=_open_and_create, args=(database_url, results, start)) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [p.exitcode for p in processes] == [0, 0]
    codes = {results.get(timeout=5), results.get(timeout=5)}
    store = LessonStore(database_url)
    assert all(store.for_pupil(code) for code in codes) and len(codes) == 2
