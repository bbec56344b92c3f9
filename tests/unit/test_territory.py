"""Territory model: equal-area maths, each rule on tiny synthetic maps, areas by holder, the fronts."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box

from core.model.control import control_on
from core.model.territory import (
    RADIUS_KM,
    active_fronts,
    area_km2,
    build_anchors,
    dissolve_by_holder,
    follow,
    from_equal_area,
    held_area_km2,
    is_front,
    shading_rank,
    shading_state,
    territory_cells,
    territory_features,
    to_equal_area,
    unproject,
)

CLIP = unproject(box(-300, -300, 300, 300))  # a 600 x 600 km country around the projection centre


def at_km(points: dict[str, tuple[float, float]], **columns) -> pd.DataFrame:
    """Places at (x, y) km from the projection centre, as lon/lat rows."""
    x, y = np.array([p[0] for p in points.values()], float), np.array([p[1] for p in points.values()], float)
    lon, lat = from_equal_area(x, y)
    frame = pd.DataFrame({"place_id": list(points), "lon": lon, "lat": lat, "parent_place": ""})
    return frame.assign(**columns)


def state_of(holders: dict[str, tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"place_id": p, "controller": c, "status": s} for p, (c, s) in holders.items()])


def test_projection_round_trips():
    lon, lat = np.array([36.29, 44.36, 38.0]), np.array([33.51, 33.31, 36.0])
    back_lon, back_lat = from_equal_area(*to_equal_area(lon, lat))
    np.testing.assert_allclose(back_lon, lon, atol=1e-9)
    np.testing.assert_allclose(back_lat, lat, atol=1e-9)


@pytest.mark.parametrize(("cell", "expected"), [(box(40, 34, 41, 35), 10_190), (box(40, 34, 40.5, 34.5), 2_550)])
def test_area_of_a_one_degree_cell(cell, expected):
    assert area_km2(cell) == pytest.approx(expected, rel=0.01)


def test_cells_cover_the_whole_country_and_each_holds_its_place():
    places = at_km({"a": (-150, 0), "b": (150, 0), "c": (0, 200)})
    cells = territory_cells(places, CLIP)
    assert area_km2(shapely.union_all(list(cells.values()))) == pytest.approx(area_km2(CLIP), rel=0.001)  # no blank land
    for row in places.itertuples():
        assert cells[row.place_id].buffer(1e-6).contains(Point(row.lon, row.lat))


def test_desert_between_two_towns_of_one_holder_goes_to_that_holder():
    places = at_km({"west": (-200, 0), "east": (200, 0), "north": (0, 280)})
    cells = territory_cells(places, CLIP)
    dissolved = dissolve_by_holder(cells, state_of({"west": ("IS", "held"), "east": ("IS", "held"), "north": ("IQ", "held")}))
    territory = dissolved.set_index("controller")["geometry"]
    middle = Point(*(float(v[0]) for v in from_equal_area(np.array([0.0]), np.array([0.0]))))
    assert territory["IS"].contains(middle) and not territory["IQ"].contains(middle)


def test_a_settlement_follows_the_place_nearest_along_the_chain_of_towns():
    """S is 45 km from A across empty land, 62 km from B along a row of villages 15 km apart: it follows B."""
    x, y = np.array([0.0, 60.0]), np.array([0.0, 60.0])  # A, B
    settlement = np.array([45.0, 0.0])
    row = np.array([[49.0, 15.0], [53.0, 30.0], [57.0, 45.0]])  # villages between S and B
    sx, sy = np.concatenate([[settlement[0]], row[:, 0]]), np.concatenate([[settlement[1]], row[:, 1]])
    along_roads = build_anchors(x, y, sx, sy, link_km=25.0, desert_factor=3.0)
    assert follow(along_roads, sx[:1], sy[:1])[0] == 1
    straight = build_anchors(x, y, sx, sy, link_km=25.0, desert_factor=1.0)  # no penalty for empty land
    assert follow(straight, sx[:1], sy[:1])[0] == 0


def test_follow_is_the_voronoi_cell_the_point_lies_in():
    places = at_km({"a": (-100, 0), "b": (100, 0)})
    cells = territory_cells(places, CLIP)
    x, y = to_equal_area(places["lon"].to_numpy(), places["lat"].to_numpy())
    anchors = build_anchors(x, y, np.empty(0), np.empty(0))
    qx, qy = np.array([-10.0, 10.0, 250.0]), np.array([50.0, -50.0, 250.0])
    owners = follow(anchors, qx, qy)
    lon, lat = from_equal_area(qx, qy)
    for owner, point in zip(owners, zip(lon, lat, strict=True), strict=True):
        assert cells[["a", "b"][owner]].contains(Point(point))
    assert list(follow(anchors, qx, qy, cap_km=120.0)) == [0, 1, -1]  # a cap leaves land beyond it blank


def test_cells_are_contiguous_and_merge_per_holder_without_inner_borders():
    places = at_km({"a": (-150, -100), "b": (-150, 100), "c": (150, 0)})
    rng = np.random.default_rng(3)
    lon, lat = from_equal_area(rng.uniform(-290, 290, 80), rng.uniform(-290, 290, 80))
    cells = territory_cells(places, CLIP, pd.DataFrame({"lon": lon, "lat": lat}))
    for cell in cells.values():
        assert cell.geom_type == "Polygon"  # one piece each: a place's settlements touch it
    dissolved = dissolve_by_holder(cells, state_of({"a": ("IS", "held"), "b": ("IS", "held"), "c": ("SY", "held")}))
    merged = dissolved.set_index("controller").loc["IS", "geometry"]
    assert merged.geom_type == "Polygon" and len(merged.interiors) == 0  # one shape: the a/b border is gone


def test_a_front_is_drawn_only_where_two_holders_meet_in_fighting():
    places = at_km({"a": (-200, 0), "b": (0, 0), "c": (200, 0)})
    cells = territory_cells(places, CLIP)
    assert {(a, b) for a, b, _ in cells.fronts} == {("a", "b"), ("b", "c")}
    fighting = state_of({"a": ("IS", "held"), "b": ("IQ", "contested"), "c": ("IQ", "held")})
    assert [(a, b) for a, b, _ in active_fronts(cells, fighting)] == [("a", "b")]  # not between b and c (one holder)
    quiet = state_of({"a": ("IS", "held"), "b": ("IQ", "held"), "c": ("IQ", "held")})
    assert active_fronts(cells, quiet) == []  # two holders meet, but nobody fights
    line = active_fronts(cells, fighting)[0][2]
    assert line.distance(cells["a"].boundary) < 1e-6 and line.distance(cells["b"].boundary) < 1e-6


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (("IS", "held"), ("IQ", "contested"), True),
        (("IS", "besieged"), ("SY", "held"), True),
        (("IS", "held"), ("IQ", "held"), False),
        (("IQ", "contested"), ("IQ", "held"), False),
        (("", ""), ("IQ", "contested"), False),
    ],
)
def test_is_front(a, b, expected):
    assert is_front(*a, *b) is expected


def test_the_counted_area_stops_at_the_radius_but_the_drawn_cell_does_not():
    places = at_km({"lonely": (0, 0)})
    cells = territory_cells(places, CLIP)
    assert cells.counted_km2["lonely"] == pytest.approx(np.pi * RADIUS_KM**2, rel=0.01)
    assert area_km2(cells["lonely"]) == pytest.approx(600 * 600, rel=0.01)
    assert held_area_km2(cells, state_of({"lonely": ("IS", "held")}), "IS") == pytest.approx(np.pi * RADIUS_KM**2, rel=0.01)
    assert held_area_km2(cells, state_of({"lonely": ("IS", "contested")}), "IS") == pytest.approx(np.pi * RADIUS_KM**2 / 2, rel=0.01)


def test_sites_get_no_cell_of_their_own():
    places = at_km({"town": (0, 0), "museum": (1, 1)}).assign(parent_place=["", "town"])
    assert set(territory_cells(places, CLIP)) == {"town"}


def test_held_area_follows_control(fixture_atlas):
    core = fixture_atlas.places[fixture_atlas.places["country"].isin(["IQ", "SY"])]
    cells = territory_cells(core, box(35, 30, 49, 38))
    assert set(cells) == set(core["place_id"])
    before = held_area_km2(cells, control_on(fixture_atlas, date(2014, 1, 31)), "IS")
    peak = held_area_km2(cells, control_on(fixture_atlas, date(2015, 6, 30)), "IS")
    end = held_area_km2(cells, control_on(fixture_atlas, date(2019, 1, 1)), "IS")
    assert 0 < before < peak and end == 0.0
    dissolved = dissolve_by_holder(cells, control_on(fixture_atlas, date(2015, 6, 30)))
    assert dissolved.set_index("controller").loc["IS", "area_km2"] == pytest.approx(peak)
    features = territory_features(dissolved)
    assert {f["properties"]["controller"] for f in features} == {"IS", "SDF"}


def test_the_shape_memo_is_bounded_and_reused():
    from core.model.territory import ShapeMemo, merged_cells

    cells = {f"p{i}": box(i, 0, i + 1, 1) for i in range(5)}
    memo = ShapeMemo(maxsize=3)
    first = merged_cells(cells, ["p0", "p1"], memo)
    assert merged_cells(cells, ["p1", "p0"], memo) is first  # the same set of places: reused
    for i in range(2, 5):
        merged_cells(cells, [f"p{i}"], memo)
    assert len(memo) == 3 and ("union", frozenset({"p0", "p1"})) not in memo  # the oldest went first


def test_two_places_at_one_point_share_one_cell_and_leave_no_hole():
    places = at_km({"town": (0, 0), "same_town": (0, 0), "other": (200, 0)})
    lon, lat = from_equal_area(np.array([-100.0, -150.0, 20.0]), np.array([0.0, 50.0, 100.0]))
    cells = territory_cells(places, CLIP, pd.DataFrame({"lon": lon, "lat": lat}))
    assert cells["same_town"].is_empty and not cells["town"].is_empty
    covered = shapely.union_all([c for c in cells.values() if not c.is_empty])
    assert area_km2(covered) == pytest.approx(area_km2(CLIP), rel=0.001)


def test_a_district_holds_its_own_quarter_and_the_towns_around_follow_the_city():
    """A quarter of a city (kind district, OWN_GROUND_KINDS) does not spread over the countryside: before this
    rule Hajar al-Aswad (a Damascus quarter IS held) took every town south of Damascus to the Jordanian border."""
    places = at_km({"city": (0, 0), "quarter": (0, -3)}).assign(kind=["city", "district"])
    lon, lat = from_equal_area(np.array([0.0, 0.0, 5.0]), np.array([-40.0, -80.0, -120.0]))  # towns south of the quarter
    towns = pd.DataFrame({"lon": lon, "lat": lat})
    cells = territory_cells(places, CLIP, towns)
    for town in shapely.points(lon, lat):
        assert cells["city"].contains(town) and not cells["quarter"].contains(town)  # its own ground only
    spread = territory_cells(places.assign(kind="town"), CLIP, towns)  # the same places as towns: the quarter spreads
    assert all(spread["quarter"].contains(town) for town in shapely.points(lon, lat))


def test_reach_leaves_towns_far_along_the_chain_unknown_neither_drawn_nor_counted():
    places = at_km({"town": (0, 0)})
    lon, lat = from_equal_area(np.array([20.0, 40.0, 160.0]), np.zeros(3))  # 20 km hops, then a 120 km gap
    towns = pd.DataFrame({"lon": lon, "lat": lat})
    near = territory_cells(places, CLIP, towns, reach_km=100.0)
    anywhere = territory_cells(places, CLIP, towns)
    far_town = shapely.Point(lon[2], lat[2])
    assert anywhere["town"].contains(far_town) and not near["town"].contains(far_town)
    assert near["town"].contains(shapely.Point(lon[1], lat[1]))
    assert near.counted_km2["town"] < anywhere.counted_km2["town"]
    assert near.own_km2["town"] == pytest.approx(anywhere.own_km2["town"])  # its own ground stays


def test_the_towns_around_a_besieged_or_uncertain_place_follow_the_next_place():
    """A government pocket (besieged) keeps its own ground; the towns around it take the besieging side's holder, the
    next nearest place along the chain. Without the place in `split` (or when it is held) they stay with it."""
    places = at_km({"pocket": (0, 0), "ring": (100, 0)})
    lon, lat = from_equal_area(np.array([20.0, 40.0]), np.zeros(2))  # two towns nearer the pocket
    towns = pd.DataFrame({"lon": lon, "lat": lat})
    cells = territory_cells(places, CLIP, towns, split={"pocket"})
    assert set(cells.parts.values()) == {("pocket", "ring")}
    town = shapely.Point(lon[0], lat[0])
    for status, holder in (("besieged", "IS"), ("uncertain", "IS"), ("held", "SY"), ("contested", "SY")):
        dissolved = dissolve_by_holder(cells, state_of({"pocket": ("SY", status), "ring": ("IS", "held")})).set_index("controller")
        assert dissolved.loc[holder, "geometry"].contains(town), status
        assert dissolved.loc["SY", "geometry"].contains(Point(places.loc[0, "lon"], places.loc[0, "lat"]))  # its own ground
    besieged = state_of({"pocket": ("SY", "besieged"), "ring": ("IS", "held")})
    assert held_area_km2(cells, besieged, "SY") == pytest.approx(cells.own_km2["pocket"])
    whole = territory_cells(places, CLIP, towns)  # not split: the towns stay with the pocket
    assert not whole.parts and whole["pocket"].contains(town)
    assert held_area_km2(whole, besieged, "SY") == pytest.approx(whole.counted_km2["pocket"])


def test_the_towns_around_a_pocket_besieged_beside_another_take_the_besiegers_holder():
    """Two government pockets besieged side by side (al-Fu'ah and Kafriya): the towns around the first take the
    holder of the next nearest place that is not itself besieged or uncertain (the ring), not the second pocket's;
    when the second pocket is held (no longer besieged), they take its holder, the next nearest."""
    places = at_km({"pocket": (0, 0), "twin": (12, 0), "ring": (100, 0)})
    lon, lat = from_equal_area(np.array([-20.0, -40.0]), np.zeros(2))  # two towns beyond the pocket, away from the ring
    cells = territory_cells(places, CLIP, pd.DataFrame({"lon": lon, "lat": lat}), split={"pocket", "twin"})
    assert set(cells.parts.values()) >= {("pocket", "twin", "ring")}
    town = Point(lon[0], lat[0])
    for twin, holder in (("besieged", "REB"), ("uncertain", "REB"), ("held", "SY")):
        state = state_of({"pocket": ("SY", "besieged"), "twin": ("SY", twin), "ring": ("REB", "held")})
        dissolved = dissolve_by_holder(cells, state)
        assert shapely.union_all(dissolved.loc[dissolved["controller"] == holder, "geometry"]).contains(town), twin
    part = shading_state(cells, state_of({"pocket": ("SY", "uncertain"), "twin": ("SY", "besieged"), "ring": ("REB", "held")}))
    assert part[part["place_id"] == "pocket>twin>ring"].drop(columns="place_id").to_dict("records") == [
        {"controller": "REB", "status": "held"}
    ]


@pytest.mark.parametrize(
    ("statuses", "held", "expected"),
    [
        ([["held"], ["held"], ["held"]], [[1], [1], [1]], [0]),  # the place does not yield: its own
        ([["besieged"], ["held"], ["held"]], [[1], [1], [1]], [1]),  # the next place
        ([["uncertain"], ["besieged"], ["held"]], [[1], [1], [1]], [2]),  # the next that does not yield
        ([["besieged"], ["uncertain"], ["besieged"]], [[1], [1], [1]], [1]),  # all yield: the first next
        ([["besieged"], [""], ["held"]], [[1], [0], [1]], [2]),  # the next has no holder that month
        ([["besieged"], [""], [""]], [[1], [0], [0]], [0]),  # no next has a holder: its own
        ([["held", "besieged"], ["besieged", "held"]], [[1, 1], [1, 1]], [0, 1]),  # month by month
    ],
)
def test_shading_rank_picks_the_nearest_place_that_does_not_yield(statuses, held, expected):
    assert shading_rank(np.array(statuses, dtype=object), np.array(held, dtype=bool)).tolist() == expected


def test_a_town_in_the_river_valley_follows_the_place_up_the_river():
    """A town 40 km down the river from `upriver` and 22 km across dry land from `inland`: hops in the valley cost
    RIVER_FACTOR of their length, so the river place wins; without the river the nearer one does."""
    places = at_km({"upriver": (0, 0), "inland": (40, -22)})
    lon, lat = from_equal_area(np.array([20.0, 40.0]), np.zeros(2))  # two towns on the river, 20 km apart
    towns = pd.DataFrame({"lon": lon, "lat": lat})
    river = unproject(shapely.LineString([(-50, 0), (100, 0)]))
    town = shapely.Point(lon[1], lat[1])
    assert territory_cells(places, CLIP, towns, rivers=river)["upriver"].contains(town)
    assert territory_cells(places, CLIP, towns)["inland"].contains(town)


def test_a_town_on_one_bank_follows_the_places_on_its_own_bank():
    """`north` sits 5 km north of the river, `south` 60 km south; the town 5 km south of the river is nearer to
    north (10 km), but a hop across the river costs CROSSING_FACTOR times its length, so the chain of towns on the
    south bank (20 km hops) brings it to south, as the Euphrates split the SDF's bank from the government's."""
    places = at_km({"north": (0, 5), "south": (0, -60)})
    lon, lat = from_equal_area(np.zeros(3), np.array([-5.0, -20.0, -40.0]))
    towns = pd.DataFrame({"lon": lon, "lat": lat})
    river = unproject(shapely.LineString([(-300, 0), (300, 0)]))
    town = shapely.Point(lon[0], lat[0])
    assert territory_cells(places, CLIP, towns, crossing=river)["south"].contains(town)
    assert territory_cells(places, CLIP, towns)["north"].contains(town)


def test_a_cell_stops_at_the_river():
    """A point 2 km south of the river is 7 km from `north` and 18 km from the first town on the south bank: the
    cells are cut at the river (split_banks), so it lies in the south bank's cell, not in north's across the water;
    without the river it lies in north's. The area still counts the land within RADIUS_KM of a town on either bank."""
    places = at_km({"north": (0, 5), "south": (0, -60)})
    lon, lat = from_equal_area(np.zeros(2), np.array([-20.0, -40.0]))
    towns = pd.DataFrame({"lon": lon, "lat": lat})
    river = unproject(shapely.LineString([(x, 0) for x in range(-400, 401, 10)]))  # across the whole country
    point = Point(*[float(v[0]) for v in from_equal_area(np.zeros(1), np.array([-2.0]))])
    banks = territory_cells(places, CLIP, towns, crossing=river)
    assert banks["south"].contains(point) and not banks["north"].intersects(unproject(box(-300, -300, 300, -0.5)))
    whole = territory_cells(places, CLIP, towns)
    assert whole["north"].contains(point)
    assert sum(banks.counted_km2.values()) == pytest.approx(sum(whole.counted_km2.values()), rel=0.002)


def test_merged_areas_lose_hairline_gaps_but_keep_real_pockets():
    """Two touching cells can leave a hairline gap where their shared edge was cut at different points: a drawn
    outline showed it as a stray line across the desert. Holes below SLIVER_DEG2 go; a pocket stays."""
    from core.model.territory import merged_cells

    hairline = box(0.5, 0.5, 0.5005, 0.6)  # 5e-5 square degrees
    pocket = box(0.5, 1.2, 0.7, 1.4)  # 0.04 square degrees
    cells = {"a": box(0, 0, 2, 2).difference(hairline).difference(pocket), "b": box(2, 0, 3, 2)}
    merged, _ = merged_cells(cells, ["a", "b"])
    holes = [shapely.Polygon(ring).area for part in shapely.get_parts(merged) for ring in part.interiors]
    assert holes == [pytest.approx(0.04)]


WEST, EAST = unproject(box(-300, -300, 0, 300)), unproject(box(0, -300, 300, 300))  # two countries side by side


def test_a_countrys_land_follows_its_own_places_not_a_nearer_one_across_the_border():
    """w sits 10 km west of the border, e 200 km east of it; the town 20 km east of the border is nearer to w, but
    lies in e's country: with the borders it follows e and w's cell stops at the border; with only their union it
    follows w and w's cell reaches into the east (as al-Walid's did into Syria, and Rabia's)."""
    places = at_km({"w": (-10, 0), "e": (200, 0)}, country=["W", "E"])
    town_lon, town_lat = from_equal_area(np.array([20.0]), np.array([0.0]))
    towns = pd.DataFrame({"lon": town_lon, "lat": town_lat})
    split = territory_cells(places, {"W": WEST, "E": EAST}, towns)
    assert split["e"].contains(Point(town_lon[0], town_lat[0])) and not split["w"].intersects(EAST.buffer(-1e-6))
    assert area_km2(split["w"]) == pytest.approx(area_km2(WEST), rel=0.001)  # all of the west, nothing more
    joined = territory_cells(places, shapely.union_all([WEST, EAST]), towns)
    assert joined["w"].contains(Point(town_lon[0], town_lat[0]))


def test_a_country_without_places_of_its_own_follows_the_nearest_place():
    """Every town in a country where the data name no place still follows one (the nearest), so no land is blank."""
    places = at_km({"w": (-100, 0)}, country=["W"])
    town_lon, town_lat = from_equal_area(np.array([100.0]), np.array([0.0]))
    anchors = build_anchors(
        *to_equal_area(places["lon"].to_numpy(), places["lat"].to_numpy()),
        *to_equal_area(town_lon, town_lat),
        countries=np.array(["W"], dtype=object),
        borders={"W": box(-300, -300, 0, 300), "E": box(0, -300, 300, 300)},
    )
    assert anchors.land.tolist() == ["W", "E"] and anchors.owner.tolist() == [0, 0]


def test_a_region_of_a_country_follows_its_own_places_like_a_country():
    """The Kurdistan Region (data/regions.geojson) is a land of its own: k lies in the region (the east half of a
    country), w outside it, 10 km west of its edge; the town 20 km inside the region is nearer to w but follows k, and
    w's cell stops at the region's edge. Without the region the town follows w, as Khabat followed the Nineveh plain."""
    country = shapely.union_all([WEST, EAST])
    places = at_km({"w": (-10, 0), "k": (200, 0)}, country=["C", "C"])
    town_lon, town_lat = from_equal_area(np.array([20.0]), np.array([0.0]))
    towns = pd.DataFrame({"lon": town_lon, "lat": town_lat})
    regional = territory_cells(places, {"C": country}, towns, regions={"R": ("C", EAST)})
    assert regional["k"].contains(Point(town_lon[0], town_lat[0])) and not regional["w"].intersects(EAST.buffer(-1e-6))
    assert area_km2(regional["k"]) == pytest.approx(area_km2(EAST), rel=0.001)
    assert territory_cells(places, {"C": country}, towns)["w"].contains(Point(town_lon[0], town_lat[0]))
    elsewhere = territory_cells(places, {"C": country}, towns, regions={"R": ("X", EAST)})  # another country's region
    assert elsewhere["w"].contains(Point(town_lon[0], town_lat[0]))


def test_a_front_is_the_line_two_cells_share_never_a_point():
    """Where two cells share a border and also touch at a single point (a corner, the tip of a lake), the point is
    no front: GeoJSON draws a point as a default marker, whose image the offline map does not have."""
    from core.model.territory import front_line

    line, point = shapely.LineString([(0, 0), (1, 0), (2, 0)]), Point(5, 5)
    assert front_line(shapely.GeometryCollection([line, point])).equals(line)
    assert front_line(shapely.GeometryCollection([point])).is_empty
    assert front_line(line) is line
