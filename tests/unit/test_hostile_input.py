"""Hostile input (issue 12): bounded work, one rule for numbers and dates, a message instead of a traceback."""

from __future__ import annotations

import html
import json
import re
import tomllib
from datetime import date

import pandas as pd
import pytest

from core.codes.constants import PROJECT_ROOT
from core.codes.dates import checked_date, parse_month, whole_number
from core.ingest.csv_text import MAX_COLUMNS, MAX_ROWS, MAX_UPLOAD_MB, UploadError, read_upload
from core.ingest.own_data import check_upload
from core.ingest.story import MAX_CHAPTERS, MAX_PROBLEMS, StoryError, parse_story, unknown_place_warnings
from core.ingest.upload_dates import parse_date
from core.ingest.upload_frames import place_id_for
from core.ingest.uploads import validate_upload
from core.model.tables import EVENTS_SCHEMA, validate_frame
from core.model.views import MapView, PresentView
from core.render.map_scripts import highlight_labels
from core.render.mapping import build_base_map, script_json

LONG_DIGITS = "9" * 4400


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7", 7), (" 7 ", 7), ("10", 10), ("11", None), ("0", None), ("²", None), ("①", None), ("٣", None), ("+3", None),
     ("-3", None), ("3.0", None), ("", None), (LONG_DIGITS, None), (None, None), (3, None)],
)  # fmt: skip
def test_whole_number_takes_only_ascii_digits_in_range(text, expected):
    assert whole_number(text, 1, 10) == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [(("2015", "2", "28"), date(2015, 2, 28)), (("2015", "2", "29"), None), (("0001", "1", "1"), None), (("9999", "12", "31"), None),
     (("0000", "1", "1"), None), (("1900", "1", "1"), date(1900, 1, 1)), (("2100", "12", "31"), date(2100, 12, 31)), (("2015", "13", "1"), None),
     (("٢٠١٥", "1", "1"), None)],
)  # fmt: skip
def test_checked_date_stays_inside_the_supported_years(parts, expected):
    assert checked_date(*parts) == expected


@pytest.mark.parametrize("raw", ["²", "①", LONG_DIGITS, "٣", "1e3"])
def test_url_numbers_and_months_fall_back_with_a_notice(raw):
    present, chapter_notices = PresentView.from_params({"chapter": raw}, chapters=10)
    shown, month_notices = MapView.from_params({"date": raw}, places={})
    assert (present.chapter, shown.month) == (1, MapView.month)
    notices = [n.text(lang) for n in chapter_notices + month_notices for lang in ("en", "nl")]
    assert len(notices) == 4 and all(len(n) < 200 for n in notices)


@pytest.mark.parametrize("raw", ["0000-01", "0001-01", "9999-12", "٢٠١٥-٠١"])
def test_months_outside_the_range_are_not_months(raw):
    assert parse_month(raw) is None


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "31-12-9999", "mei 0001", "٢٠١٥-٠١-٠١", "zomer 0000"])
def test_upload_dates_outside_the_supported_years_are_unreadable(text):
    assert parse_date(text) is None


def test_events_table_rejects_dates_pandas_cannot_hold():
    frame = (
        validate_upload(read_upload(b"place,date,event_type\nmosul,2015-01-01,attack\n"), "events")[0].iloc[[0, 0]].reset_index(drop=True)
    )
    frame = frame.assign(event_id=["a", "b"], date=["0001-01-01", "9999-12-31"])
    _, problems = validate_frame(frame, EVENTS_SCHEMA, "events.csv")
    assert {(p.row, p.column) for p in problems} >= {(2, "date"), (3, "date")}


def test_server_upload_limit_equals_the_apps():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert config["client"]["showErrorDetails"] == "none"  # visitors never see a traceback


# --- bounded work: correct answers for the inputs that were quadratic ------------------------------


def test_a_wide_header_is_refused_with_a_message():
    raw = (",".join(f"c{i}" for i in range(100_000)) + "\nx\n").encode()
    with pytest.raises(UploadError, match=f"100,000 columns; the limit is {MAX_COLUMNS}"):
        read_upload(raw)


def test_duplicate_columns_are_found_at_the_limit():
    header = [f"c{i}" for i in range(MAX_COLUMNS - 1)] + ["c7"]
    with pytest.raises(UploadError, match="'c7' twice") as raised:
        read_upload((",".join(header) + "\nx\n").encode())
    assert "twee keer" in raised.value.nl


def test_twenty_thousand_repeated_events_get_distinct_numbered_ids():
    raw = ("place,date,event_type\n" + "mosul,2015,attack\n" * MAX_ROWS).encode()
    good, problems = validate_upload(read_upload(raw), "events")
    assert problems == [] and len(good) == MAX_ROWS
    ids = list(good["event_id"])
    assert ids[:3] == ["mosul_2015_01_attack", "mosul_2015_01_attack_2", "mosul_2015_01_attack_3"]
    assert ids[-1] == f"mosul_2015_01_attack_{MAX_ROWS}" and len(set(ids)) == MAX_ROWS


