"""Issue 15, eastern and southern Syria: the supporting places there carry the territory the published maps draw.

Real data (data/supporting_places.csv, data/sources.csv): the Deir ez-Zor air base stays a government pocket
through IS's siege, the Euphrates valley between Deir ez-Zor and Abu Kamal is IS until the army and the SDF take
it in autumn 2017, and the Hauran (Daraa, al-Suwayda) is not shaded IS while IS held only the Yarmouk basin in
its south-western corner.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from shapely.geometry import Point

from core.codes.constants import BASEMAP_DIR, CORE_COUNTRIES, DATA_DIR
from core.ingest.borders import load_countries
from core.model.atlas import load_atlas
from core.model.control import control_on
from core.model.territory import load_settlements, territory_cells

# Points that are not places of the atlas (published positions of the two provincial capitals).
DARAA = Point(36.102, 32.619)
SUWAYDA = Point(36.570, 32.709)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.fixture(scope="module")
def cells(atlas):
    core = atlas.places[atlas.places["country"].isin(CORE_COUNTRIES)]
    clip = load_countries(BASEMAP_DIR / "countries.geojson", CORE_COUNTRIES)  # as the map cuts them
    return territory_cells(core, clip, load_settlements())


def _state(atlas, place_id: str, day: date) -> tuple[str, str]:
    row = control_on(atlas, day).set_index("place_id").loc[place_id]
    return row["controller"], row["status"]


def _holder_at(atlas, cells, point: Point, day: date) -> str:
    owner = next(place for place, cell in cells.items() if cell.contains(point))
    return control_on(atlas, day).set_index("place_id").loc[owner, "controller"]


def test_the_deir_ez_zor_air_base_row_is_a_government_base_with_its_own_published_position():
    places = pd.read_csv(DATA_DIR / "supporting_places.csv", dtype=str, keep_default_na=False).set_index("place_id")
    overrides = pd.read_csv(DATA_DIR / "geocode_overrides.csv", dtype=str, keep_default_na=False).set_index("place_id")
    assert places.loc["deir_ez_zor_airport", ["country", "kind", "initial_controller", "initial_status"]].tolist() == [
        "SY",
        "base",
        "SY",
        "held",
    ]
    assert overrides.loc["deir_ez_zor_airport", ["lat", "lon", "basis_url"]].tolist() == [
        "35.28528",
        "40.17583",
        "https://hmong.in.th/wiki/Deir_ez-Zor_Airport",
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2015, 6, 30), ("SY", "besieged")),  # surrounded since 8 May 2015 (Antiwar.com/SOHR)
        (date(2017, 2, 28), ("SY", "besieged")),  # cut off from the city on 16 January 2017 (The New Arab)
        (date(2017, 9, 30), ("SY", "held")),  # siege broken on 9 September 2017 (Zeit/AFP)
    ],
)
def test_the_deir_ez_zor_air_base_is_a_besieged_government_pocket_until_september_2017(atlas, day, expected):
    assert _state(atlas, "deir_ez_zor_airport", day) == expected


@pytest.mark.parametrize(
    ("place_id", "day", "expected"),
    [
        ("ashara", date(2016, 6, 30), ("IS", "held")),
        ("ashara", date(2017, 12, 31), ("SY", "held")),  # army, 27 November 2017
        ("muhasan", date(2017, 10, 31), ("SY", "held")),  # army, 17 October 2017
        ("dhiban", date(2017, 11, 30), ("SDF", "held")),  # SDF, 17 November 2017
        ("gharanij", date(2018, 1, 31), ("IS", "held")),  # IS back on 21 December 2017
        ("gharanij", date(2018, 3, 31), ("SDF", "held")),  # SDF again, late February 2018
        ("shafa", date(2018, 12, 31), ("IS", "held")),
        ("shafa", date(2019, 1, 31), ("SDF", "held")),  # SDF, 13 January 2019
    ],
)
def test_the_euphrates_valley_changes_hands_on_the_cited_dates(atlas, place_id, day, expected):
    assert _state(atlas, place_id, day) == expected


@pytest.mark.parametrize(
    ("place_id", "day", "expected"),
    [
        ("shajarah", date(2016, 4, 30), "REB"),
        ("shajarah", date(2016, 6, 30), "IS"),  # Khalid ibn al-Walid Army, 21 May 2016
        ("tasil", date(2017, 3, 31), "IS"),  # 20 February 2017 (Reuters)
        ("tasil", date(2018, 7, 31), "SY"),  # 26 July 2018
        ("nawa", date(2017, 3, 31), "REB"),
        ("bosra_al_sham", date(2015, 2, 28), "SY"),
        ("bosra_al_sham", date(2015, 4, 30), "REB"),  # 25 March 2015
    ],
)
def test_the_yarmouk_basin_and_the_hauran_change_hands_on_the_cited_dates(atlas, place_id, day, expected):
    assert _state(atlas, place_id, day)[0] == expected


@pytest.mark.parametrize("day", [date(2015, 6, 30), date(2017, 6, 30), date(2018, 1, 31)])
def test_daraa_and_al_suwayda_are_not_shaded_is_while_is_holds_only_the_yarmouk_basin(atlas, cells, day):
    """Before the Hauran had dated places, both provinces took the holder of Hajar al-Aswad or of the basin (IS)."""
    assert _holder_at(atlas, cells, DARAA, day) != "IS"
    assert _holder_at(atlas, cells, SUWAYDA, day) != "IS"
    assert _holder_at(atlas, cells, Point(35.882, 32.774), day if day.year > 2016 else date(2017, 6, 30)) == "IS"  # al-Shajara
