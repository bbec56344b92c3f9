"""The in-map player's timeline: change steps per place, gaps, events and cells; text stays data."""

from __future__ import annotations

import json
from datetime import date

import folium
import pandas as pd
import pytest
import shapely

from core.codes.constants import DATA_DIR
from core.model.atlas import load_sides
from core.render.player import MonthCue, TimelinePlayer, player_script, write_payload
from core.render.timeline_payload import NOT_DRAWN, build_timeline, shown_at, timeline_payload

MONTHS = [date(2014, m, 1) for m in (1, 2, 3, 4)]
PLACES = pd.DataFrame(
    {
        "place_id": ["mosul", "camp"],
        "name_en": ["Mosul", "Camp {{7*7}} {#3}"],
        "name_nl": ["Mosoel", "Kamp {{7*7}}"],
        "lat": [36.34, 35.0],
        "lon": [43.13, 40.0],
        "parent_place": ["", ""],
        "kind": ["city", "camp"],
    }
)

SIDES = load_sides(DATA_DIR)[0]  # the atlas declares its sides (data/sides.csv)


def states() -> pd.DataFrame:
    rows = [
        ("mosul", 1, "IQ"),
        ("mosul", 2, "IQ"),
        ("mosul", 3, "IS"),
        ("mosul", 4, "IS"),
        ("camp", 1, "SY"),
        ("camp", 3, "SY"),  # no state in February: not drawn then
    ]
    frame = pd.DataFrame([{"place_id": p, "month": pd.Timestamp(2014, m, 1), "controller": c, "status": "held"} for p, m, c in rows])
    return frame.assign(since=pd.Timestamp(2014, 1, 1), since_precision="day")


def timeline(lang: str = "en") -> dict:
    events = pd.DataFrame({"place_id": ["mosul"], "effective_date": [pd.Timestamp(2014, 3, 10)]})
    attacks = pd.DataFrame(columns=["place_id", "label", "lat", "lon", "effective_date"])
    cells = {"mosul": shapely.box(43, 36, 43.5, 36.5)}
    return build_timeline(PLACES, states(), events, attacks, cells, [0.0, 0.0, 1234.4, 2000.0], MONTHS, lang, SIDES)


def test_places_carry_one_step_per_change_and_gaps_are_not_drawn():
    data = timeline()
    mosul = next(p for p in data["places"] if p["id"] == "mosul")
    assert [step[0] for step in mosul["steps"]] == [0, 2]  # January (IQ) and March (IS): no step for February
    camp = next(p for p in data["places"] if p["id"] == "camp")
    assert [step[:2] for step in camp["steps"]][1] == [1, NOT_DRAWN]
    assert shown_at(data, "mosul", "2014-02")[1].startswith("Mosul — Iraqi government")
    assert shown_at(data, "mosul", "2014-04")[1].startswith("Mosul — Islamic State")
    assert shown_at(data, "camp", "2014-02") is None
    assert shown_at(data, "camp", "2014-03") is not None


def test_events_areas_and_cells_are_per_month_and_per_place():
    data = timeline()
    mosul = [p["id"] for p in data["places"]].index("mosul")
    assert data["events"] == [[], [], [mosul], []]
    assert data["area"] == [0, 0, 1234, 2000]
    assert [f["properties"]["place"] for f in data["cells"]["features"]] == [mosul]
    assert data["labels"][0] == "January 2014"
    assert timeline("nl")["labels"][0] == "januari 2014"
    assert timeline("nl")["words"]["play"] == "Afspelen"


def test_text_reaches_the_player_as_data_never_as_template_code(tmp_path):
    payload = timeline_payload(timeline())
    assert "{{" not in payload.json and "{#" not in payload.json
    assert json.loads(payload.json)["places"][1]["name"].startswith("Camp &#123;&#123;7*7&#125;&#125;")
    m = folium.Map(tiles=None)
    TimelinePlayer("2014-01", payload=payload).add_to(m)
    html = m.get_root().render()
    assert payload.json in html  # embedded as written: branca did not evaluate any of it
    assert (tmp_path / write_payload(payload, tmp_path)).read_text() == payload.json


def test_the_player_code_has_no_template_syntax():
    code = player_script()
    assert not any(token in code for token in ("{{", "{%", "{#"))


def test_a_cue_is_small_json():
    cue = MonthCue("2015-06", ["palmyra"], True, False, ("abc", 3))
    m = folium.Map(tiles=None)
    fg = folium.FeatureGroup().add_to(m)
    cue.add_to(fg)
    rendered = m.get_root().render()
    assert '{"month":"2015-06","ring":["palmyra"],"territory":true,"attacks":false,"answers":["abc",3]}' in rendered


def test_the_player_names_its_controls_in_the_ui_language_before_the_timeline_arrives():
    m = folium.Map(tiles=None)
    TimelinePlayer("2014-01", url="/app/static/timeline/x.json", words=timeline("nl")["words"]).add_to(m)
    html = m.get_root().render()
    for word in (
        "Eén maand terug",
        "Eén maand verder",
        "Afspelen",
        "Maand",
        "Snelheid",
        "Wie welke plaats in handen heeft",
        "Grondgebied Islamitische Staat",
    ):
        assert json.dumps(word)[1:-1] in html  # as JSON data in the script
    assert '"legendShare":0.25' in html
    assert "@media (pointer: coarse)" in html  # the player's CSS (player.css) travels with its config


