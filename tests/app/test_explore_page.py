"""AppTest for Explore: search and filters narrow the tables, a place's history opens on the map, the quality panel counts."""

from __future__ import annotations

import pandas as pd
import pytest

from core.model.atlas import load_atlas
from core.model.source_check import (
    agreement_by_place,
    article_claims,
    claim_counts,
    overall_agreement,
    percent_label,
    silent_count,
    supporting_counts,
)
from tests.app.conftest import FIXTURE_DATA, dataframe_with

PAGE = "pages/explore.py"


def open_tab(at, label: str):
    """Tabs run lazily: only the open one draws its content."""
    at.session_state["explore.tab"] = label
    return at.run()


def places_in(at) -> list[str]:
    return sorted(dataframe_with(at, "other_names").value["place_id"])


def events_in(at) -> list[str]:
    open_tab(at, "Events")
    events = sorted(dataframe_with(at, "evidence").value["event_id"])
    open_tab(at, "Places")
    return events


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_opens_on_the_fixture_with_every_place_and_event(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    assert not at.exception
    assert places_in(at) == ["abu_kamal", "fallujah", "kobani", "mosul", "palmyra", "paris"]
    assert [tab.label for tab in at.tabs] == ["Places", "Events", "Over time", "Article vs. other sources", "Data quality"]
    assert not any("evidence" in frame.value.columns for frame in at.dataframe)  # lazy: the events tab did not run
    assert not at.get("vega_lite_chart")
    assert len(events_in(at)) == 14
    open_tab(at, "Over time")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3
    assert all(list(chart.proto.selection_mode) == ["month_pick"] for chart in charts)  # a click picks a month
    reference = "Article: about 78 000 km² at the end of 2015".encode()
    assert any(reference in dataset.data.data for dataset in charts[1].proto.datasets)  # the article's figure is marked


def test_opens_on_the_real_data(real_app):
    at = real_app()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    open_tab(at, "Over time")
    assert not at.exception and len(at.get("vega_lite_chart")) == 3
    open_tab(at, "Data quality")
    assert not at.exception
    counts = metrics(at)
    assert int(counts["Places"]) > 100 and int(counts["Events"]) > 200
    assert int(counts["Applied to the map"]) < int(counts["Events"])  # some rows are kept off the map
    assert any("IS lost every place it took" in c.value for c in at.caption)  # by article and sources
    assert len(dataframe_with(at, "reason").value) > 100  # data/unmapped.csv
    contradictions = next(
        frame.value
        for frame in at.dataframe
        if "note" in frame.value.columns and "what" in frame.value.columns and "summary" not in frame.value.columns
    )
    assert (contradictions["note"] != "").all()


def test_search_mosoel_finds_mosul(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    at.text_input(key="explore.filter_query").set_value("Mosoel").run()
    assert places_in(at) == ["mosul"]
    assert events_in(at) == ["mosul_2014_06_captured", "mosul_2016_10_contested", "mosul_2017_07_retaken"]
    places = dataframe_with(at, "other_names").value
    assert places.loc[0, "place"] == "Mosul" and places.loc[0, "holder_start"] == "Iraqi government"


@pytest.mark.parametrize(
    ("widget", "value", "places", "events"),
    [
        ("countries", ["SY"], ["abu_kamal", "kobani", "palmyra"], 8),
        ("kinds", ["town"], ["abu_kamal", "kobani"], 4),
        ("types", ["attack"], ["paris"], 1),
        ("actors", ["SDF"], ["kobani"], 2),
    ],
)
def test_filters_narrow_the_tables(fixture_app, widget, value, places, events):
    at = fixture_app(page=PAGE)
    at.run()
    at.multiselect(key=f"explore.filter_{widget}").set_value(value).run()
    assert not at.exception
    assert places_in(at) == places
    assert len(events_in(at)) == events


def test_period_narrows_the_events_and_sets_the_holder_column(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    at.select_slider(key="explore.filter_period").set_value(("2016-01", "2016-06")).run()
    assert events_in(at) == ["fallujah_2016_06_retaken", "palmyra_2016_03_retaken"]
    holders = dataframe_with(at, "other_names").value.set_index("place_id")["holder_end"]
    assert holders["mosul"] == "Islamic State" and holders["palmyra"] == "Syrian government"  # end of June 2016


def test_events_table_marks_approximate_dates(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    open_tab(at, "Events")
    events = dataframe_with(at, "evidence").value.set_index("event_id")
    assert events.loc["fallujah_2014_01_captured", "date"] == "~ January 2014"
    assert events.loc["mosul_2014_06_captured", "date"] == "10 June 2014"
    assert events.loc["mosul_2014_06_captured", "link"].startswith("https://nl.wikipedia.org/wiki/Islamitische_Staat#:~:text=")


def test_a_place_shows_its_history_and_opens_on_the_map(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    at.selectbox(key="explore.place").select("mosul").run()
    assert any(sub.value == "Mosul" for sub in at.subheader)
    assert any("IS took Mosul." in text.value for text in at.text)
    at.button(key="explore.open_place").click().run()
    assert not at.exception
    assert at.session_state["map._view"].place == "mosul"
    assert at.select_slider(key="map.month_key").value == "2017-07"  # the month of its last event
    assert dict(at.query_params) == {"date": "2017-07", "place": "mosul"}
    assert at.selectbox(key="map.place_select").value == "mosul"


def test_open_this_month_on_the_map(fixture_app):
    at = fixture_app(page=PAGE, lang="nl")
    at.run()
    open_tab(at, "In de tijd")
    at.select_slider(key="explore.chart_month").set_value("2015-06").run()
    at.button(key="explore.open_month").click().run()
    assert not at.exception
    assert at.select_slider(key="map.month_key").value == "2015-06"
    assert at.query_params["date"] == "2015-06" and at.query_params["lang"] == "nl"


def test_quality_panel_counts_the_fixture(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    open_tab(at, "Data quality")
    assert metrics(at) == {"Places": "6", "Events": "14", "Applied to the map": "14", "Attacks": "1"}
    precision = dataframe_with(at, "precision").value
    assert dict(zip(precision["precision"], precision["count"], strict=True)) == {
        "to the day": 11,
        "to the month": 1,
        "to the season": 1,
        "to the year": 1,
    }
    sources = dataframe_with(at, "source").value
    assert dict(zip(sources["source"], sources["count"], strict=True)) == {"GeoNames gazetteer": 6}
    captions = [caption.value for caption in at.caption]
    assert "The data flags no contradiction." in captions
    assert "Every row is applied to the map." in captions
    assert "None: by the article and the other sources, IS lost every place it took." in captions
    assert "No list of unmapped names for these tables." in captions


def test_quality_panel_shows_contradictions_rows_off_the_map_and_unmapped_names(app_on_data, tmp_path):
    for name in ("places.csv", "geocoded.csv"):
        (tmp_path / name).write_bytes((FIXTURE_DATA / name).read_bytes())
    events = pd.read_csv(FIXTURE_DATA / "events.csv", dtype=str, keep_default_na=False)
    events["in_model"] = ""
    events.loc[events["event_id"] == "palmyra_2016_12_captured", ["flag", "note"]] = ["contradiction", "Dated a year early."]
    events.loc[events["event_id"] == "mosul_2017_07_retaken", ["in_model", "note"]] = ["no", "Told twice."]
    events.to_csv(tmp_path / "events.csv", index=False)
    (tmp_path / "unmapped.csv").write_text("name,reason,evidence\nIrak,country: too large for a point,in Irak en Syrië\n", encoding="utf-8")
    at = app_on_data(tmp_path, page=PAGE)
    at.run()
    open_tab(at, "Data quality")
    assert not at.exception
    assert metrics(at)["Applied to the map"] == "13"
    notes = {
        row["note"]: row
        for frame in at.dataframe
        if "note" in frame.value.columns and "summary" not in frame.value.columns
        for row in frame.value.to_dict("records")
    }
    assert notes["Dated a year early."]["place"] == "Palmyra" and notes["Dated a year early."]["evidence"] == "ev10"
    assert notes["Told twice."]["date"] == "10 July 2017"
    assert dataframe_with(at, "since").value.to_dict("records") == [{"place": "Mosul", "country": "Iraq", "since": "17 October 2016"}]
    assert dataframe_with(at, "reason").value["name"].tolist() == ["Irak"]


def test_filters_carry_over_to_export(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    at.text_input(key="explore.filter_query").set_value("Mosoel").run()
    at.switch_page("pages/export.py").run()
    assert not at.exception
    assert at.text_input(key="export.filter_query").value == "Mosoel"


def test_clear_filters(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    at.text_input(key="explore.filter_query").set_value("Mosoel").run()
    at.multiselect(key="explore.filter_countries").set_value(["IQ"]).run()
    at.button(key="explore.filter_clear").click().run()
    assert at.text_input(key="explore.filter_query").value == ""
    assert len(places_in(at)) == 6


def test_dutch_tables(fixture_app):
    at = fixture_app(page=PAGE, lang="nl")
    at.run()
    places = dataframe_with(at, "other_names").value.set_index("place_id")
    assert places.loc["mosul", "place"] == "Mosoel"
    open_tab(at, "Gebeurtenissen")
    events = dataframe_with(at, "evidence").value.set_index("event_id")
    assert events.loc["fallujah_2014_01_captured", "date"] == "~ januari 2014"


SOURCE_TAB = {
    "en": {
        "tab": "Article vs. other sources",
        "metrics": (
            "Confirmed",
            "Another date",
            "Another holder",
            "Not checked",
            "Only in other sources",
            "Map agrees with the cited dates",
            "Places not in the article",
        ),
        "places": {"Baiji", "Tal Afar", "Jalawla"},
        "baiji": ["Baiji", "17 November 2017", "22 October 2015", "757 days earlier", "gives another date than the article"],
        "gap": "Baghdad",
        "explained": "Where the article is silent or gives another date, the map follows the cited date",
    },
    "nl": {
        "tab": "Artikel vs. andere bronnen",
        "metrics": (
            "Bevestigd",
            "Andere datum",
            "Andere partij",
            "Niet gecontroleerd",
            "Alleen in andere bronnen",
            "Kaart stemt overeen met de geciteerde data",
            "Plaatsen niet in het artikel",
        ),
        "places": {"Bayji", "Tel Afar", "Jalawla"},
        "baiji": ["Bayji", "17 november 2017", "22 oktober 2015", "757 dagen eerder", "geeft een andere datum dan het artikel"],
        "gap": "Bagdad",
        "explained": "Waar het artikel zwijgt of een andere datum geeft, volgt de kaart de geciteerde datum",
    },
}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_article_vs_sources_tab_on_the_real_data(real_app, lang):
    expected = SOURCE_TAB[lang]
    at = real_app(page=PAGE, lang=lang)
    at.run()
    open_tab(at, expected["tab"])
    assert not at.exception
    atlas = load_atlas()
    counts = claim_counts(article_claims(atlas), silent_count(atlas))
    values = [str(counts[verdict]) for verdict in ("agrees", "differs", "contradicts", "unchecked", "article_silent")]
    values.append(percent_label(overall_agreement(agreement_by_place(atlas)), lang))
    values.append(str(supporting_counts(atlas)[1]))  # the places the article does not name, counted apart
    assert metrics(at) == dict(zip(expected["metrics"], values, strict=True))
    differences = dataframe_with(at, "article_date").value
    assert len(differences) == counts["differs"] + counts["contradicts"]
    assert expected["places"] <= set(differences["place"])
    assert differences["days"].is_monotonic_decreasing  # largest difference first
    baiji = differences.set_index("event_id").loc["baiji_2017_11_retaken"]
    assert baiji[["place", "article_date", "source_date", "apart", "verdict"]].tolist() == expected["baiji"]
    assert baiji["url"] == "http://cryer.org.uk/Battle_of_Baiji_(2014)"
    silent = dataframe_with(at, "summary").value
    assert len(silent) == counts["article_silent"] and "baiji_20141221_captured" in set(silent["source_id"])
    supporting = [frame.value for frame in at.dataframe if "summary" in frame.value.columns][1]
    assert len(supporting) == supporting_counts(atlas)[0] and "dabiq_20161016_retaken" in set(supporting["source_id"])
    gaps = next(frame.value for frame in at.dataframe if list(frame.value.columns) == ["place", "what"])
    assert expected["gap"] in set(gaps["place"]) and len(gaps) > 10
    assert any(expected["explained"] in caption.value for caption in at.caption)


def test_article_vs_sources_tab_without_sources(fixture_app):
    """The fixture has no sources.csv or source_gaps.csv: every claim unchecked, the tables say so in words."""
    at = fixture_app(page=PAGE)
    at.run()
    open_tab(at, "Article vs. other sources")
    assert not at.exception
    assert metrics(at) == {
        "Confirmed": "0",
        "Another date": "0",
        "Another holder": "0",
        "Not checked": "13",  # 14 events less the attack
        "Only in other sources": "0",
        "Map agrees with the cited dates": "100.0%",
        "Places not in the article": "0",
    }
    captions = [caption.value for caption in at.caption]
    assert "No other source disagrees with the article." in captions
    assert "Other sources report nothing the article leaves out." in captions
    assert "No searches without result are recorded." in captions
    assert not at.dataframe
