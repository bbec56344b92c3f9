"""Leave one out: the territory rebuilt without a place, compared with that place month by month; and the
figures on the real data (floors at what the model measures now: a worse method or a lost row fails)."""

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely

from core.codes.constants import BASEMAP_DIR, CORE_COUNTRIES, DATA_DIR
from core.codes.dates import timeline_months
from core.ingest.borders import load_countries
from core.model.atlas import load_atlas
from core.model.control import control_by_month, control_on
from core.model.source_check import area_against_published, ihs_series, load_published_area
from core.model.territory import from_equal_area, held_area_km2, load_land_regions, load_rivers, load_settlements, territory_cells
from core.model.territory_check import Method, leave_one_out, loo_summary, nearest_ceiling, worst_places
from core.render.timeline_build import core_cells

MONTHS = [date(2015, 1, 1), date(2015, 2, 1), date(2015, 3, 1)]


def line_of_places() -> pd.DataFrame:
    """a (0 km), b (50 km), c (200 km) on a line, and a museum inside b."""
    lon, lat = from_equal_area(np.array([0.0, 50.0, 200.0, 51.0]), np.zeros(4))
    return pd.DataFrame({"place_id": ["a", "b", "c", "museum"], "lon": lon, "lat": lat, "parent_place": ["", "", "", "b"]})


def states(holders: dict[str, list[str]]) -> pd.DataFrame:
    rows = [
        {"place_id": p, "month": pd.Timestamp(m), "controller": c, "status": "held"}
        for p, per_month in holders.items()
        for m, c in zip(MONTHS, per_month, strict=True)
        if c
    ]
    return pd.DataFrame(rows)


def test_a_hidden_place_takes_its_neighbours_holder_month_by_month():
    held = states({"a": ["IS", "IS", "IQ"], "b": ["IS", "IS", "IS"], "c": ["IQ", "IQ", "IQ"], "museum": ["IS", "IQ", "IQ"]})
    table = leave_one_out(line_of_places(), held, ["b", "c", "museum"], MONTHS, None, focus="IS").set_index("place_id")
    assert table.loc["b"].to_dict() == {
        "months": 3,
        "agreeing": 2,
        "is_agreeing": 2,
        "is_months": 3,
        "is_shaded": 2,
    }  # follows a (50 km), not c
    assert table.loc["c"].to_dict() == {
        "months": 3,
        "agreeing": 0,
        "is_agreeing": 0,
        "is_months": 0,
        "is_shaded": 0,
    }  # follows b: IS, never IQ
    assert table.loc["museum"].to_dict() == {
        "months": 3,
        "agreeing": 1,
        "is_agreeing": 1,
        "is_months": 1,
        "is_shaded": 1,
    }  # its town b is kept
    agree, is_shaded = loo_summary(table)
    assert agree == pytest.approx(3 / 9) and is_shaded == pytest.approx(3 / 4)
    assert list(worst_places(table.reset_index(), 2)["place_id"]) == ["c", "museum"]


def test_hiding_a_town_hides_its_sites_and_months_without_a_holder_do_not_count():
    held = states({"a": ["IQ", "IQ", "IQ"], "b": ["", "IS", "IS"], "c": ["IS", "IS", "IS"], "museum": ["IS", "IS", "IS"]})
    table = leave_one_out(line_of_places(), held, ["b"], MONTHS, None, focus="IS").set_index("place_id")
    assert table.loc["b"].to_dict() == {"months": 2, "agreeing": 0, "is_agreeing": 0, "is_months": 2, "is_shaded": 0}  # a, not the museum


def test_a_cap_leaves_a_far_place_unshaded():
    held = states({"a": ["IS"] * 3, "b": ["IS"] * 3, "c": ["IS"] * 3})
    capped = leave_one_out(line_of_places(), held, ["c"], MONTHS, None, Method("capped", cap_km=100.0))
    assert capped["agreeing"].tolist() == [0]
    assert leave_one_out(line_of_places(), held, ["c"], MONTHS, None)["agreeing"].tolist() == [3]


def test_the_ceiling_counts_months_in_which_one_of_the_nearest_places_is_right():
    held = states({"a": ["IS", "IS", "IS"], "b": ["IS", "IQ", "IS"], "c": ["IQ", "IQ", "IQ"], "museum": ["IQ", "IQ", "IQ"]})
    assert nearest_ceiling(line_of_places(), held, ["b"], MONTHS, 1) == pytest.approx(2 / 3)  # a only
    assert nearest_ceiling(line_of_places(), held, ["b"], MONTHS, 2) == 1.0  # a or c: the museum is a site, not a neighbour


@pytest.fixture(scope="module")
def real():
    atlas = load_atlas()
    core = atlas.places[atlas.places["country"].isin(CORE_COUNTRIES)]
    return atlas, core, load_settlements(), load_countries(BASEMAP_DIR / "countries.geojson", CORE_COUNTRIES)


