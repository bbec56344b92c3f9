"""Your own data: checking an upload, the problem table, looking names up (offline, then online), joining the atlas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from geopy.exc import GeocoderUnavailable

from core.ingest.nominatim import GazetteerMatch
from core.ingest.own_data import (
    FALLBACK_FIX,
    LookupWithFallback,
    check_upload,
    combined_atlas,
    known_places,
    lookup_results,
    missing_coordinates,
    problems_table,
    split_message,
    template_bytes,
)
from core.ingest.uploads import geocode_missing
from core.model.control import control_on
from core.model.tables import Problem
from tests.fakes import FakeLocation

UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
HOSTILE = "<img src=x onerror=alert(1)>"


def places(text: str):
    return check_upload(text.encode("utf-8"), "places", "places.csv").good


def test_check_upload_keeps_good_rows_and_reports_bad_ones(fixture_atlas):
    result = check_upload((UPLOADS / "places_with_problems.csv").read_bytes(), "places", "places.csv")
    assert result.error is None
    assert result.good["name_en"].tolist() == ["Tikrit", HOSTILE]
    assert [(p.row, p.column) for p in result.problems] == [(4, "lat"), (5, "kind")]


def test_check_upload_resolves_event_places_against_yours_and_the_atlas(fixture_atlas):
    own = check_upload((UPLOADS / "places_with_problems.csv").read_bytes(), "places", "places.csv").good
    result = check_upload(
        (UPLOADS / "events_with_problems.csv").read_bytes(), "events", "events.csv", known_places(fixture_atlas.places, own)
    )
    assert result.good["place_id"].tolist() == ["tikrit", "img_src_x_onerror_alert_1"]
    assert result.good["summary_en"].tolist()[1] == "<script>alert(1)</script>"  # kept as data; escaped where shown
    assert [(p.row, p.column) for p in result.problems] == [(4, "place"), (5, "date")]


@pytest.mark.parametrize(
    ("raw", "max_bytes", "message"),
    [
        (b"", 2_000_000, "empty"),
        (b"PK\x03\x04rest", 2_000_000, "Excel workbook"),
        (b"name,country\n" + b"x,IQ\n" * 100, 100, "limit is 0.0 MB"),
        (b"name,country\n", 2_000_000, "no data rows"),
    ],
)
def test_check_upload_turns_unreadable_files_into_an_error(raw, max_bytes, message):
    result = check_upload(raw, "places", "places.csv", max_bytes=max_bytes)
    assert result.good.empty
    assert message in result.error


@pytest.mark.parametrize(
    ("problem", "what", "fix"),
    [
        (
            Problem("f", 3, "lat", "'abc' is not a number; write decimal degrees such as 36.34 or 36,34"),
            "'abc' is not a number",
            "write decimal degrees such as 36.34 or 36,34",
        ),
        (
            Problem("f", 5, "kind", "must be one of: city, town (found 'castle')", found="'castle'"),
            "'castle' is not accepted in 'kind'",
            "use one of: city, town, village, district, base, dam, refinery, border_crossing, mountain, airport, site, region",
        ),
        (
            Problem("f", 2, "country", "use a two-letter ISO code such as IQ or SY (found 'IRAQISTAN')", found="'IRAQISTAN'"),
            "'IRAQISTAN' is not accepted in 'country'",
            "use a two-letter country code such as IQ, SY, LY or FR",
        ),
        (Problem("f", 2, "note", "something odd"), "something odd", FALLBACK_FIX),
        (Problem("f", 2, None, "no column given"), "no column given", FALLBACK_FIX),
    ],
)
def test_split_message(problem, what, fix):
    assert split_message(problem) == (what, fix)


def test_problems_table_has_a_row_per_problem():
    table = problems_table(
        [
            Problem("places.csv", 3, "lat", "bad; fix it"),
            Problem("events.csv", 1, "date", "column is missing from the header; add a column 'date'"),
        ]
    )
    assert table.columns.tolist() == ["file", "row", "column", "problem", "how_to_fix"]
    assert table.values.tolist() == [
        ["places.csv", 3, "lat", "bad", "fix it"],
        ["events.csv", 1, "date", "column is missing from the header", "add a column 'date'"],
    ]
    assert problems_table([]).empty


def test_known_places_prefers_yours(fixture_atlas):
    own = places("place_id,name,country,lat,lon\nmosul,My Mosul,IQ,36,43\nnew,New Town,IQ,35,44\n")
    known = known_places(fixture_atlas.places, own)
    assert known["place_id"].tolist().count("mosul") == 1
    assert known.set_index("place_id").loc["mosul", "name_en"] == "My Mosul"
    assert {"new", "paris"} <= set(known["place_id"])
    assert known_places(fixture_atlas.places, pd.DataFrame()) is fixture_atlas.places


@pytest.mark.parametrize(
    ("kind", "expected_rows"),
    [("places", 2), ("events", 2)],
)
def test_templates_load_without_problems(fixture_atlas, kind, expected_rows):
    result = check_upload(template_bytes(kind), kind, f"template-{kind}.csv", fixture_atlas.places)
    assert result.problems == [] and result.error is None
    assert len(result.good) == expected_rows


# --- looking names up ---------------------------------------------------------------------------


@dataclass
class FakeGazetteer:
    known: dict

    def lookup(self, names, country):
        for name in names:
            if (name, country) in self.known:
                lat, lon = self.known[(name, country)]
                return GazetteerMatch(lat, lon, f"{name} (GeoNames)", 1, query=name)
        return None


class FakeNominatim:
    """Answers like geopy's Nominatim: a location, None, or an error (no network here)."""

    def __init__(self, known: dict, error: Exception | None = None):
        self.known, self.error, self.calls = known, error, []

    def __call__(self, name, country):
        self.calls.append((name, country))
        if self.error:
            raise self.error
        found = self.known.get((name, country))
        return FakeLocation(*found, f"{name}, somewhere", {"addresstype": "town"}) if found else None


