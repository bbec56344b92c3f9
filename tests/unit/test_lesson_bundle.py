"""A lesson on its own data as one ZIP: it reads back equal (data, months or days outside the atlas, mode and name),
the story's other rules still apply, and a broken or oversized archive is a plain problem, never a traceback."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from core.ingest.csv_text import MAX_UPLOAD_BYTES, decode_upload
from core.ingest.story import StoryError
from core.lessons.lesson_bundle import MAX_MEMBERS, is_bundle, read_bundle, write_bundle
from core.lessons.lesson_csv import write_lesson
from core.lessons.model import Chapter, Lesson, LessonData, Question

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "nederland-1944-1945"
DATA = LessonData(
    decode_upload((SAMPLE / "places.csv").read_bytes()),
    decode_upload((SAMPLE / "events.csv").read_bytes()),
    "alongside",
    "places.csv, events.csv",
)
LESSON = Lesson(
    "Market Garden",
    "Market Garden",
    (
        Chapter("1944-09", 51.9, 5.9, 9, highlight=("arnhem",), title_en="Arnhem", text_en="Airborne troops land."),
        Chapter("1944-09-17", 51.8, 5.8, 10, title_en="Day one", text_en="T", question=Question("holder", "Who held Nijmegen?", "", "nijmegen", ("Duitsland",))),
    ),
    DATA,
)  # fmt: skip


def archive(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in files.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


def members(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def test_a_lesson_with_its_data_reads_back_equal_and_the_same_lesson_gives_the_same_bytes():
    raw = write_bundle(LESSON)
    assert is_bundle(raw) and not is_bundle(write_lesson(LESSON).encode())
    assert read_bundle(raw) == LESSON
    assert write_bundle(LESSON) == raw
    assert members(raw)["places.csv"].decode("utf-8") == DATA.places_csv  # the upload as it was


def test_a_lesson_on_the_atlas_is_not_a_bundle():
    with pytest.raises(ValueError):
        write_bundle(Lesson("A", "B", LESSON.chapters))


def test_the_story_rules_still_apply_with_their_lines():
    files = members(write_bundle(LESSON))
    files["lesson.csv"] = files["lesson.csv"].replace(b"51.8", b"99.8")
    with pytest.raises(StoryError) as error:
        read_bundle(archive(files))
    assert [p.line for p in error.value.problems] == [3] and "lat" in str(error.value)


def test_without_data_json_the_data_are_shown_instead_of_the_atlas():
    files = members(write_bundle(LESSON))
    del files["data.json"]
    assert read_bundle(archive(files)).data == LessonData(DATA.places_csv, DATA.events_csv, "instead", "")
    files["data.json"] = b"\xff not json"
    assert read_bundle(archive(files)).data.mode == "instead"


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"PK\x03\x04 not really a zip", "cannot be read"),
        (archive({"lesson.csv": write_lesson(LESSON).encode(), "places.csv": b"x"}), "lacks events.csv"),
        (archive({f"f{i}.csv": b"" for i in range(MAX_MEMBERS + 1)}), f"holds {MAX_MEMBERS + 1} files"),
        (archive({"lesson.csv": b"a" * (MAX_UPLOAD_BYTES + 1), "places.csv": b"", "events.csv": b""}), "lesson.csv is larger than 2 MB"),
    ],
)
def test_a_broken_or_oversized_archive_is_a_plain_problem_in_both_languages(raw, says):
    with pytest.raises(StoryError) as error:
        read_bundle(raw)
    problem = error.value.problems[0]
    assert says in problem.text("en") and problem.text("nl") and problem.text("nl") != problem.text("en")


def test_an_entry_that_unpacks_to_far_more_is_read_only_to_the_limit():
    """A 64 MB entry of zeros packs to about 64 kB, under the upload limit; reading stops a byte past MAX_UPLOAD_BYTES,
    so the server never holds the rest (measured: the peak of memory taken while reading)."""
    bomb = archive({"lesson.csv": bytes(64 * 1024 * 1024), "places.csv": b"", "events.csv": b""})
    assert len(bomb) < MAX_UPLOAD_BYTES
    tracemalloc.start()
    with pytest.raises(StoryError, match="lesson.csv is larger than 2 MB"):
        read_bundle(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 4 * MAX_UPLOAD_BYTES