def test_leave_one_out_on_the_real_data_stays_at_what_the_map_measures(real):
    """bench/agreement.py prints these; the floors are today's figures (issue 15 asks 90% of place-months and 80% of
    IS-held months: both are met), the ring around a besieged or uncertain place shades more IS
    months right than without it, the chain of towns more than the capped cells used before, and a country's land
    following its own places more place-months than a chain across the border (al-Walid, al-Tanf), and each river bank
    following its own places more than a chain across the river (Mayadin and Dhiban, 2017-2019), and cells cut at the
    river more than cells reaching across it (al-Amarnah, Jarablus's bank, took the SDF's east bank), and the Kurdistan
    Region's towns following its own places more than a chain across its edge (Khabat, Bardarash, Kalar, Chamchamal),
    and the towns around a besieged pocket taking the next place that is not itself besieged more than the next place
    (Binnish and Maarat Misrin between al-Fu'ah and Kafriya, 2015-2018)."""
    atlas, core, settlements, borders = real
    states, hidden, months = control_by_month(atlas), sorted(set(atlas.sources["place_id"])), timeline_months()
    regions = load_land_regions()

    def measured(method: Method) -> tuple[float, float]:
        return loo_summary(leave_one_out(core, states, hidden, months, settlements, method, "IS", load_rivers(), borders, regions))

    agree, is_shaded = measured(Method(""))
    assert agree >= 0.902 and is_shaded >= 0.9009
    assert measured(Method("", next_places=1))[0] < agree
    assert measured(Method("", by_country=False))[0] < agree
    assert measured(Method("", by_region=False))[0] < agree
    assert measured(Method("", by_bank=False))[0] < agree
    assert measured(Method("", crossing=1.0))[0] < agree
    assert measured(Method("", yielding=False))[1] < is_shaded
    capped = measured(Method("", math.inf, 1.0, cap_km=42.0))
    assert capped[0] < agree and capped[1] < is_shaded


def _area_errors(real) -> pd.Series:
    atlas, core, settlements, borders = real
    cells = core_cells(atlas, borders)  # as the map builds them
    published = ihs_series(load_published_area(DATA_DIR))
    return area_against_published(published, lambda day: held_area_km2(cells, control_on(atlas, day), "IS"))["difference"]


def test_the_estimated_area_is_within_ten_percent_of_every_ihs_figure(real):
    """Issue 15's target: within ±10% of every IHS figure (January 2015 to June 2017; today −0.6, +6.4, +9.8, −3.0,
    −6.4, −7.6, −5.1 %). A change of RADIUS_KM breaks it (26 km: −11 % at the end of 2016; 30 km: +21 %;
    bench/agreement.py prints every counting rule tried), and so do land that is water (the lakes, cut out of
    data/countries.geojson in December 2026, took December 2015 to +14 %) and one row: without the cited fighting
    inside Ramadi from 8 December 2015 (DW/AFP) December 2015 is +10.3 %. A true dated place is never left out to keep
    the bounds (round 17's Kocho and Tal Abta lifted December 2015 from +8 % to +11 %; rounds 20 to 24's places to +14 %)."""
    errors = _area_errors(real)
    assert len(errors) >= 7 and errors.abs().max() <= 0.10


def test_the_maps_fronts_are_lines_only(real):
    """Since the lakes are holes, some cells touch at a point beside their shared border (near Rabia): drawn, that
    point was a default Leaflet marker whose image is not served (a 404 in every browser test)."""
    atlas, core, settlements, borders = real
    kinds = {part.geom_type for _, _, line in core_cells(atlas, borders).fronts for part in shapely.get_parts(line)}
    assert kinds == {"LineString"}


def test_a_damascus_quarter_held_by_is_does_not_draw_southern_syria_as_is(real):
    """Hajar al-Aswad and Yarmouk camp (IS 2015 - May 2018) are quarters of Damascus: their cells stay in the
    city, so Daraa and Suwayda are not IS (they took 14,000 km² before the district rule)."""
    atlas, core, settlements, borders = real
    cells = territory_cells(core, borders, settlements)
    assert cells.counted_km2["hajar_al_aswad"] + cells.counted_km2["yarmouk_camp"] < 300
    state = control_on(atlas, date(2016, 6, 30))
    held = shapely.union_all([cells[p] for p in state.loc[state["controller"] == "IS", "place_id"] if p in cells])
    for lon, lat in ((36.106, 32.625), (36.566, 32.709)):  # Daraa, Suwayda
        assert not held.contains(shapely.Point(lon, lat))


def test_may_2015_is_one_is_area_from_the_aleppo_countryside_to_anbar_not_islands(real):
    """Issue 15: published maps of May 2015 shade one contiguous IS area; the map did islands around the towns."""
    atlas, core, settlements, borders = real
    cells = territory_cells(core, borders, settlements)
    state = control_on(atlas, date(2015, 5, 31))
    held = shapely.union_all([cells[p] for p in state.loc[state["controller"] == "IS", "place_id"] if p in cells])
    largest = max(shapely.get_parts(held), key=lambda part: part.area)
    where = core.set_index("place_id")
    for town in ("raqqa", "palmyra", "mosul", "ramadi", "bab", "abu_kamal", "rawa"):
        assert largest.contains(shapely.Point(where.loc[town, "lon"], where.loc[town, "lat"])), town
    assert largest.area > 0.9 * held.area  # the rest are small pieces, not separate islands of territory


