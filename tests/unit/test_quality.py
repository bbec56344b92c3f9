"""Data-quality counts: rows, date and coordinate precision, contradictions, rows off the map, places still held."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from core.model.atlas import Atlas, load_atlas, with_events
from core.model.quality import (
    UNMAPPED_COLUMNS,
    RecordCounts,
    contradictions,
    coordinate_precision_counts,
    coordinate_source_counts,
    count_by,
    load_unmapped,
    not_applied,
    precision_counts,
    record_counts,
    still_held_by_is,
)
from tests.conftest import FIXTURE_DATA


def flagged_atlas(atlas: Atlas) -> Atlas:
    """The fixture atlas with one contradiction, one row kept off the map, and one place IS never loses."""
    events = atlas.events.copy()
    by_id = events.set_index("event_id").index
    events.loc[by_id == "palmyra_2016_12_captured", ["flag", "note"]] = ["contradiction", "The article dates this a year too early."]
    events.loc[by_id == "mosul_2017_07_retaken", ["in_model", "note"]] = ["no", "Restates the event told under 2017."]
    places = atlas.places.copy()
    places.loc[places["place_id"] == "kobani", "coord_precision"] = "approximate"
    places.loc[places["place_id"] == "paris", "coord_source"] = "manual"
    return dataclasses.replace(with_events(atlas, events), places=places)


def test_record_counts_of_the_fixture(fixture_atlas):
    assert record_counts(fixture_atlas) == RecordCounts(places=6, events=14, events_applied=14, events_not_applied=0, attacks=1)


def test_record_counts_leave_out_rows_not_in_the_model(fixture_atlas):
    counts = record_counts(flagged_atlas(fixture_atlas))
    assert (counts.events, counts.events_applied, counts.events_not_applied) == (14, 13, 1)


@pytest.mark.parametrize(
    ("values", "order", "expected"),
    [
        (["day", "day", "year"], ("day", "month", "season", "year"), [("day", 2), ("month", 0), ("season", 0), ("year", 1)]),
        (["b", "a", "b", ""], (), [("b", 2), ("a", 1), ("unknown", 1)]),
        (["x"], ("day",), [("day", 0), ("x", 1)]),
        ([], ("day",), [("day", 0)]),
    ],
)
def test_count_by(values, order, expected):
    counted = count_by(pd.Series(values, dtype=str), order, "value")
    assert list(counted.itertuples(index=False, name=None)) == expected


def test_precision_counts_of_the_fixture(fixture_atlas):
    counted = precision_counts(fixture_atlas.events)
    assert dict(counted.itertuples(index=False, name=None)) == {"day": 11, "month": 1, "season": 1, "year": 1}
    assert counted["precision"].tolist() == ["day", "month", "season", "year"]


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (coordinate_source_counts, {"geonames": 5, "manual": 1}),
        (coordinate_precision_counts, {"locality": 5, "approximate": 1}),
    ],
)
def test_coordinate_counts(fixture_atlas, count, expected):
    counted = count(flagged_atlas(fixture_atlas).places)
    assert dict(counted.itertuples(index=False, name=None)) == expected


def test_contradictions_show_note_and_evidence(fixture_atlas):
    assert contradictions(fixture_atlas, "en").empty
    rows = contradictions(flagged_atlas(fixture_atlas), "en")
    assert rows.to_dict("records") == [
        {
            "date": "11 December 2016",
            "place": "Palmyra",
            "what": "captured by IS",
            "note": "The article dates this a year too early.",
            "evidence": "ev10",
        }
    ]


def test_not_applied_says_why(fixture_atlas):
    assert not_applied(fixture_atlas, "en").empty
    rows = not_applied(flagged_atlas(fixture_atlas), "nl")
    assert rows[["place", "what", "note"]].values.tolist() == [["Mosoel", "heroverd op IS", "Restates the event told under 2017."]]


def test_still_held_by_is(fixture_atlas):
    assert still_held_by_is(fixture_atlas, "en").empty  # the fixture's IS places are all retaken
    atlas = flagged_atlas(fixture_atlas)  # Mosul's retaking is kept off the map: IS holds it (contested) to the end
    held = still_held_by_is(atlas, "en")
    assert held.to_dict("records") == [{"place": "Mosul", "country": "Iraq", "since": "17 October 2016"}]


def test_still_held_on_the_real_data():
    """The article never says IS lost Sirte, Derna or Bin Jawad (Libya); cited sources do, so by the end of
    2019 IS holds nothing; in mid-2016 it still held Mosul, Raqqa and Sirte among others."""
    atlas = load_atlas()
    assert still_held_by_is(atlas, "en").empty
    mid_2016 = set(still_held_by_is(atlas, "en", date(2016, 6, 30))["place"])
    assert {"Mosul", "Raqqa", "Sirte", "Tal Afar", "Hawija"} <= mid_2016
    assert not mid_2016 & {"Tikrit", "Ramadi", "Baiji", "Sinjar", "Kobani", "Palmyra", "Derna"}


def test_load_unmapped(tmp_path):
    assert load_unmapped(tmp_path).columns.tolist() == UNMAPPED_COLUMNS
    assert load_unmapped(tmp_path).empty
    (tmp_path / "unmapped.csv").write_text('name,reason,evidence,extra\nIrak,"country: too large",in Irak en Syrië,x\n', encoding="utf-8")
    assert load_unmapped(tmp_path).to_dict("records") == [{"name": "Irak", "reason": "country: too large", "evidence": "in Irak en Syrië"}]


def test_load_unmapped_real_file():
    unmapped = load_unmapped(FIXTURE_DATA.parents[2] / "data")
    assert len(unmapped) > 100
    assert (unmapped["reason"] != "").all()


@pytest.mark.parametrize(
    ("count", "table", "expected"),
    [
        (precision_counts, "events", {"op de dag": 11, "op de maand": 1, "op het seizoen": 1, "op het jaar": 1}),
        (coordinate_source_counts, "places", {"GeoNames-plaatsnamenlijst": 5, "met de hand geplaatst op een gepubliceerde plek": 1}),
        (coordinate_precision_counts, "places", {"midden van de plaats": 5, "bij benadering": 1}),
    ],
)
def test_counts_named_in_dutch(fixture_atlas, count, table, expected):
    counted = count(getattr(flagged_atlas(fixture_atlas), table), "nl")
    assert dict(counted.itertuples(index=False, name=None)) == expected
