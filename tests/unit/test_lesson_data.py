"""A lesson on a teacher's own data: kept with the lesson (SQLite and PostgreSQL), read back through the upload's
checks and limits, its timeline and sides checking the chapters, pupils' answers taking its dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from core.codes.dates import parse_step_key
from core.ingest.csv_text import MAX_ROWS, MAX_UPLOAD_BYTES
from core.ingest.own_data import check_upload, combined_atlas, known_places
from core.ingest.uploads import geocode_missing
from core.lessons.answers import Rejected, checked_value
from core.lessons.check import check_lesson
from core.lessons.dataset import data_from_upload, open_data, start_chapter
from core.lessons.model import Chapter, Lesson, LessonData, Question
from core.lessons.store import LessonStore, LessonTooLargeError
from core.model.atlas import load_atlas
from core.model.period import ATLAS_PERIOD, DAY, MONTH, Period
from tests.lessons_db import database_url, postgres_cluster  # noqa: F401  (fixtures)

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "nederland-1944-1945"
FIXTURE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "data"


class NoLookup:
    def lookup(self, names, country):
        return None


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(FIXTURE_DATA)


@pytest.fixture(scope="module")
def sample(atlas):
    """The Dutch-Excel sample as the Your data page checks it: (located places, events)."""
    places = check_upload((SAMPLE / "places.csv").read_bytes(), "places", "places.csv")
    located, missing = geocode_missing(places.good, NoLookup())
    events = check_upload((SAMPLE / "events.csv").read_bytes(), "events", "events.csv", known_places(atlas.places, located))
    assert not places.problems and not missing and not events.problems
    return located, events.good


@pytest.fixture(scope="module")
def sample_data(sample) -> LessonData:
    return data_from_upload(*sample, "instead", "places.csv, events.csv")


def on_data(lesson_data: LessonData, **question) -> Lesson:
    chapter = Chapter("1944-09", 51.9, 5.8, 8, title_en="Market Garden", text_en="Airborne landings.")
    if question:
        chapter = replace(chapter, question=Question(**question))
    return Lesson("Liberation", "Bevrijding", (chapter,), lesson_data)


# --- read back through the upload's checks --------------------------------------------------------------------


def test_the_data_read_back_are_the_atlas_the_upload_page_showed(atlas, sample, sample_data):
    opened = open_data(sample_data, atlas)
    shown = combined_atlas(atlas, sample[0], sample[1], "instead")
    assert opened.left_out == 0
    assert opened.atlas.places.drop(columns=["coord_source", "coord_precision", "coord_note"]).equals(
        shown.places.drop(columns=["coord_source", "coord_precision", "coord_note"])
    )
    assert opened.atlas.timeline.equals(shown.timeline)
    assert opened.atlas.sides == shown.sides
    assert opened.atlas.sides.codes == ("Duitsland", "Geallieerden")  # the upload's own words
    assert (opened.period.unit, opened.period.keys[0], opened.period.keys[-1], len(opened.period.steps)) == (MONTH, "1944-09", "1945-05", 9)


def test_a_first_chapter_starts_on_the_data_with_every_place_in_view(atlas, sample_data):
    chapter = start_chapter(open_data(sample_data, atlas))
    assert chapter.month == "1944-09"
    assert 50.8 < chapter.lat < 53.3 and 3.5 < chapter.lon < 7.0  # the Netherlands, not Iraq
    assert 6 <= chapter.zoom <= 9


def test_stored_rows_that_no_longer_pass_the_checks_are_left_out(atlas, sample_data):
    broken = sample_data.places_csv.replace("50.84833", "950.84833", 1)  # Maastricht's latitude
    opened = open_data(replace(sample_data, places_csv=broken), atlas)
    assert opened.left_out >= 1
    assert "maastricht" not in set(opened.atlas.places["place_id"])
    assert "nijmegen" in set(opened.atlas.places["place_id"])


def test_data_past_the_uploads_row_limit_open_nothing_of_that_file(atlas, sample_data):
    header, row = sample_data.places_csv.splitlines()[:2]
    many = "\n".join([header] + [row.replace("maastricht", f"p{i}", 1) for i in range(MAX_ROWS + 1)])
    opened = open_data(replace(sample_data, places_csv=many, events_csv=""), atlas)
    assert opened.left_out == 1
    assert opened.atlas.places.empty
    assert opened.period == ATLAS_PERIOD  # no event: the atlas's months, as the upload page does


def test_day_data_get_a_timeline_of_days(atlas, sample):
    located, events = sample
    september = events[events["date"].str.startswith("1944-09")]
    opened = open_data(data_from_upload(located, september, "instead"), atlas)
    assert opened.period.unit == DAY
    assert opened.period.keys[0] == "1944-09-14"


# --- kept with the lesson --------------------------------------------------------------------------------------


def test_a_lesson_and_its_data_come_back_from_the_store(database_url, sample_data):  # noqa: F811
    store = LessonStore(database_url)
    lesson = on_data(sample_data, kind="holder", prompt_en="Who held Arnhem?", place_id="arnhem", answer=("Duitsland",))
    keys = store.create(lesson)
    assert store.for_teacher(keys.teacher_token).lesson == lesson
    assert store.for_pupil(keys.code).lesson == lesson.for_pupils()
    assert store.for_pupil(keys.code).lesson.data == sample_data
    changed = replace(lesson, data=replace(sample_data, mode="alongside"))
    assert store.save(keys.teacher_token, changed)
    assert store.for_teacher(keys.teacher_token).lesson.data.mode == "alongside"
    store.close()


def test_a_lesson_without_data_stays_without(database_url):  # noqa: F811
    store = LessonStore(database_url)
    keys = store.create(Lesson("Atlas", "Atlas", (Chapter("2014-06", 35.3, 43.4, 7, title_en="Mosul", text_en="t"),)))
    assert store.for_teacher(keys.teacher_token).lesson.data is None
    assert store.for_pupil(keys.code).lesson.data is None
    store.close()


def test_data_past_the_uploads_size_are_refused_and_nothing_is_stored(database_url, sample_data):  # noqa: F811
    store = LessonStore(database_url)
    huge = replace(sample_data, events_csv=sample_data.events_csv + "x" * MAX_UPLOAD_BYTES)
    with pytest.raises(LessonTooLargeError):
        store.create(on_data(huge))
    keys = store.create(on_data(sample_data))
    with pytest.raises(LessonTooLargeError):
        store.save(keys.teacher_token, on_data(huge))
    assert store.for_teacher(keys.teacher_token).lesson.data == sample_data
    store.close()


def test_pupils_answer_in_the_datas_dates_and_sides(database_url, sample_data):  # noqa: F811
    store = LessonStore(database_url)
    lesson = on_data(sample_data, kind="month", prompt_en="When was Nijmegen liberated?", answer=("1944-09",))
    keys = store.create(lesson)
    store.start_run(keys.teacher_token)
    assert store.answer(keys.code, 0, "device-one-1234", "", "1944-09").value == "1944-09"
    assert store.answer(keys.code, 0, "device-two-1234", "", "1945-04").value == "1945-04"
    tally = store.tally(keys.teacher_token, 0)
    assert (tally.count, tally.correct, tally.counts) == (2, 1, {"1944-09": 1, "1945-04": 1})
    store.close()


# --- the rules -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1944-09", date(1944, 9, 1)), ("1944-09-17", date(1944, 9, 17)), ("2016-08", date(2016, 8, 1)), ("1944-9", None),
     ("1944-13", None), ("1944-02-30", None), ("1799-01", None), ("1944", None), ("", None), (None, None), ("<b>", None)],
)  # fmt: skip
def test_a_step_key_of_any_dataset(text, expected):
    assert parse_step_key(text) == expected


def test_a_month_answer_takes_the_datas_dates_only_in_a_lesson_on_data():
    question = Question("month", "When?", answer=("1944-09",))
    assert checked_value(question, "1944-09", own_dates=True) == "1944-09"
    assert checked_value(question, "1944-09-17", own_dates=True) == "1944-09-17"
    assert checked_value(question, "1944-09") == Rejected("bad_value")  # a lesson on the atlas: its months only
    assert checked_value(question, "bad", own_dates=True) == Rejected("bad_value")


def test_chapters_are_checked_against_the_datas_timeline_and_sides(atlas, sample_data):
    opened = open_data(sample_data, atlas)
    place_ids, sides, period = set(opened.atlas.places["place_id"]), opened.atlas.sides, opened.period
    good = on_data(sample_data, kind="holder", prompt_en="Who held Arnhem?", place_id="arnhem", answer=("Geallieerden",))
    assert check_lesson(good, place_ids, None, sides, period) == []
    wrong = replace(
        good, chapters=(replace(good.chapters[0], month="2015-05", question=replace(good.chapters[0].question, answer=("IS",))),)
    )
    texts = [p.text("en") for p in check_lesson(wrong, place_ids, None, sides, period)]
    assert texts == ["Chapter 1: 'IS' is not a holder", "Chapter 1: '2015-05' is outside the data's timeline (1944-09 to 1945-05)"]
    month = on_data(sample_data, kind="month", prompt_en="When?", answer=("2015-05",))
    assert [p.en for p in check_lesson(month, place_ids, None, sides, period)] == ["'2015-05' is not a date of the data's timeline"]
    assert [p.en for p in check_lesson(good, place_ids, None, sides)][0].startswith("month '1944-09' is outside the atlas")


def test_a_period_names_its_steps():
    period = Period((date(1944, 9, 17), date(1944, 9, 18)), DAY)
    assert (period.step("1944-09-18"), period.step("1944-09"), period.step(None)) == (date(1944, 9, 18), None, None)
    assert ATLAS_PERIOD.step("2016-08") == date(2016, 8, 1)