WITHOUT_COORDINATES = "name,country,lat,lon\nMosul,IQ,36.3,43.1\nKobani,SY,,\nBaghuz,SY,,\nAtlantis,IQ,,\n"


def test_offline_first_then_online():
    online = FakeNominatim({("Baghuz", "sy"): (34.45, 40.95), ("Baghuz", "SY"): (34.45, 40.95)})
    lookup = LookupWithFallback(FakeGazetteer({("Kobani", "SY"): (36.89, 38.35)}), online)
    located, problems = geocode_missing(places(WITHOUT_COORDINATES), lookup)
    assert located["place_id"].tolist() == ["mosul", "kobani", "baghuz"]
    assert located["coord_source"].tolist() == ["upload", "geonames", "nominatim"]
    assert [(p.row, p.column) for p in problems] == [(5, "lat")]  # Atlantis
    assert [call[0] for call in online.calls] == ["Baghuz", "Atlantis"]  # Kobani was found offline
    results = lookup_results(located, lookup)
    assert results[["name", "matched_name", "source"]].values.tolist() == [
        ["Kobani", "Kobani (GeoNames)", "geonames"],
        ["Baghuz", "Baghuz, somewhere", "nominatim"],
    ]


def test_an_online_failure_is_reported_once_and_stops_further_requests():
    online = FakeNominatim({}, error=GeocoderUnavailable("no network"))
    lookup = LookupWithFallback(None, online)
    located, problems = geocode_missing(places(WITHOUT_COORDINATES), lookup)
    assert located["place_id"].tolist() == ["mosul"]
    assert len(problems) == 3
    assert len(online.calls) == 1
    assert [f.reason for f in lookup.failures] == ["Nominatim unreachable (no network?); rerun where it is reachable"]


