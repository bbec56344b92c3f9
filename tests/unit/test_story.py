"""Story loading: the committed story is valid; malformed files name every bad line; unknown places only warn."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from core.codes.constants import PROJECT_ROOT
from core.ingest.story import (
    REQUIRED_COLUMNS,
    STORY_FILE,
    ZOOM_RANGE,
    StoryError,
    load_story,
    parse_story,
    unknown_place_warnings,
)
from core.ingest.story_check import chapter_mismatches
from core.model.atlas import load_atlas
from core.model.control import control_in_month
from core.render.map_scripts import highlight_labels

HEADER = "id,month,lat,lon,zoom,highlight,title_en,title_nl,text_en,text_nl,teacher_note_en,teacher_note_nl"
GOOD = "mosul,2014-06,36.34,43.13,8,mosul|tikrit,The fall of Mosul,De val van Mosoel,IS took Mosul.,IS nam Mosoel in.,Why?,Waarom?"


def write(tmp_path, *lines: str, name: str = "story.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def problems_of(path) -> list[str]:
    with pytest.raises(StoryError) as caught:
        load_story(path)
    return [str(p) for p in caught.value.problems]


def test_committed_story_has_at_least_ten_valid_chapters():
    chapters = load_story(STORY_FILE)
    assert len(chapters) >= 10
    assert len({c.id for c in chapters}) == len(chapters)
    months = [c.month for c in chapters]
    assert months == sorted(months), "chapters follow the timeline"
    for chapter in chapters:
        assert date(2014, 1, 1) <= chapter.month <= date(2019, 12, 1)
        assert ZOOM_RANGE[0] <= chapter.zoom <= ZOOM_RANGE[1]
        assert 29 <= chapter.center[0] <= 40 and 35 <= chapter.center[1] <= 48, "view lies over Iraq and Syria"
        for lang in ("en", "nl"):
            assert chapter.title(lang) and chapter.text(lang)
            assert "?" in chapter.teacher_note(lang), "each teacher note asks the class a question"
        assert chapter.text_en != chapter.text_nl


def test_committed_story_highlights_places_the_atlas_knows():
    """Checked against the real tables when they are present (they are produced separately)."""
    if not (PROJECT_ROOT / "data" / "places.csv").exists():
        pytest.skip("data/places.csv not produced yet")
    place_ids = set(load_atlas(PROJECT_ROOT / "data").places["place_id"])
    assert unknown_place_warnings(load_story(STORY_FILE), place_ids) == []


def test_good_row_is_parsed(tmp_path):
    (chapter,) = load_story(write(tmp_path, HEADER, GOOD))
    assert chapter.id == "mosul"
    assert chapter.month == date(2014, 6, 1)
    assert chapter.center == (36.34, 43.13)
    assert chapter.zoom == 8
    assert chapter.highlight == ("mosul", "tikrit")
    assert chapter.title("nl") == "De val van Mosoel"
    assert chapter.teacher_note("en") == "Why?"
    assert chapter.line == 2


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (["2014-13"], ["line 2: month '2014-13' is not a month"]),
        (["June 2014"], ["line 2: month 'June 2014' is not a month"]),
        (["2013-12"], ["line 2: month '2013-12' is outside the atlas (2014-01 to 2019-12)"]),
        (["2020-01"], ["line 2: month '2020-01' is outside the atlas"]),
    ],
)
def test_bad_months_name_the_line(tmp_path, rows, expected):
    lines = [GOOD.replace("2014-06", month) for month in rows]
    problems = problems_of(write(tmp_path, HEADER, *lines))
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (",36.34,", ",abc,", "line 2: lat 'abc' is not a number"),
        (",36.34,", ",,", "line 2: lat '' is not a number"),
        (",36.34,", ",91,", "line 2: lat '91' is out of range (-90 to 90)"),
        (",43.13,", ",200,", "line 2: lon '200' is out of range (-180 to 180)"),
        (",8,", ",2,", "line 2: zoom '2' must be a whole number from 3"),
        (",8,", ",13,", "line 2: zoom '13' must be a whole number from 3"),
        (",8,", ",7.5,", "line 2: zoom '7.5' must be a whole number from 3"),
        (",The fall of Mosul,De val van Mosoel,", ",,,", "line 2: title is empty"),
        (",IS took Mosul.,IS nam Mosoel in.,", ",,,", "line 2: text is empty"),
        ("mosul,2014-06", ",2014-06", "line 2: id is empty"),
    ],
)
def test_bad_cells_name_the_line_and_the_problem(tmp_path, old, new, expected):
    problems = problems_of(write(tmp_path, HEADER, GOOD.replace(old, new, 1)))
    assert len(problems) == 1
    assert problems[0].startswith(expected)


def test_every_problem_is_collected_with_its_own_line(tmp_path):
    path = write(
        tmp_path,
        HEADER,
        GOOD,
        GOOD.replace("mosul,2014-06", "two,2014-13"),
        "",  # blank lines are skipped but still counted
        GOOD.replace("mosul,2014-06,36.34", "three,2015-01,abc").replace(",The fall of Mosul,De val van Mosoel,", ",,,"),
        GOOD,  # duplicate id
    )
    problems = problems_of(path)
    assert [p.split(":")[0] for p in problems] == ["line 3", "line 5", "line 5", "line 6"]
    assert "lat 'abc'" in problems[1] and "title is empty" in problems[2]
    assert "id 'mosul' is used by an earlier chapter" in problems[3]


def test_missing_column_is_reported_on_the_header_line(tmp_path):
    header = HEADER.replace("month,", "")
    row = GOOD.replace("2014-06,", "")
    problems = problems_of(write(tmp_path, header, row))
    assert problems == ["line 1: column 'month' is missing from the header"]


@pytest.mark.parametrize("column", REQUIRED_COLUMNS)
def test_each_required_column_is_checked(tmp_path, column):
    names = HEADER.split(",")
    index = names.index(column)
    header = ",".join(n for i, n in enumerate(names) if i != index)
    row = ",".join(v for i, v in enumerate(GOOD.split(",")) if i != index)
    assert problems_of(write(tmp_path, header, row)) == [f"line 1: column '{column}' is missing from the header"]


def test_multiline_cells_keep_line_numbers_right(tmp_path):
    quoted = GOOD.replace("IS took Mosul.", '"IS took Mosul.\nIn June."')
    problems = problems_of(write(tmp_path, HEADER, quoted, GOOD.replace("mosul,2014-06", "next,2014-13")))
    assert problems[0].startswith("line 4: month '2014-13'")


def test_optional_columns_and_language_fallback(tmp_path):
    header = "id,month,lat,lon,zoom,title_en,title_nl,text_en,text_nl"
    (chapter,) = load_story(write(tmp_path, header, "a,2015-01,36,43,6,,Alleen Nederlands,,Tekst."))
    assert chapter.title("en") == "Alleen Nederlands"
    assert chapter.text("en") == "Tekst."
    assert chapter.highlight == ()
    assert chapter.teacher_note("nl") == ""


def test_dutch_spreadsheet_export_with_semicolons_bom_and_decimal_commas(tmp_path):
    header = HEADER.replace(",", ";")
    row = "mosul;2014-06;36,34;43,13;8;mosul tikrit;Mosul;Mosoel;IS took Mosul, then Tikrit.;IS nam Mosoel in.;Why?;Waarom?"
    (chapter,) = load_story(write(tmp_path, header, row, encoding="utf-8-sig"))
    assert chapter.center == (36.34, 43.13)
    assert chapter.text_en == "IS took Mosul, then Tikrit."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "the file is empty"),
        (HEADER.encode() + b"\n", "the story has no chapters"),
        (b"PK\x03\x04 an xlsx workbook", "not a CSV text file"),
    ],
)
def test_unusable_files_say_why(raw, expected):
    with pytest.raises(StoryError) as caught:
        parse_story(raw, "upload.csv")
    assert expected in str(caught.value)
    assert "upload.csv" in str(caught.value)


def test_a_story_saved_by_dutch_excel_reads_like_an_upload(tmp_path):
    """One CSV reader (core/ingest/csv_text.py): Windows-1252 with semicolons, as Dutch Excel saves it."""
    header = ";".join(HEADER.split(","))
    row = "jezidi;2014-08;36,3;41,9;8;sinjar;Yazidis;Jezidi's;Sinjar fell.;Sinjar viel, één week.;;"
    (chapter,) = parse_story(f"{header}\n{row}\n".encode("cp1252"), "story.csv")
    assert chapter.text_nl == "Sinjar viel, één week."


def test_missing_file_is_a_story_error(tmp_path):
    assert "cannot read the file" in problems_of(tmp_path / "nope.csv")[0]


def test_unknown_places_are_warnings_not_failures(tmp_path):
    chapters = load_story(
        write(tmp_path, HEADER, GOOD, GOOD.replace("mosul,2014-06", "second,2015-01").replace("mosul|tikrit", "atlantis"))
    )
    warnings = unknown_place_warnings(chapters, {"mosul", "raqqa"})
    assert warnings == [
        "line 2: place 'tikrit' in chapter 'mosul' is not in the atlas, so it is not highlighted",
        "line 3: place 'atlantis' in chapter 'second' is not in the atlas, so it is not highlighted",
    ]


def test_broken_quotes_name_the_line(tmp_path):
    broken = GOOD.replace("IS took Mosul.", '"IS took "Mosul".')
    problems = problems_of(write(tmp_path, HEADER, GOOD.replace("mosul,", "first,", 1), broken))
    assert problems[0].startswith("line 3: not readable as CSV")


def test_highlight_labels_name_known_places_escaped(fixture_atlas):
    places = fixture_atlas.places.copy()
    places.loc[places["place_id"] == "mosul", "name_nl"] = "Mosoel <i>"
    labels = highlight_labels(places, ("mosul", "atlantis"), "nl")
    assert len(labels) == 1  # unknown ids are simply not labelled
    (label,) = labels
    assert label.location == [36.34, 43.13]
    assert ">Mosoel &lt;i&gt;</div>" in label.icon.options["html"]


# ---------------------------------------------------------------------------
# The story checks itself against the data
# ---------------------------------------------------------------------------


def test_every_committed_chapter_shows_what_its_text_says():
    atlas, chapters = load_atlas(), load_story()
    assert all(chapter.expect for chapter in chapters)
    mismatches = [m for chapter in chapters for m in chapter_mismatches(chapter, control_in_month(atlas, chapter.month))]
    assert mismatches == []


@pytest.mark.parametrize(
    ("expect", "mismatches"),
    [
        ("raqqa=IS; mosul=IS/held", []),
        ("raqqa=SY", ["c: raqqa should be SY, the map shows IS/held"]),
        ("mosul=contested", ["c: mosul should be contested, the map shows IS/held"]),
        ("nowhere=IS", ["c: nowhere should be IS, the map shows —/—"]),
        ("raqqa=ISIS", ["c: raqqa should be ISIS, the map shows IS/held"]),  # a side the data never names: never shown
        (
            "raqqa=IS/held/contested",
            ["c: 'raqqa=IS/held/contested' is not place=HOLDER, place=state or place=HOLDER/state (e.g. raqqa=IS/held)"],
        ),
        ("raqqa", ["c: 'raqqa' is not place=HOLDER, place=state or place=HOLDER/state (e.g. raqqa=IS/held)"]),
    ],
)
def test_chapter_mismatches(expect, mismatches):
    state = pd.DataFrame({"place_id": ["raqqa", "mosul"], "controller": ["IS", "IS"], "status": ["held", "held"]})
    chapter = dataclasses.replace(load_story()[1], id="c", expect=expect)
    assert chapter_mismatches(chapter, state) == mismatches


@pytest.mark.parametrize(
    "lines",
    [
        (HEADER, GOOD, GOOD.replace("mosul,2014-06", "two,2014-13"), GOOD.replace("mosul,2014-06,36.34", "three,2015-01,abc"), GOOD),
        (
            HEADER,
            GOOD.replace("mosul,2014-06,36.34,43.13,8", ",2013-01,99,43.13,40").replace(",The fall of Mosul,De val van Mosoel,", ",,,"),
        ),
        ("id,month",),
        (HEADER,),
    ],
)
def test_story_problems_are_told_in_dutch(tmp_path, lines):
    with pytest.raises(StoryError) as caught:
        load_story(write(tmp_path, *lines))
    for problem in caught.value.problems:
        assert problem.message_nl and problem.message_nl != problem.message
        dutch = problem.text("nl")
        assert dutch.startswith("regel ") or problem.line is None
        assert not any(word in dutch for word in ("line", "must", "write", "empty", "missing", "is not")), dutch


def test_unknown_place_warnings_in_dutch():
    chapter = load_story(STORY_FILE)[0]
    warnings = unknown_place_warnings([chapter], set(), "nl")
    assert warnings and all(w.startswith("regel ") and "staat niet in de atlas" in w for w in warnings)
