"""AppTest for the main map page: the map carries the whole timeline, the server only cues a month (without
remounting), the player's reports move the slider and URL, and the URL round-trips."""

from __future__ import annotations

import json
import re

import pytest

from core.render.assets import STATIC_DIR
from core.render.timeline_payload import shown_at
from core.text.i18n import markdown_escape
from tests.app.conftest import map_args, map_components, markdown_texts

PLAYER_URL = re.compile(r'"url":"/app/static/(timeline/timeline-[a-z]+-[0-9a-f]+\.json)"')


def date_label(at) -> str:
    return next(text for text in markdown_texts(at) if 'class="atlas-date"' in text)


def cue(args: dict) -> dict:
    """The month (and rings) the server cues the in-map player to."""
    return json.loads(re.search(r"var cue = (\{.*?\});", args["feature_group"]).group(1))


def timeline(args: dict) -> dict:
    """The timeline the map's player loads (the file its URL names, built by make static, or embedded)."""
    found = PLAYER_URL.search(args["script"])
    if found:
        return json.loads((STATIC_DIR / found.group(1)).read_text(encoding="utf-8"))
    script = args["script"]  # other tables than the build's: the timeline rides inside the map
    return json.JSONDecoder().raw_decode(script[script.index("player.load(") + len("player.load(") :])[0]


def shown(args: dict, place_id: str) -> str:
    """The tooltip the player shows for a place in the cued month."""
    return shown_at(timeline(args), place_id, cue(args)["month"])[1]


def test_opens_on_the_real_data_without_exception(real_app):
    at = real_app()
    at.run()
    assert not at.exception
    assert len(map_components(at)) == 1
    args = map_args(at)
    assert args["js_links"] == ["/app/static/vendor/leaflet/leaflet.js"]  # no popups, so no jQuery
    assert args["returned_objects"] == ["last_object_clicked"]
    assert shown(args, "mosul").startswith("Mosul — Islamic State")
    assert len(args["feature_group"]) < 2_000  # a cue, not a month's layer


def test_slider_swaps_the_layer_but_not_the_component(fixture_app):
    at = fixture_app(date="2014-05")
    at.run()
    before_id, before = map_components(at)[0].proto.id, map_args(at)
    assert cue(before)["month"] == "2014-05"
    assert shown(before, "mosul").startswith("Mosul — Iraqi government")
    at.select_slider(key="map.month_key").set_value("2014-06").run()
    after = map_args(at)
    assert map_components(at)[0].proto.id == before_id
    assert after["script"] == before["script"]
    assert cue(after)["month"] == "2014-06"
    assert shown(after, "mosul").startswith("Mosul — Islamic State")
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
    assert shown(map_args(at), "palmyra").startswith("Palmyra — Syrische regering")
    assert cue(map_args(at))["ring"] == ["palmyra"]


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
    assert shown(map_args(at), "mosul").startswith("Mosoel — Islamitische Staat")


def report(at, month: str, seq: int, mount: str = "m1") -> None:
    """What st_folium keeps for the map after the in-map player reported the month it rests on."""
    at.session_state["map-map"] = {"last_object_clicked": None, "atlas_month": month, "atlas_seq": seq, "atlas_mount": mount}


def test_the_players_report_moves_slider_url_and_panel_once(fixture_app):
    at = fixture_app(date="2014-03")
    at.run()
    report(at, "2015-01", 1)
    at.run()
    assert at.select_slider(key="map.month_key").value == "2015-01"
    assert at.query_params["date"] == "2015-01"
    assert "January 2015" in date_label(at)
    assert cue(map_args(at))["answers"] == ["m1", 1]
    at.select_slider(key="map.month_key").set_value("2015-04").run()  # the same report again is old news
    assert at.select_slider(key="map.month_key").value == "2015-04"
    assert cue(map_args(at))["month"] == "2015-04"
    report(at, "2015-02", 1, mount="m2")  # a remounted map counts from 1 again
    at.run()
    assert at.select_slider(key="map.month_key").value == "2015-02"


def test_a_report_with_garbage_is_ignored(fixture_app):
    at = fixture_app(date="2014-03")
    at.run()
    report(at, "2099-01", 5)
    at.run()
    assert not at.exception
    assert at.select_slider(key="map.month_key").value == "2014-03"


def test_broken_data_shows_a_clear_message(broken_data_app):
    broken_data_app.run()
    assert not broken_data_app.exception
    assert "data tables have problems" in broken_data_app.error[0].value
    assert "events.csv, line 3, column 'date': not a real calendar date" in broken_data_app.code[0].value


def test_area_panel_shows_the_published_figure_beside_the_estimate(real_app):
    at = real_app(date="2015-12")
    at.run()
    captions = [c.value for c in at.caption]
    assert any(c.startswith(r"Published: 78 000 km² (IHS Inc\. \(press release\), 14 December 2015).") for c in captions), captions
    at = real_app(date="2018-06", lang="nl")
    at.run()
    assert not any(c.value.startswith("Gepubliceerd") for c in at.caption)  # no IHS figure within two months
    assert any("lege woestijn gaat naar wie de dorpen eromheen in handen heeft" in c.value for c in at.caption)  # METHOD_TEXT


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
    assert shown(map_args(at), "baiji").startswith("Baiji — Iraqi government")


