"""Each page's view from URL parameters and back: fallbacks with bilingual notices, and every parameter round-trips."""

from __future__ import annotations

from datetime import date

import pytest

from core.codes.constants import MAP_VIEWS
from core.model.views import CompareView, ExportView, MapView, PresentView, place_lookup, read_language, read_month


@pytest.fixture()
def places(fixture_atlas):
    return place_lookup(fixture_atlas.places)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2016-08", date(2016, 8, 1)), ("2016-8", date(2016, 8, 1)), ("2016-08-15", date(2016, 8, 1)), (" 2016-08-31 ", date(2016, 8, 1)),
     ("2016-02-30", None), ("2016-13", None), ("2013-12", None), ("2020-01-01", None), ("2016-08-15T10", None), ("", None),
     (None, None), ("٢٠١٥-٠١", None)],
)  # fmt: skip
def test_a_month_is_yyyy_mm_or_a_real_day_in_it(raw, expected):
    assert read_month(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("mosul", "mosul"), ("MOSUL", "mosul"), ("Mosoel", "mosul"), ("al-Mawsil", "mosul"), ("AL MAWSIL", "mosul"),
     ("Tadmoer", "palmyra"), ("Tadmur", "palmyra"), (" palmyra ", "palmyra")],
)  # fmt: skip
def test_place_accepts_ids_names_dutch_spellings_and_aliases(places, raw, expected):
    view, notices = MapView.from_params({"place": raw}, places=places)
    assert (view.place, notices) == (expected, [])


def test_a_name_shared_by_two_places_asks_for_an_id():
    found = {"sinjar": ("sinjar_iq", "sinjar_sy"), "sinjar iq": ("sinjar_iq",)}
    view, notices = MapView.from_params({"place": "Sinjar"}, places=found)
    assert view.place is None
    assert "sinjar_iq, sinjar_sy" in notices[0].text("en") and "sinjar_iq, sinjar_sy" in notices[0].text("nl")


@pytest.mark.parametrize(
    ("params", "expected", "count"),
    [
        ({}, MapView(), 0),
        ({"date": "2016-08-15", "place": "Mosoel", "view": "libya"}, MapView(date(2016, 8, 1), "mosul", "libya"), 0),
        ({"date": "2099-01"}, MapView(), 1),
        ({"date": "drop table", "place": "<img src=x>", "view": "mars"}, MapView(), 3),
    ],
)
def test_map_view_falls_back_per_parameter(places, params, expected, count):
    view, notices = MapView.from_params(params, places=places)
    assert (view, len(notices)) == (expected, count)


@pytest.mark.parametrize(
    ("params", "expected", "count"),
    [
        ({"a": "2015-01", "b": "2017-10"}, (date(2015, 1, 1), date(2017, 10, 1)), 0),
        ({}, (date(2015, 1, 1), date(2017, 10, 1)), 0),
        ({"a": "2016-03-20"}, (date(2016, 3, 1), date(2017, 10, 1)), 0),
        ({"a": "2017-10", "b": "2015-01"}, (date(2015, 1, 1), date(2017, 10, 1)), 1),  # swapped
        ({"a": "2014-13", "b": "2016-02"}, (date(2015, 1, 1), date(2016, 2, 1)), 1),
        ({"a": "2013-12", "b": "2020-01"}, (date(2015, 1, 1), date(2017, 10, 1)), 2),
        ({"a": "<script>", "b": "2014-01"}, (date(2014, 1, 1), date(2015, 1, 1)), 2),  # bad, then swapped
    ],
)
def test_compare_view_falls_back_and_swaps(params, expected, count):
    view, notices = CompareView.from_params(params)
    assert ((view.a, view.b), len(notices)) == (expected, count)


def test_notices_are_in_both_languages():
    _, notices = CompareView.from_params({"a": "2017-10", "b": "2015-01"})
    assert [n.text("nl") for n in notices] == ["Datum A (2017-10) lag na datum B (2015-01): omgewisseld."]
    _, notices = MapView.from_params({"date": "x"}, places={})
    assert notices[0].text("en").startswith("Ignored date='x': use a month")
    assert notices[0].text("nl").startswith("Genegeerd: date='x': gebruik een maand")


@pytest.mark.parametrize(
    ("raw", "chapter", "adjusted"),
    [("4", 4, False), ("12", 12, False), ("13", 12, True), ("999999", 12, True), ("0", 1, True), ("x", 1, False), ("-2", 1, False)],
)
def test_chapter_is_clamped_to_the_nearest_one(raw, chapter, adjusted):
    view, notices = PresentView.from_params({"chapter": raw}, chapters=12)
    assert view.chapter == chapter
    assert [not n.ignored for n in notices] == ([adjusted] if raw not in ("4", "12") else [])


def test_language_notice_is_kept():
    assert read_language({"lang": "nl"}) == ("nl", [])
    lang, notices = read_language({"lang": "fr"})
    assert lang == "en" and notices[0].text("nl").startswith("Genegeerd: lang='fr'")


VIEWS = [
    (MapView(date(2016, 8, 1), "mosul", "libya"), {"places": {"mosul": ("mosul",)}}),
    (MapView(date(2019, 12, 1), None, next(iter(MAP_VIEWS))), {"places": {}}),
    *[(MapView(date(2015, 3, 1), None, region), {"places": {}}) for region in MAP_VIEWS],
    (CompareView(date(2014, 1, 1), date(2019, 12, 1)), {}),
    (CompareView(date(2016, 5, 1), date(2016, 5, 1)), {}),
    (PresentView(7), {"chapters": 12}),
    (ExportView(date(2014, 6, 1), date(2017, 10, 1)), {}),
]


@pytest.mark.parametrize(("view", "context"), VIEWS)
def test_every_parameter_round_trips(view, context):
    again, notices = type(view).from_params(view.to_params(), **context)
    assert (again, notices) == (view, [])
    assert all(isinstance(value, str) for value in view.to_params().values())
