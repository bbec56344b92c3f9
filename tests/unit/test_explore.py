"""Search and filters of the Explore/Export tables, the display tables, chart counts and chart selections."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.model.explore import (
    Filters,
    apply_filters,
    events_export,
    events_per_month,
    events_table,
    filter_events,
    filter_places,
    fold,
    last_event_months,
    map_link,
    month_from_selection,
    names_match,
    places_export,
    places_table,
)


def ids(frame: pd.DataFrame, column: str = "place_id") -> list[str]:
    return sorted(frame[column])


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Mosoel", "mosoel"), ("Deir ez-Zôr", "deir ez zor"), ("  Al-Raqqa ", "al raqqa"), ("Kobanî", "kobani"), ("abu_kamal", "abu kamal")],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", True),
        ("Mosoel", True),  # the article's Dutch spelling
        ("mosoe", True),  # part of a name
        ("MAWSIL", True),  # an alias, any case
        ("Mosul", True),
        ("al-Mawsil", True),
        ("Mosulll", False),
        ("Raqqa", False),
    ],
)
def test_names_match_mosul(query, expected):
    assert names_match(["mosul", "Mosul", "Mosoel", "al-Mawsil"], query) is expected


def test_names_match_spelling_variants():
    assert names_match(["Raqqa"], "Ar-Raqqah")  # article and final h dropped by name_keys
    assert names_match(["Tadmur"], "Tadmoer")  # Dutch oe -> u


@pytest.mark.parametrize(
    ("query", "countries", "kinds", "expected"),
    [
        ("", (), (), ["abu_kamal", "fallujah", "kobani", "mosul", "palmyra", "paris"]),
        ("Mosoel", (), (), ["mosul"]),
        ("tadmoer", (), (), ["palmyra"]),
        ("Ayn al-Arab", (), (), ["kobani"]),
        ("Parijs", (), (), ["paris"]),
        ("", ("SY",), (), ["abu_kamal", "kobani", "palmyra"]),
        ("", (), ("town",), ["abu_kamal", "kobani"]),
        ("", ("SY",), ("city",), ["palmyra"]),
        ("Mosoel", ("SY",), (), []),
        ("atlantis", (), (), []),
    ],
)
def test_filter_places(fixture_atlas, query, countries, kinds, expected):
    assert ids(filter_places(fixture_atlas.places, query, countries, kinds)) == expected


@pytest.mark.parametrize(
    ("query", "types", "actors", "first", "last", "expected"),
    [
        ("Mosoel", (), (), None, None, ["mosul_2014_06_captured", "mosul_2016_10_contested", "mosul_2017_07_retaken"]),
        ("", ("attack",), (), None, None, ["paris_2015_11_attack"]),
        ("", ("siege_begun", "siege_lifted"), (), None, None, ["kobani_2014_09_siege", "kobani_2015_01_lifted"]),
        ("", (), ("SDF",), None, None, ["kobani_2014_09_siege", "kobani_2015_01_lifted"]),
        ("", (), ("REB",), None, None, ["abu_kamal_2014_summer"]),  # actor_before
        ("", ("captured",), ("SY",), None, None, ["palmyra_2015_05_captured", "palmyra_2016_12_captured"]),
        ("", (), (), date(2016, 3, 1), date(2016, 6, 1), ["fallujah_2016_06_retaken", "palmyra_2016_03_retaken"]),
        # a year-precise event counts on its effective date (1 July), a season's on the 15th of its middle month
        ("", (), (), date(2017, 7, 1), date(2017, 7, 1), ["abu_kamal_2017", "mosul_2017_07_retaken"]),
        ("", (), (), date(2014, 7, 1), date(2014, 7, 1), ["abu_kamal_2014_summer"]),
        ("heroverde", (), (), None, None, ["fallujah_2016_06_retaken", "palmyra_2016_03_retaken", "palmyra_2016_12_captured"]),
        ("ev7", (), (), None, None, ["paris_2015_11_attack"]),  # evidence text
    ],
)
def test_filter_events(fixture_atlas, query, types, actors, first, last, expected):
    kept = filter_events(fixture_atlas.events, fixture_atlas.places, query, types, actors, first, last)
    assert ids(kept, "event_id") == expected


def test_filter_events_only_at_the_given_places(fixture_atlas):
    syria = filter_places(fixture_atlas.places, countries=("SY",))
    kept = filter_events(fixture_atlas.events, syria, types=("captured",))
    assert set(kept["place_id"]) == {"palmyra", "abu_kamal"}


@pytest.mark.parametrize(
    ("filters", "places", "event_count"),
    [
        (Filters(), ["abu_kamal", "fallujah", "kobani", "mosul", "palmyra", "paris"], 14),
        (Filters(query="Mosoel"), ["mosul"], 3),
        (Filters(types=("attack",)), ["paris"], 1),  # an event filter narrows the places to where they happened
        (Filters(query="heroverde"), ["fallujah", "palmyra"], 3),  # matched by the Dutch summary
        (Filters(countries=("IQ",), actors=("IS",)), ["fallujah", "mosul"], 5),
        (Filters(first=date(2018, 1, 1)), ["abu_kamal", "fallujah", "kobani", "mosul", "palmyra", "paris"], 0),
    ],
)
def test_apply_filters(fixture_atlas, filters, places, event_count):
    kept_places, kept_events = apply_filters(fixture_atlas.places, fixture_atlas.events, filters)
    assert ids(kept_places) == places
    assert len(kept_events) == event_count


def test_last_event_months(fixture_atlas):
    months = last_event_months(fixture_atlas.events)
    assert months["mosul"] == date(2017, 7, 1)
    assert months["abu_kamal"] == date(2017, 7, 1)  # "2017" counts from 1 July
    assert "unknown" not in months


@pytest.mark.parametrize(
    ("place_id", "month", "link"),
    [("mosul", date(2017, 7, 1), "/?place=mosul&date=2017-07"), ("abu_kamal", None, "/?place=abu_kamal")],
)
def test_map_link(place_id, month, link):
    assert map_link(place_id, month) == link


def test_places_table_names_holders_not_codes(fixture_atlas):
    table = places_table(fixture_atlas.places, fixture_atlas.events, {"mosul": "IS", "kobani": "SDF"}, "en", fixture_atlas.sides).set_index(
        "place_id"
    )
    mosul = table.loc["mosul"]
    assert (mosul["place"], mosul["other_names"]) == ("Mosul", "Mosoel, al-Mawsil")
    assert (mosul["holder_start"], mosul["holder_end"]) == ("Iraqi government", "Islamic State")
    assert mosul["events"] == 3
    assert mosul["last_event"] == pd.Timestamp(2017, 7, 1)
    assert mosul["map"] == "/?place=mosul&date=2017-07"
    assert table.loc["palmyra", "holder_end"] == ""  # not in the given holders
    assert table.loc["paris", "holder_start"] == ""  # abroad: no holder


def test_places_table_in_dutch(fixture_atlas):
    table = places_table(fixture_atlas.places, fixture_atlas.events, {}, "nl", fixture_atlas.sides).set_index("place_id")
    assert table.loc["mosul", "place"] == "Mosoel"
    assert table.loc["mosul", "holder_start"] == "Iraakse regering"


def test_events_table_marks_approximate_dates_and_links_the_article(fixture_atlas):
    table = events_table(fixture_atlas.events, fixture_atlas.places, "en", fixture_atlas.sides).set_index("event_id")
    assert table.loc["mosul_2014_06_captured", "date"] == "10 June 2014"
    assert table.loc["fallujah_2014_01_captured", "date"] == "~ January 2014"
    assert table.loc["abu_kamal_2014_summer", "date"] == "~ summer 2014"
    assert table.loc["abu_kamal_2017", "date"] == "~ 2017"
    row = table.loc["mosul_2014_06_captured"]
    assert (row["place"], row["country"], row["what"], row["from"], row["to"]) == (
        "Mosul",
        "Iraq",
        "captured by IS",
        "Iraqi government",
        "Islamic State",
    )
    assert row["link"].startswith("https://nl.wikipedia.org/wiki/Islamitische_Staat#:~:text=")
    assert table.loc["kobani_2014_09_siege", "opponent"] == "Islamic State"
    assert bool(row["on_map"]) is True


def test_exports_keep_codes_and_coordinates(fixture_atlas):
    places = places_export(fixture_atlas.places)
    assert list(places.columns[:3]) == ["place_id", "name_nl", "article_spellings"]
    assert {"lat", "lon", "coord_source"} <= set(places.columns)
    events = events_export(fixture_atlas.events, fixture_atlas.places)
    mosul = events.set_index("event_id").loc["mosul_2014_06_captured"]
    assert (mosul["actor_after"], mosul["place_name_en"], mosul["lat"]) == ("IS", "Mosul", 36.34)
    assert "file_order" not in events


def test_events_per_month_counts_by_type(fixture_atlas):
    counted = events_per_month(fixture_atlas.events, "en", fixture_atlas.sides)
    assert counted["events"].sum() == len(fixture_atlas.events)
    june_2014 = counted[counted["month_key"] == "2014-06"]
    assert june_2014[["event_type", "events"]].values.tolist() == [["captured", 1]]
    assert counted.loc[counted["event_type"] == "attack", "type_name"].tolist() == ["attack"]
    assert events_per_month(fixture_atlas.events.iloc[0:0], "en", fixture_atlas.sides).empty


@pytest.mark.parametrize(
    ("selection", "month"),
    [
        ({"selection": {"month_pick": [{"month_key": "2015-06"}]}}, date(2015, 6, 1)),
        ({"selection": {"month_pick": [{"month": 1433116800000}]}}, date(2015, 6, 1)),  # epoch ms of 2015-06-01 UTC
        ({"selection": {"month_pick": [{"month": "2016-08-01T00:00:00"}]}}, date(2016, 8, 1)),
        ({"selection": {"month_pick": []}}, None),
        ({"selection": {"month_pick": {}}}, None),
        ({"selection": {"other": [{"month_key": "2015-06"}]}}, None),
        ({"selection": {"month_pick": [{"month_key": "2099-01"}]}}, None),  # outside the timeline
        ({"selection": {"month_pick": [{"month_key": "<script>"}]}}, None),
        (None, None),
        ({}, None),
    ],
)
def test_month_from_selection(selection, month):
    assert month_from_selection(selection, "month_pick") == month


def test_a_place_name_wins_over_words_in_other_events(fixture_atlas):
    """'Mosoel' finds Mosul's events, not every event whose summary mentions Mosul on the way."""
    events = fixture_atlas.events.copy()
    events.loc[events["event_id"] == "kobani_2014_09_siege", "summary_nl"] = "Na Mosoel belegerde IS Kobani."
    kept = filter_events(events, fixture_atlas.places, "Mosoel")
    assert set(kept["place_id"]) == {"mosul"}
    places, _ = apply_filters(fixture_atlas.places, events, Filters(query="Mosoel"))
    assert ids(places) == ["mosul"]
    assert ids(filter_events(events, fixture_atlas.places, "belegerde"), "event_id") == ["kobani_2014_09_siege"]  # no place called that


def test_tables_name_countries_and_kinds_in_dutch(fixture_atlas):
    places = places_table(fixture_atlas.places, fixture_atlas.events, {}, "nl", fixture_atlas.sides).set_index("place_id")
    assert (places.loc["mosul", "country"], places.loc["mosul", "kind"]) == ("Irak", "stad")
    events = events_table(fixture_atlas.events, fixture_atlas.places, "nl", fixture_atlas.sides).set_index("event_id")
    assert events.loc["mosul_2014_06_captured", "country"] == "Irak"