def test_without_any_gazetteer_places_without_coordinates_become_problems():
    lookup = LookupWithFallback(None)
    located, problems = geocode_missing(places(WITHOUT_COORDINATES), lookup)
    assert located["place_id"].tolist() == ["mosul"]
    assert all("add lat and lon" in p.message for p in problems)
    assert lookup_results(located, lookup).empty


def test_missing_coordinates():
    assert missing_coordinates(places(WITHOUT_COORDINATES))["place_id"].tolist() == ["kobani", "baghuz", "atlantis"]
    assert missing_coordinates(pd.DataFrame()).empty


# --- your data with or instead of the atlas -------------------------------------------------------


def located(text: str) -> pd.DataFrame:
    return geocode_missing(places(text), LookupWithFallback(None))[0]


def events(text: str, known: pd.DataFrame) -> pd.DataFrame:
    return check_upload(text.encode("utf-8"), "events", "events.csv", known).good


def test_alongside_keeps_the_atlas_and_adds_yours(fixture_atlas):
    own = located(f'name,country,lat,lon,initial_controller\nTikrit,IQ,34.6,43.68,IQ\n"{HOSTILE}",IQ,35,43,IS\n')
    own_events = events(
        "place,date,event_type,actor_after\nTikrit,11-06-2014,captured,IS\nMosoel,2014-07-01,retaken,IQ\n",
        known_places(fixture_atlas.places, own),
    )
    atlas = combined_atlas(fixture_atlas, own, own_events, "alongside")
    assert set(atlas.places["place_id"]) == set(fixture_atlas.places["place_id"]) | {"tikrit", "img_src_x_onerror_alert_1"}
    assert len(atlas.events) == len(fixture_atlas.events) + 2
    holders = control_on(atlas, date(2014, 7, 31)).set_index("place_id")["controller"]
    assert holders["tikrit"] == "IS"
    assert holders["mosul"] == "IQ"  # your event at an atlas place counts
    assert holders["img_src_x_onerror_alert_1"] == "IS"
    assert control_on(atlas, date(2016, 12, 31)).set_index("place_id")["controller"]["mosul"] == "IS"  # the atlas' own events go on


def test_instead_shows_only_yours_plus_the_atlas_places_your_events_name(fixture_atlas):
    own = located("name,country,lat,lon,initial_controller\nTikrit,IQ,34.6,43.68,IQ\n")
    own_events = events(
        "place,date,event_type,actor_after\nTikrit,2014-06-11,captured,IS\nPalmyra,2015,attack,\n", known_places(fixture_atlas.places, own)
    )
    atlas = combined_atlas(fixture_atlas, own, own_events, "instead")
    assert sorted(atlas.places["place_id"]) == ["palmyra", "tikrit"]
    assert sorted(atlas.events["event_id"]) == ["palmyra_2015_01_attack", "tikrit_2014_06_captured"]


def test_your_place_replaces_the_atlas_place_with_the_same_id(fixture_atlas):
    own = located("place_id,name,country,lat,lon,initial_controller\nmosul,Mosul (mine),IQ,36.5,43.5,IQ\n")
    atlas = combined_atlas(fixture_atlas, own, pd.DataFrame(), "alongside")
    mosul = atlas.places.set_index("place_id").loc["mosul"]
    assert (mosul["name_en"], mosul["lat"], mosul["coord_source"]) == ("Mosul (mine)", 36.5, "upload")
    assert len(atlas.places) == len(fixture_atlas.places)


def test_events_only(fixture_atlas):
    own_events = events("place,date,event_type,actor_after\nKobani,2014-10-01,captured,IS\n", fixture_atlas.places)
    atlas = combined_atlas(fixture_atlas, pd.DataFrame(), own_events, "instead")
    assert atlas.places["place_id"].tolist() == ["kobani"]
    assert control_on(atlas, date(2014, 10, 2))["controller"].tolist() == ["IS"]


def test_unknown_mode_is_a_programming_error(fixture_atlas):
    with pytest.raises(ValueError, match="mode"):
        combined_atlas(fixture_atlas, pd.DataFrame(), pd.DataFrame(), "beside")


