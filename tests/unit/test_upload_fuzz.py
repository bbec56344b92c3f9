"""Fuzzing the upload readers (issue 12): whatever the bytes, a result or a message, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.codes.dates import checked_date, parse_month, whole_number
from core.ingest.own_data import check_upload
from core.ingest.story import StoryError, parse_story
from core.ingest.upload_dates import parse_date

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADERS = ["name", "country", "lat", "lon", "kind", "place", "date", "event_type", "actor_after", "place_id", "event_id", "aliases"]
CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["Mosul", "IQ", "SY", "36,34", "²", "①", "٣", "0001-01-01", "9999-12-31", "{{7*7}}", "{#", "الموصل", "=1+1", '"', ""]),
    st.from_regex(r"[0-9]{1,5}([-/.][0-9]{1,3}){0,2}", fullmatch=True),
)


@st.composite
def csv_files(draw) -> bytes:
    separator = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=6)), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELLS, max_size=len(header) + 2), max_size=6))
    text = "\n".join(separator.join(cells) for cells in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    raw = text.encode(encoding, errors="replace")
    return raw[: draw(st.integers(0, len(raw)))] if draw(st.booleans()) else raw  # sometimes cut off


@pytest.mark.parametrize("kind", ["places", "events"])
@FAST
@given(raw=st.one_of(csv_files(), st.binary(max_size=300)))
def test_any_upload_gives_rows_or_a_message(kind, raw):
    result = check_upload(raw, kind, "fuzz.csv")
    assert (result.error is None) or (result.good.empty and result.error_nl)
    assert all(p.row is None or p.row >= 1 for p in result.problems)


@FAST
@given(raw=st.one_of(csv_files(), st.binary(max_size=300)))
def test_any_story_gives_chapters_or_problems(raw):
    try:
        chapters = parse_story(raw, "fuzz.csv")
    except StoryError as error:
        assert error.problems
    else:
        assert chapters


@FAST
@given(text=st.one_of(st.text(max_size=30), CELLS))
def test_date_and_number_readers_never_raise(text):
    parsed = parse_date(text)
    assert parsed is None or 1900 <= parsed[0].year <= 2100
    month = parse_month(text)
    assert month is None or 2014 <= month.year <= 2019
    number = whole_number(text, 0, 10**6)
    assert number is None or 0 <= number <= 10**6
    assert checked_date(text, text, text) is None or 1900 <= int(text) <= 2100