def test_generated_event_ids_skip_the_ids_the_file_gives():
    raw = b"event_id,place,date,event_type\n,mosul,2015,attack\nmosul_2015_01_attack_2,mosul,2015,attack\n,mosul,2015,attack\n"
    good, _ = validate_upload(read_upload(raw), "events")
    assert list(good["event_id"]) == ["mosul_2015_01_attack", "mosul_2015_01_attack_2", "mosul_2015_01_attack_3"]


def test_too_many_rows_is_refused_with_a_message():
    raw = ("place,date,event_type\n" + "mosul,2015,attack\n" * (MAX_ROWS + 1)).encode()
    with pytest.raises(UploadError, match=f"more than {MAX_ROWS:,} rows"):
        read_upload(raw)


def test_a_long_story_is_refused_with_one_problem():
    header = "id,month,lat,lon,zoom,title_en,title_nl,text_en,text_nl\n"
    rows = "".join(f"c{i},2015-01,36,43,6,T,T,x,x\n" for i in range(MAX_CHAPTERS + 1))
    with pytest.raises(StoryError) as raised:
        parse_story(header + rows)
    assert [str(p) for p in raised.value.problems] == [
        f"line {MAX_CHAPTERS + 2}: the story has more than {MAX_CHAPTERS} chapters; split it into several files"
    ]
    assert len(parse_story(header + rows.split("\n", 1)[1])) == MAX_CHAPTERS


@pytest.mark.parametrize("zoom", ["²", "①", LONG_DIGITS, "٦"])
def test_story_zoom_must_be_ascii_digits(zoom):
    with pytest.raises(StoryError, match="zoom"):
        parse_story(f"id,month,lat,lon,zoom,title_en,title_nl,text_en,text_nl\na,2015-01,36,43,{zoom},T,T,x,x\n")


# --- unreadable files become messages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        ("\ufeffname,country\nMosul,IQ\n".encode("utf-16")[:-1], "UTF-16"),
        (b"\xff\xfe" + b"a", "UTF-16"),
        ("name\n".encode("utf-16"), "no data rows"),
    ],
)
def test_unreadable_files_become_messages_in_both_languages(raw, message):
    result = check_upload(raw, "places", "x.csv")
    assert message in result.error and result.error_nl and result.error_nl != result.error


def test_a_name_in_arabic_script_gets_an_id():
    good, problems = validate_upload(read_upload("name,country,lat,lon\nالموصل,IQ,36.34,43.13\n".encode()), "places")
    assert problems == [] and list(good["name_en"]) == ["الموصل"]
    assert good["place_id"].iloc[0] == place_id_for("الموصل") and good["place_id"].iloc[0].startswith("place_")
    events, problems = validate_upload(read_upload("place,date,event_type,actor_after\nالموصل,2015,captured,IS\n".encode()), "events", good)
    assert problems == [] and list(events["place_id"]) == list(good["place_id"])


@pytest.mark.parametrize("name", ["{#", "{{7*7}}", "{{ 'x' }}"])
def test_template_code_in_a_highlighted_name_stays_text(name):
    places = pd.DataFrame([{"place_id": "p", "name_en": name, "name_nl": name, "lat": 36.0, "lon": 43.0}])
    base = build_base_map(countries={"type": "FeatureCollection", "features": []}, rivers={"type": "FeatureCollection", "features": []})
    for label in highlight_labels(places, ("p",), "en"):
        label.add_to(base)
    page = base.get_root().render()  # raised TemplateSyntaxError for '{#' before
    shown = json.loads(re.search(r'"html": ("(?:[^"\\]|\\.)*")', page).group(1))
    assert html.unescape(shown).endswith(f">{name}</div>") and "{" not in shown


def test_unknown_highlights_are_listed_up_to_a_limit():
    header = "id,month,lat,lon,zoom,title_en,title_nl,text_en,text_nl,highlight\n"
    chapters = parse_story(header + "a,2015-01,36,43,6,T,T,x,x," + "|".join(f"nowhere{n}" for n in range(5000)) + "\n")
    warnings = unknown_place_warnings(chapters, set())
    assert len(warnings) == MAX_PROBLEMS + 1 and warnings[-1] == f"... and {5000 - MAX_PROBLEMS} more unknown places"
    assert unknown_place_warnings(chapters[:1], {f"nowhere{n}" for n in range(4999)}) == [
        "line 2: place 'nowhere4999' in chapter 'a' is not in the atlas, so it is not highlighted"
    ]


@pytest.mark.parametrize(
    "value",
    [{"label": "{{7*7}}"}, ["{#", "#}"], {"{%": "%}", "n": [1, {"a": "{"}]}, {"x": 'a\\"{{b'}, {"s": "</script>{{"}, [{"k": {}}, "}}{{"]],
)
def test_script_json_is_the_same_data_and_never_opens_a_template_tag(value):
    text = script_json(value)
    assert json.loads(text.replace("<\\/", "</")) == value
    assert not re.search(r"\{[{%#]", text) and "</" not in text