def test_a_site_card_says_it_follows_its_town(real_app):
    at = real_app(date="2015-09", place="temple_of_bel", lang="nl")
    at.run()
    assert any("Een plek in Palmyra" in i.value for i in at.info)
    assert shown(map_args(at), "temple_of_bel").startswith("tempel van Bel — Islamitische Staat")


def test_the_months_events_are_listed_once_per_place(real_app):
    """June 2014: five Tikrit events make one entry (a button that selects Tikrit), not five lines."""
    at = real_app(date="2014-06")
    at.run()
    place_buttons = [b for b in at.button if b.key and b.key.startswith("map.event_place_")]
    names = [b.label for b in place_buttons]
    assert names.count("**Tikrit**") == 1 and names.count("**Mosul**") == 1
    assert len(names) == len(set(names))
    assert sum(c.value.count("  \n") == 4 for c in at.caption) == 1  # Tikrit's five events on one entry
    next(b for b in place_buttons if b.label == "**Tikrit**").click().run()
    assert at.query_params["place"] == "tikrit"
    assert cue(map_args(at))["fly"]["n"] == 1


@pytest.mark.parametrize(("query", "place"), [("Mosoel", "mosul"), ("Mossul", "mosul"), ("Tadmoer", "palmyra"), ("Mosul Dam", "mosul_dam")])
def test_searching_selects_the_best_match_and_moves_the_map(real_app, query, place):
    at = real_app(date="2015-06")
    at.run()
    at.text_input(key="map.place_query").input(query).run()
    assert at.query_params["place"] == place
    assert at.selectbox(key="map.place_select").value == place
    fly = cue(map_args(at))["fly"]
    assert fly["n"] == 1 and fly["zoom"] >= 8
    at.run()  # a rerun does not choose again: the map moves once per choice
    assert cue(map_args(at))["fly"]["n"] == 1


def test_a_click_reports_the_clicked_place_once(fixture_app):
    at = fixture_app(date="2015-06")
    at.run()
    at.session_state["map-map"] = {"last_object_clicked": {"lat": 1, "lng": 2}, "atlas_click": ["m1", 1, "mosul"]}
    at.run()
    assert at.query_params["place"] == "mosul"
    at.selectbox(key="map.place_select").select("palmyra").run()  # a later choice is not undone by the old click
    at.run()
    assert at.query_params["place"] == "palmyra"
    at.session_state["map-map"] = {"atlas_click": ["m1", 2, "mosul"]}  # the same place clicked again
    at.run()
    assert at.query_params["place"] == "mosul"


@pytest.mark.parametrize(
    ("lang", "said", "holder"),
    [
        (
            "en",
            "Not in the article: the article does not name this place. The map follows the cited sources under All sources.",
            "Dabiq — Islamic State",
        ),
        (
            "nl",
            "Niet in het artikel: het artikel noemt deze plaats niet. De kaart volgt de bronnen onder Alle bronnen.",
            "Dabiq — Islamitische Staat",
        ),
    ],
)
def test_a_supporting_place_card_says_the_article_does_not_name_it(real_app, lang, said, holder):
    """Dabiq (data/supporting_places.csv): the card says so plainly and lists the cited dates; the article's own
    places do not carry the line."""
    at = real_app(date="2015-06", place="dabiq", lang=lang)
    at.run()
    assert not at.exception
    assert [i.value for i in at.info] == [said]
    assert any("rferl.org" in m.value for m in at.markdown)  # the cited capture is listed
    assert shown(map_args(at), "dabiq").startswith(holder)
    baiji = real_app(date="2015-06", place="baiji", lang=lang)
    baiji.run()
    assert said not in [i.value for i in baiji.info]


@pytest.mark.parametrize(
    ("month", "lang", "words"),
    [
        ("2014-10", "en", "SDF / YPG (contested)"),  # IS in the town from 6 October 2014
        ("2016-06", "en", "SDF / YPG"),  # the raid of June 2015 ended within two days
        ("2014-09", "nl", "SDF / YPG (belegerd)"),
    ],
)
def test_the_card_says_what_the_map_draws(real_app, month, lang, words):
    at = real_app(date=month, place="kobani", lang=lang)
    at.run()
    assert not at.exception
    holder, _, status = words.partition(" (")
    said = status.rstrip(")") + "," if status else {"en": "held by", "nl": "in handen van"}[lang]  # 'betwist,' / 'held by'
    holding = next(m.value for m in at.markdown if m.value.startswith("**") and (holder in m.value))  # the card's bold line
    assert f" {said} " in holding and markdown_escape(holder) in holding, holding
    assert shown(map_args(at), "kobani").split(" — ", 1)[1].startswith(f"{words}, ")
