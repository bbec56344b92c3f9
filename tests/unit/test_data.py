"""The committed tables: integrity, coordinates inside their countries, evidence found verbatim, sane control."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.codes.constants import BASEMAP_DIR, CORE_COUNTRIES, DATA_DIR, SOURCE_ARTICLE
from core.ingest.borders import load_countries, point_in_country
from core.model.atlas import load_atlas
from core.model.control import control_on, inconsistent_sequences
from scripts.build_tables import build


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(DATA_DIR)


@pytest.fixture(scope="module")
def article() -> str:
    if not SOURCE_ARTICLE.exists():
        pytest.skip(f"the source article is not at {SOURCE_ARTICLE} (it is not shipped with the project; CI has it in ../shared/source)")
    return SOURCE_ARTICLE.read_text(encoding="utf-8")


def test_tables_load_without_problems(atlas):
    assert len(atlas.places) >= 120 and len(atlas.events) >= 240
    assert atlas.places["place_id"].is_unique and atlas.events["event_id"].is_unique
    assert set(atlas.events["place_id"]) <= set(atlas.places["place_id"])


def test_committed_tables_are_what_the_build_script_makes():
    """Whole rows, every column: a hand edit to a committed table (or a script change not rerun) fails."""
    built = dict(zip(("places.csv", "events.csv", "unmapped.csv"), build(), strict=True))
    for name, frame in built.items():
        committed = pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(committed, frame.reset_index(drop=True).astype(str), check_dtype=False, obj=name)


def test_every_point_lies_in_its_own_country(atlas):
    countries = load_countries(BASEMAP_DIR / "countries.geojson")
    outside = [
        f"{row.place_id} ({row.country}) at {row.lat}, {row.lon}"
        for row in atlas.places.itertuples()
        if not point_in_country(row.lat, row.lon, row.country, countries)
    ]
    assert outside == []


def test_every_evidence_phrase_is_in_the_article(atlas, article):
    missing = [f"{row.event_id}: {row.evidence[:60]}" for row in atlas.events.itertuples() if row.evidence not in article]
    assert missing == []


def test_every_section_is_an_article_heading(atlas, article):
    headings = {line.strip("= ").strip() for line in article.splitlines() if line.startswith("==")} | {"(inleiding)"}
    bad = {s for s in atlas.events["section"] if s and not set(s.split(" > ")) <= headings}
    assert bad == set()


def test_places_in_iraq_and_syria_have_an_initial_holder(atlas):
    core = atlas.places[atlas.places["country"].isin(CORE_COUNTRIES)]
    assert (core["initial_controller"] != "").all()
    assert (core["initial_basis"] != "").all()


def test_control_sequences_are_consistent_or_noted(atlas):
    assert inconsistent_sequences(atlas).empty


def test_no_capture_of_a_place_the_captor_already_holds(atlas):
    control = atlas.control_events
    initial = atlas.places.set_index("place_id")["initial_controller"]
    holder_before = control.groupby("place_id")["actor_after"].shift(1).fillna(control["place_id"].map(initial))
    captures = control[control["event_type"] == "captured"]
    assert captures[(holder_before[captures.index] == "IS") & (captures["note"] == "")].empty


def test_rows_left_out_of_the_model_say_why(atlas):
    left_out = atlas.events[atlas.events["in_model"] == "no"]
    assert len(left_out) >= 10
    assert left_out["note"].str.len().gt(20).all()


@pytest.mark.parametrize(
    ("place_id", "day", "holder"),
    [
        ("mosul", date(2014, 6, 30), "IS"),
        ("mosul", date(2017, 7, 31), "IQ"),
        ("raqqa", date(2017, 10, 31), "SDF"),
        ("palmyra", date(2015, 6, 30), "IS"),
        ("palmyra", date(2016, 4, 30), "SY"),
        ("palmyra", date(2017, 1, 31), "IS"),
        ("palmyra", date(2017, 3, 31), "SY"),
        ("fallujah", date(2014, 1, 31), "IS"),
        ("fallujah", date(2015, 1, 31), "IS"),
        ("fallujah", date(2016, 6, 30), "IQ"),
        ("abu_kamal", date(2017, 11, 10), "SY"),
        ("abu_kamal", date(2017, 11, 12), "IS"),
        ("abu_kamal", date(2017, 11, 30), "SY"),
        ("kobani", date(2014, 10, 31), "SDF"),
        ("baghuz", date(2019, 3, 31), "SDF"),
        ("ramadi", date(2015, 6, 30), "IS"),
        ("ramadi", date(2016, 1, 31), "IQ"),
    ],
)
def test_known_holders_on_dates(atlas, place_id, day, holder):
    state = control_on(atlas, day).set_index("place_id")
    assert state.loc[place_id, "controller"] == holder


def test_is_holds_no_place_in_iraq_or_syria_after_baghuz(atlas):
    state = control_on(atlas, date(2019, 4, 30)).merge(atlas.places[["place_id", "country"]])
    assert state[(state["controller"] == "IS") & state["country"].isin(CORE_COUNTRIES)].empty


def test_attacks_abroad_are_covered(atlas):
    attacked = set(atlas.events.loc[atlas.events["event_type"] == "attack", "place_id"])
    assert {"paris", "brussels", "sousse", "ankara", "berlin", "kabul"} <= attacked


@pytest.mark.parametrize(
    ("place_id", "same_bank", "other_bank"),
    [
        ("busayrah", "shuheil", "muhasan"),  # 'Al Busayrah on the eastern bank of the Euphrates river' (TRT World)
        ("hit", "ramadi", "tharthar_base"),  # Hit and Ramadi on the right (south-west) bank
    ],
)
def test_places_lie_on_the_bank_of_the_river_their_sources_give(atlas, place_id, same_bank, other_bank):
    """The territory splits Iraq and Syria at the Euphrates and the Tigris (data/rivers.geojson), so a point on the
    wrong side of the drawn river takes the other bank's towns: al-Busayrah's GeoNames point lay 0.1 km west of it
    and took the government's bank around Muhasan for the SDF from November 2017 (geocode_overrides.csv)."""
    from core.model.territory import anchor_lands, load_rivers, project, split_banks, to_equal_area

    places = atlas.places.set_index("place_id").loc[[place_id, same_bank, other_bank]]
    borders = load_countries(BASEMAP_DIR / "countries.geojson", CORE_COUNTRIES)
    banks = split_banks({code: project(shape) for code, shape in borders.items()}, project(load_rivers()))
    x, y = to_equal_area(places["lon"].to_numpy(float), places["lat"].to_numpy(float))
    lands = anchor_lands(x, y, places["country"].to_numpy(dtype=object), banks)
    assert lands[0] == lands[1] != lands[2]