def test_fronts_go_into_the_payload_only_when_drawn_in_some_month():
    from core.model.territory import TerritoryCells

    line = shapely.LineString([(42, 35), (42, 36)])
    cells = TerritoryCells(
        {"mosul": shapely.box(42, 35, 43.5, 36.5), "camp": shapely.box(40, 35, 42, 36.5)},
        {"mosul": 1.0, "camp": 1.0},
        [("camp", "mosul", line)],
    )
    events = pd.DataFrame({"place_id": [], "effective_date": []})
    attacks = pd.DataFrame(columns=["place_id", "label", "lat", "lon", "effective_date"])
    quiet = build_timeline(PLACES, states(), events, attacks, cells, [0.0] * 4, MONTHS, "en", SIDES)
    assert quiet["fronts"]["features"] == []  # IQ/IS beside SY, but nobody fights: nothing to draw
    fighting = states()
    fighting.loc[(fighting["place_id"] == "mosul") & (fighting["month"] == pd.Timestamp(2014, 3, 1)), "status"] = "contested"
    data = build_timeline(PLACES, fighting, events, attacks, cells, [0.0] * 4, MONTHS, "en", SIDES)
    index = {p["id"]: i for i, p in enumerate(data["places"])}
    [front] = data["fronts"]["features"]
    assert front["properties"] == {"a": index["camp"], "b": index["mosul"]}
    codes = {(s["holder"], s["fighting"]) for s in data["styles"]}
    assert ("IS", True) in codes and ("SY", False) in codes
    assert all(s["cell"]["stroke"] is False for s in data["styles"])  # cells of one holder merge: no inner edges


def test_a_part_of_a_cell_takes_the_next_places_holder_while_its_place_is_besieged():
    """The towns around a besieged place (territory.shading_state) are a part with steps of their own; the fronts
    index a part after the places."""
    from core.model.territory import TerritoryCells

    cells = TerritoryCells(
        {"mosul": shapely.box(43, 36, 43.5, 36.5), "camp": shapely.box(40, 35, 40.5, 35.5), "mosul>camp": shapely.box(43.5, 36, 44, 36.5)},
        {"mosul": 1.0, "camp": 1.0, "mosul>camp": 1.0},
        [("mosul>camp", "camp", shapely.LineString([(43.5, 36), (43.5, 36.5)]))],
        parts={"mosul>camp": ("mosul", "camp")},
    )
    besieged = states()
    besieged.loc[(besieged["place_id"] == "mosul") & (besieged["month"] == pd.Timestamp(2014, 2, 1)), "status"] = "besieged"
    besieged.loc[(besieged["place_id"] == "mosul") & (besieged["month"] == pd.Timestamp(2014, 4, 1)), "status"] = "contested"
    camp = besieged[besieged["place_id"] == "camp"].head(1)
    besieged = pd.concat(
        [besieged, camp.assign(month=pd.Timestamp(2014, 2, 1)), camp.assign(month=pd.Timestamp(2014, 4, 1))], ignore_index=True
    )
    events = pd.DataFrame({"place_id": [], "effective_date": []})
    attacks = pd.DataFrame(columns=["place_id", "label", "lat", "lon", "effective_date"])
    data = build_timeline(PLACES, besieged, events, attacks, cells, [0.0] * 4, MONTHS, "en", SIDES)
    code = {(s["holder"], s["fighting"]): i for i, s in enumerate(data["styles"])}
    # January mosul's (IQ), February camp's (SY) while mosul is besieged, from March mosul's again (IS; in April contested).
    assert data["parts"] == [
        {"steps": [[0, code[("IQ", False)]], [1, code[("SY", False)]], [2, code[("IS", False)]], [3, code[("IS", True)]]]}
    ]
    tags = [f["properties"] for f in data["cells"]["features"]]
    assert {"part": 0} in tags and {"place": 0} in tags
    assert [f["properties"] for f in data["fronts"]["features"]] == [{"a": len(data["places"]), "b": 1}]  # April: IS fought over beside SY


def test_place_steps_keep_one_entry_per_change_and_mark_a_missing_month():
    """Only the months where a place's state changes become entries; a month without a state is NOT_DRAWN, and the
    same state after the gap comes back with the same tooltip (the vectorised place_steps, issue 12's bound)."""
    from core.render.timeline_payload import place_steps

    months = [date(2015, m, 1) for m in (1, 2, 3, 4)]
    since = {"a": pd.Timestamp("2014-06-10"), "b": pd.Timestamp("2015-03-20"), "c": pd.Timestamp("2014-01-01")}
    rows = [("p1", m, "IS", "held", since["a"]) for m in months[:3]] + [("p1", months[3], "IQ", "held", since["b"])]
    rows += [("p2", months[0], "IQ", "held", since["c"]), ("p2", months[2], "IQ", "held", since["c"])]
    frame = pd.DataFrame(rows, columns=["place_id", "month", "controller", "status", "since"]).assign(
        month=lambda f: pd.to_datetime(f["month"]), since_precision="day", name_en=lambda f: f["place_id"], name_nl=lambda f: f["place_id"]
    )
    steps, texts = place_steps(frame, months, {("IS", "held"): 0, ("IQ", "held"): 1}, "en", SIDES)
    assert steps == {"p1": [[0, 0, 0], [3, 1, 1]], "p2": [[0, 1, 2], [1, NOT_DRAWN, 0], [2, 1, 2]]}
    assert len(texts) == 3 and texts[0].startswith("p1 — ") and "10 June 2014" in texts[0]
    for outside in (pd.Timestamp("2015-02-15"), pd.Timestamp("2015-05-01")):  # not a timeline month: an error, not a neighbour's
        with pytest.raises(ValueError, match="not one of the timeline's months"):
            place_steps(frame.assign(month=frame["month"].where(frame.index != 1, outside)), months, {}, "en", SIDES)
