"""AppTest for the main map page: the slider swaps the layer without remounting, the URL round-trips."""

from __future__ import annotations

import pytest
import streamlit as st

from components.control_map import PREFETCH_SWITCH, prefetched
from core.i18n import markdown_escape
from tests.app.conftest import has_label, map_args, map_components, markdown_texts


def date_label(at) -> str:
    return next(text for text in markdown_texts(at) if 'class="atlas-date"' in text)


def test_opens_on_the_real_data_without_exception(real_app):
    at = real_app()
    at.run()
    assert not at.exception
    assert len(map_components(at)) == 1
    args = map_args(at)
    assert args["js_links"] == ["/app/static/vendor/leaflet/leaflet.js"]  # no popups, so no jQuery
    assert args["returned_objects"] == ["last_object_clicked"]
    assert has_label(args, "Mosul — Islamic State")


def test_slider_swaps_the_layer_but_not_the_component(fixture_app):
    at = fixture_app(date="2014-05")
    at.run()
    before_id, before = map_components(at)[0].proto.id, map_args(at)
    assert has_label(before, "Mosul — Iraqi government")
    at.select_slider(key="map.month_key").set_value("2014-06").run()
    after = map_args(at)
    assert map_components(at)[0].proto.id == before_id
    assert after["script"] == before["script"]
    assert has_label(after, "Mosul — Islamic State")
    assert at.query_params["date"] == "2014-06"
    assert "June 2014" in date_label(at)


def test_step_buttons_move_one_month(fixture_app):
    at = fixture_app(date="2015-01")
    at.run()
    at.button(key="map.forward").click().run()
    assert at.select_slider(key="map.month_key").value == "2015-02"
    at.button(key="map.back").click().run()
    at.button(key="map.back").click().run()
    assert at.select_slider(key="map.month_key").value == "2014-12"
    assert at.query_params["date"] == "2014-12"


def test_url_opens_date_place_and_language(fixture_app):
    at = fixture_app(date="2016-08", place="palmyra", lang="nl")
    at.run()
    assert not at.exception
    assert "augustus 2016" in date_label(at)
    assert at.selectbox(key="map.place_select").value == "palmyra"
    assert any("Syrië heroverde Palmyra." in text.value for text in at.text)
    assert has_label(map_args(at), "Palmyra — Syrische regering")


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"date": "2099-99"}, "Ignored date="),
        ({"date": "<script>alert(1)</script>"}, "Ignored date="),
        ({"place": "atlantis"}, "Ignored place="),
        ({"view": "mars"}, "Ignored view="),
        ({"lang": "fr"}, None),
    ],
)
def test_garbage_parameters_fall_back_with_a_notice(fixture_app, params, notice):
    at = fixture_app(**params)
    at.run()
    assert not at.exception
    assert at.select_slider(key="map.month_key").value == "2014-06"
    if notice:
        assert any(markdown_escape(notice) in info.value for info in at.info)


def test_place_search_writes_the_url(fixture_app):
    at = fixture_app()
    at.run()
    at.selectbox(key="map.place_select").select("mosul").run()
    assert at.query_params["place"] == "mosul"
    assert any(sub.value == "Mosul" for sub in at.subheader)


def test_language_switch_changes_labels(fixture_app):
    at = fixture_app(date="2015-01")
    at.run()
    at.radio(key="lang").set_value("nl").run()
    assert "januari 2015" in date_label(at)
    assert at.query_params["lang"] == "nl"
    assert has_label(map_args(at), "Mosoel — Islamitische Staat")


def test_play_advances_months_and_pause_stops(fixture_app):
    at = fixture_app(date="2014-03")
    at.run()
    at.button(key="map.play_button").click().run()
    assert at.session_state["map.playing"] is True
    assert at.button(key="map.play_button").label.endswith("Pause")
    at.button(key="map.play_button").click().run()
    assert at.session_state["map.playing"] is False


def test_broken_data_shows_a_clear_message(broken_data_app):
    broken_data_app.run()
    assert not broken_data_app.exception
    assert "data tables have problems" in broken_data_app.error[0].value
    assert "events.csv, line 3, column 'date': not a real calendar date" in broken_data_app.code[0].value


def test_prefetched_layers_match_the_ones_computed_on_demand(fixture_app, monkeypatch):
    at = fixture_app(date="2016-08")
    at.run()
    on_demand = map_args(at)["feature_group"]
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv(PREFETCH_SWITCH, "1")
    at = fixture_app(date="2016-08")
    at.run()
    assert map_args(at)["feature_group"] == on_demand
    assert len(prefetched()) == 2 * 72  # every month, both languages


def test_area_panel_shows_the_published_figure_beside_the_estimate(real_app):
    at = real_app(date="2015-12")
    at.run()
    captions = [c.value for c in at.caption]
    assert any(c.startswith(r"Published: 78 000 km² (IHS Inc\. \(press release\), 14 December 2015).") for c in captions), captions
    at = real_app(date="2018-06", lang="nl")
    at.run()
    assert not any(c.value.startswith("Gepubliceerd") for c in at.caption)  # no IHS figure within two months
    assert any("Betwiste plaatsen tellen half" in c.value for c in at.caption)


def test_place_card_shows_the_article_and_the_other_sources(real_app):
    """Baiji: the article's general 17 November 2017 row against the cited 22 October 2015 recapture."""
    at = real_app(date="2015-10", place="baiji")
    at.run()
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert any(t.startswith("**17 November 2017** · The article says: retaken from IS") for t in texts), texts
    assert any(t.startswith("Other sources: retaken from IS") and "22 October 2015" in t for t in texts)
    assert any(t.startswith("**Only in other sources**") for t in texts)  # the November 2014 recapture and the December 2014 loss
    captions = [c.value for c in at.caption]
    assert any("gives another date than the article (757 days earlier)" in c and "the map follows this source" in c for c in captions)
    assert has_label(map_args(at), "Baiji — Iraqi government")


def test_a_site_card_says_it_follows_its_town(real_app):
    at = real_app(date="2015-09", place="temple_of_bel", lang="nl")
    at.run()
    assert any("Een plek in Palmyra" in i.value for i in at.info)
    assert has_label(map_args(at), "tempel van Bel — Islamitische Staat")
