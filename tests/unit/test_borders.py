"""The committed country borders (and rivers) load, and points land in the right country."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from core.ingest.borders import country_of, load_countries, point_in_country
from scripts.extract_borders import RIVER_REACH_DEGREES, SMALLEST_LAKE_KM2, decode_arcs, refine_river, stitch, to_shape, without_lakes

DATA = Path(__file__).resolve().parents[2] / "data"
PROJECT_COUNTRIES = {"IQ", "SY", "TR", "JO", "LB", "IL", "PS", "SA", "IR", "KW", "EG", "LY", "TN", "AF", "PK", "FR", "BE", "DE"}
NEIGHBOURS = {"CY", "AM", "AZ", "GE", "GR", "BG"}


@pytest.fixture(scope="module")
def countries():
    return load_countries(DATA / "countries.geojson")


def test_countries_file_is_small_and_complete(countries):
    assert (DATA / "countries.geojson").stat().st_size < 1_500_000
    assert set(countries) >= PROJECT_COUNTRIES | NEIGHBOURS
    assert all(geometry.is_valid and not geometry.is_empty for geometry in countries.values())


def test_every_feature_has_iso2_and_name():
    features = json.loads((DATA / "countries.geojson").read_text(encoding="utf-8"))["features"]
    iso_codes = [f["properties"]["iso2"] for f in features]
    assert len(iso_codes) == len(set(iso_codes))
    assert all(len(code) == 2 and code.isupper() for code in iso_codes)
    names = {f["properties"]["iso2"]: f["properties"]["name"] for f in features}
    assert (names["IQ"], names["SY"], names["CY"]) == ("Iraq", "Syria", "Cyprus")


@pytest.mark.parametrize(
    ("place", "lat", "lon", "iso2"),
    [
        ("Baghdad", 33.31, 44.36, "IQ"),
        ("Mosul", 36.34, 43.13, "IQ"),
        ("Sinjar (Iraq)", 36.32, 41.88, "IQ"),
        ("Damascus", 33.51, 36.29, "SY"),
        ("Raqqa", 35.95, 39.01, "SY"),
        ("Sinjar (Syria)", 35.59, 37.00, "SY"),
        ("Baghuz", 34.47, 40.95, "SY"),
        ("Paris", 48.86, 2.35, "FR"),
        ("Brussels", 50.85, 4.35, "BE"),
        ("Sirte", 31.21, 16.59, "LY"),
        ("Gaziantep", 37.07, 37.38, "TR"),
        ("Nicosia north", 35.25, 33.40, "CY"),  # Northern Cyprus is merged into CY
    ],
)
def test_places_fall_in_their_country(countries, place, lat, lon, iso2):
    assert country_of(lat, lon, countries) == iso2
    assert point_in_country(lat, lon, iso2, countries)


@pytest.mark.parametrize(
    ("lat", "lon", "iso2"),
    [(33.51, 36.29, "IQ"), (33.31, 44.36, "SY"), (44.36, 33.31, "IQ"), (48.86, 2.35, "BE")],
)
def test_points_outside_a_country(countries, lat, lon, iso2):
    assert not point_in_country(lat, lon, iso2, countries)


def test_coastal_tolerance(countries):
    # Just off the Syrian coast at Latakia: outside the 1:50m polygon, within the tolerance.
    lat, lon = 35.52, 35.765
    assert not countries["SY"].contains(shape({"type": "Point", "coordinates": [lon, lat]}))
    assert point_in_country(lat, lon, "SY", countries)
    assert not point_in_country(lat, lon, "SY", countries, tolerance=0.0)
    assert country_of(lat, lon, countries) == "SY"


def test_open_sea_has_no_country(countries):
    assert country_of(34.0, 20.0, countries) is None  # central Mediterranean


def test_unknown_country_is_an_error(countries):
    with pytest.raises(KeyError, match="ZZ"):
        point_in_country(0.0, 0.0, "ZZ", countries)


def test_rivers_file_has_euphrates_and_tigris(countries):
    features = json.loads((DATA / "rivers.geojson").read_text(encoding="utf-8"))["features"]
    rivers = {f["properties"]["name"]: shape(f["geometry"]) for f in features}
    assert {"Euphrates", "Tigris"} <= set(rivers)
    assert rivers["Euphrates"].intersects(countries["SY"]) and rivers["Euphrates"].intersects(countries["IQ"])
    assert rivers["Tigris"].distance(shape({"type": "Point", "coordinates": [44.36, 33.31]})) < 0.1  # Baghdad


def test_topojson_decoding():
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]],
        "objects": {},
    }
    arcs = decode_arcs(topology)
    assert arcs[0] == [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0)]
    assert stitch(arcs, [0, 1]) == [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0), (10.0, 21.0), (10.0, 20.0)]
    assert stitch(arcs, [~1])[0] == (10.0, 20.0)  # ~1 is arc 1 reversed
    square = to_shape({"type": "Polygon", "arcs": [[0, 1]]}, arcs)
    assert square.area == pytest.approx(1.0)


def test_a_river_line_moves_onto_the_water_beside_it_but_not_onto_far_water():
    """Natural Earth's line 0.02° (about 2 km) north of a river's water area moves onto it, so a town on the north bank
    is no longer on the line's south side; water farther than RIVER_REACH_DEGREES does not pull the line."""
    water = [shapely.box(40.0, 35.0, 41.0, 35.004)]  # a river 400 m wide, flowing east
    near = refine_river(shapely.LineString([(40.1, 35.022), (40.9, 35.022)]), water)
    assert near.distance(water[0]) < 1e-9 and max(y for _, y in near.coords) <= 35.004
    far_y = 35.004 + RIVER_REACH_DEGREES + 0.01
    far = refine_river(shapely.LineString([(40.1, far_y), (40.9, far_y)]), water)
    assert min(y for _, y in far.coords) == pytest.approx(far_y)


@pytest.mark.parametrize(
    ("lake", "lat", "lon", "iso2"),
    [("Tharthar", 34.02, 43.25, "IQ"), ("Razzaza", 32.78, 43.59, "IQ"), ("Assad", 36.08, 38.06, "SY"), ("Mosul Dam", 36.68, 42.92, "IQ")],
)
def test_lakes_are_not_land_but_lie_in_their_country(countries, lake, lat, lon, iso2):
    """Iraq's and Syria's large lakes are holes in the land (the territory's cells and area stop at the water),
    yet a point on the water lies in the country around it."""
    assert not countries[iso2].contains(shapely.Point(lon, lat)), f"Lake {lake} is drawn as land"
    assert country_of(lat, lon, countries) == iso2
    assert point_in_country(lat, lon, iso2, countries, tolerance=0.0)


def test_without_lakes_cuts_large_lakes_only():
    """A lake of 100 km² inside the country is cut out, one under SMALLEST_LAKE_KM2 stays land, and water outside
    the country changes nothing."""
    country = shapely.box(40.0, 35.0, 41.0, 36.0)
    large, small, outside = shapely.box(40.2, 35.2, 40.31, 35.29), shapely.box(40.6, 35.6, 40.62, 35.62), shapely.box(42, 35, 43, 36)
    land = without_lakes(country, [large, small, outside])
    assert not land.contains(large.centroid) and land.contains(small.centroid)
    assert len(land.interiors) == 1 and land.area == pytest.approx(country.area - large.area, rel=0.02)
    assert SMALLEST_LAKE_KM2 > 2.5  # the small lake (about 4 km²) is under the threshold
    assert without_lakes(country, [outside]).equals(country)