def test_a_vote_of_the_nearest_places_weighs_them_by_one_over_distance_squared():
    """Hidden h; n at 30 km outweighs f1 (60 km) and f2 (70 km) together (1/900 > 1/3600 + 1/4900), a plain
    majority or a weaker weight would follow the two; a month without n's holder follows them."""
    lon, lat = from_equal_area(np.array([0.0, 30.0, -60.0, 0.0]), np.array([0.0, 0.0, 0.0, 70.0]))
    places = pd.DataFrame({"place_id": ["h", "n", "f1", "f2"], "lon": lon, "lat": lat, "parent_place": ""})
    held = states({"h": ["IQ", "IS", "IS"], "n": ["IQ", "IQ", ""], "f1": ["IS", "IS", "IS"], "f2": ["IS", "IS", "IS"]})
    table = leave_one_out(places, held, ["h"], MONTHS, None, Method("vote", vote=3), "IS")
    assert table.iloc[0].to_dict() == {"place_id": "h", "months": 3, "agreeing": 2, "is_agreeing": 2, "is_months": 2, "is_shaded": 1}
    nearest = leave_one_out(places, held, ["h"], MONTHS, None, Method("vote", vote=1), "IS")
    assert nearest["agreeing"].tolist() == [1]  # month 3: n has no holder, nothing to copy


def test_a_hidden_place_beside_a_besieged_pocket_takes_the_besiegers_holder():
    """h (hidden) lies 30 km from the pocket p and 70 km from the ring r along a chain of towns; in the months p is
    besieged or uncertain, h's point follows r; with `yielding` off it always follows p."""
    lon, lat = from_equal_area(np.array([30.0, 0.0, 100.0]), np.zeros(3))
    places = pd.DataFrame({"place_id": ["h", "p", "r"], "lon": lon, "lat": lat, "parent_place": ""})
    town_lon, town_lat = from_equal_area(np.array([30.0, 50.0, 70.0, 15.0]), np.zeros(4))
    towns = pd.DataFrame({"lon": town_lon, "lat": town_lat})
    held = states({"h": ["IS", "IS", "IS"], "p": ["SY", "SY", "SY"], "r": ["IS", "IS", "IS"]})
    held.loc[(held["place_id"] == "p") & (held["month"] == pd.Timestamp(MONTHS[1])), "status"] = "besieged"
    held.loc[(held["place_id"] == "p") & (held["month"] == pd.Timestamp(MONTHS[2])), "status"] = "uncertain"
    table = leave_one_out(places, held, ["h"], MONTHS, towns, focus="IS")
    assert table.iloc[0].to_dict() == {"place_id": "h", "months": 3, "agreeing": 2, "is_agreeing": 2, "is_months": 3, "is_shaded": 2}
    kept = leave_one_out(places, held, ["h"], MONTHS, towns, Method("", yielding=False), "IS")
    assert kept["is_shaded"].tolist() == [0]


def test_a_hidden_place_beside_two_besieged_pockets_takes_the_ring_holder():
    """h (hidden) lies beside the pockets p and q, both besieged in the second month, uncertain in the third; the ring
    r lies farther: in those months h's point follows r, not q (the next nearest, itself besieged). With one next
    place only (next_places=1), it follows q."""
    lon, lat = from_equal_area(np.array([-10.0, 0.0, 5.0, 100.0]), np.zeros(4))
    places = pd.DataFrame({"place_id": ["h", "p", "q", "r"], "lon": lon, "lat": lat, "parent_place": ""})
    town_lon, town_lat = from_equal_area(np.array([-10.0, 30.0, 60.0]), np.zeros(3))
    towns = pd.DataFrame({"lon": town_lon, "lat": town_lat})
    held = states({"h": ["REB", "REB", "REB"], "p": ["SY", "SY", "SY"], "q": ["SY", "SY", "SY"], "r": ["REB", "REB", "REB"]})
    for place in ("p", "q"):
        held.loc[(held["place_id"] == place) & (held["month"] == pd.Timestamp(MONTHS[1])), "status"] = "besieged"
        held.loc[(held["place_id"] == place) & (held["month"] == pd.Timestamp(MONTHS[2])), "status"] = "uncertain"
    table = leave_one_out(places, held, ["h"], MONTHS, towns, focus="IS")
    assert table.iloc[0].to_dict() == {"place_id": "h", "months": 3, "agreeing": 2, "is_agreeing": 3, "is_months": 0, "is_shaded": 0}
    one = leave_one_out(places, held, ["h"], MONTHS, towns, Method("", next_places=1), "IS")
    assert one["agreeing"].tolist() == [0]