def test_online_lookups_stop_at_the_limit_and_count_the_rest():
    names = "".join(f"Nowhere {n},IQ,,\n" for n in range(7))
    online, steps = FakeNominatim({("Nowhere 1", "IQ"): (33.0, 44.0)}), []
    lookup = LookupWithFallback(None, online, max_online=3, progress=lambda sent, limit: steps.append((sent, limit)))
    located, problems = geocode_missing(places("name,country,lat,lon\n" + names), lookup)
    assert [call[0] for call in online.calls] == ["Nowhere 0", "Nowhere 1", "Nowhere 2"]
    assert steps == [(0, 3), (1, 3), (2, 3)]
    assert located["place_id"].tolist() == ["nowhere_1"] and len(problems) == 6
    assert lookup.not_sent == 4


UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"


@pytest.mark.parametrize(
    ("kind", "name"),
    [("places", "places_with_problems.csv"), ("events", "events_with_problems.csv"), ("events", "hostile_events.csv")],
)
def test_every_upload_problem_is_told_in_dutch(fixture_atlas, kind, name):
    result = check_upload((UPLOADS / name).read_bytes(), kind, name, fixture_atlas.places)
    assert result.problems
    untranslated = [p.message for p in result.problems if not p.message_nl or p.message_nl == p.message]
    assert not untranslated
    table = problems_table(result.problems, "nl")
    english = ("must", "found", "write", "use ", "add ", "unknown", "is not", "column is missing")
    for cell in [*table["problem"], *table["how_to_fix"]]:
        assert not any(word in cell for word in english), cell


@pytest.mark.parametrize(
    ("problem", "what", "fix"),
    [
        (
            Problem("f", 3, "lat", "x; y", "'abc' is geen getal; schrijf decimale graden"),
            "'abc' is geen getal",
            "schrijf decimale graden",
        ),
        (
            Problem(
                "f", 5, "kind", "must be one of: city (found 'castle')", "moet een van deze zijn: city (gevonden: 'castle')", "'castle'"
            ),
            "'castle' is niet toegestaan in 'kind'",
            "gebruik een van: city, town, village, district, base, dam, refinery, border_crossing, mountain, airport, site, region",
        ),
        (Problem("f", 2, "note", "something odd"), "something odd", "vergelijk de cel met de verwachte kolommen hierboven"),
    ],
)
def test_split_message_in_dutch(problem, what, fix):
    assert split_message(problem, "nl") == (what, fix)


def test_your_data_alongside_keeps_the_cited_history_of_the_built_in_places():
    """Alongside the atlas, Baiji is still retaken in October 2015 (a cited source), not in the article's 2017."""
    from datetime import date

    from core.model.atlas import load_atlas
    from core.model.control import control_on

    atlas = load_atlas()
    combined = combined_atlas(atlas, atlas.places.iloc[0:0], pd.DataFrame(), "alongside")
    assert len(combined.sources) == len(atlas.sources)
    assert control_on(combined, date(2015, 10, 31)).set_index("place_id").loc["baiji", "controller"] == "IQ"


def test_your_places_alongside_the_atlas_keep_the_supporting_places_apart():
    """Your place is no supporting place (in_article True); Dabiq stays one and keeps its cited history."""
    from datetime import date

    from core.model.atlas import load_atlas
    from core.model.control import control_on

    atlas = load_atlas()
    own = located("name,country,lat,lon,initial_controller\nMy town,SY,35.1,38.2,SY\n")
    combined = combined_atlas(atlas, own, pd.DataFrame(), "alongside")
    in_article = combined.places.set_index("place_id")["in_article"]
    assert in_article.dtype == bool and in_article["my_town"] and in_article["mosul"] and not in_article["dabiq"]
    assert control_on(combined, date(2016, 11, 30)).set_index("place_id").loc["dabiq", "controller"] == "TR"
