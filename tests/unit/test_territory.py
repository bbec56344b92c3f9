"""Territory estimate: equal-area maths, cells clipped to radius and borders, areas by holder."""

from datetime import date

import numpy as np
import pytest
from shapely.geometry import Point, box

from core.model.control import control_on
from core.model.territory import (
    RADIUS_KM,
    area_km2,
    dissolve_by_holder,
    from_equal_area,
    held_area_km2,
    territory_cells,
    territory_features,
    to_equal_area,
)


def test_projection_round_trips():
    lon, lat = np.array([36.29, 44.36, 38.0]), np.array([33.51, 33.31, 36.0])
    back_lon, back_lat = from_equal_area(*to_equal_area(lon, lat))
    np.testing.assert_allclose(back_lon, lon, atol=1e-9)
    np.testing.assert_allclose(back_lat, lat, atol=1e-9)


@pytest.mark.parametrize(("cell", "expected"), [(box(40, 34, 41, 35), 10_190), (box(40, 34, 40.5, 34.5), 2_550)])
def test_area_of_a_one_degree_cell(cell, expected):
    assert area_km2(cell) == pytest.approx(expected, rel=0.01)


def test_cells_are_capped_at_the_radius_and_clipped(fixture_atlas):
    core = fixture_atlas.places[fixture_atlas.places["country"].isin(["IQ", "SY"])]
    clip = box(35, 30, 49, 38)
    cells = territory_cells(core, clip)
    assert set(cells) == set(core["place_id"])
    max_area = np.pi * RADIUS_KM**2
    for place_id, cell in cells.items():
        assert 0 < area_km2(cell) <= max_area * 1.01
        row = core.set_index("place_id").loc[place_id]
        assert cell.buffer(1e-6).contains(Point(row["lon"], row["lat"]))
    half = territory_cells(core, box(35, 30, 49, 34.0))
    assert area_km2(half["mosul"]) == 0.0


def test_held_area_follows_control(fixture_atlas):
    core = fixture_atlas.places[fixture_atlas.places["country"].isin(["IQ", "SY"])]
    cells = territory_cells(core, box(35, 30, 49, 38))
    before = held_area_km2(cells, control_on(fixture_atlas, date(2014, 1, 31)), "IS")
    peak = held_area_km2(cells, control_on(fixture_atlas, date(2015, 6, 30)), "IS")
    end = held_area_km2(cells, control_on(fixture_atlas, date(2019, 1, 1)), "IS")
    assert 0 < before < peak and end == 0.0
    dissolved = dissolve_by_holder(cells, control_on(fixture_atlas, date(2015, 6, 30)))
    assert dissolved.set_index("controller").loc["IS", "area_km2"] == pytest.approx(peak)
    features = territory_features(dissolved)
    assert {f["properties"]["controller"] for f in features} == {"IS", "SDF"}


def test_the_shape_memo_is_bounded_and_reused():
    from shapely.geometry import box

    from core.model.territory import ShapeMemo, merged_cells

    cells = {f"p{i}": box(i, 0, i + 1, 1) for i in range(5)}
    memo = ShapeMemo(maxsize=3)
    first = merged_cells(cells, ["p0", "p1"], memo)
    assert merged_cells(cells, ["p1", "p0"], memo) is first  # the same set of places: reused
    for i in range(2, 5):
        merged_cells(cells, [f"p{i}"], memo)
    assert len(memo) == 3 and ("union", frozenset({"p0", "p1"})) not in memo  # the oldest went first
