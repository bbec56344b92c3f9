"""Territory as published maps draw it: the places' holders spread over the land between them.

Method (also shown in the app, METHOD_TEXT): every settlement of Iraq and Syria in the committed GeoNames
extract follows the place of its own country the data name that is nearest along a chain of settlements (a road-like
distance: a hop across empty land longer than LINK_KM costs DESERT_FACTOR times its length; `rivers` can make a hop
between two settlements within RIVER_KM of the Euphrates or the Tigris cost RIVER_FACTOR of it, a variant
bench/agreement.py measures and the map does not use, as it measured worse once the places were dense). A hop
across the Euphrates or the Tigris costs CROSSING_FACTOR times its length, so each bank follows its own places (the
river was the line between the SDF and the government in Deir ez-Zor 2017-2019; bench/agreement.py measures the
map with and without it). Each place and settlement covers the land of its country, and of its own bank of the
Euphrates or the Tigris (split_banks), closer to it than to any other, without a cap and cut to the
country's border (a government's ground stops there: al-Walid's cell covered 4,500 km² of Syria, Rabia's 2,600), so
the whole country is covered but its lakes (holes in data/countries.geojson): populated land follows the settlements,
and empty desert goes to whoever holds the towns and roads around it. A region of a country (regional_lands: the
Kurdistan Region, data/regions.geojson) is a land of its own, like a country. A quarter of a city (OWN_GROUND_KINDS: a district) holds its
own quarter only: the settlements around the city follow the city, not an enclave inside it. In a month a
place is besieged or its holder uncertain (YIELDING), it keeps its own ground and the settlements around it
follow the next nearest place along the chain that does not itself yield that month (a siege ring, as published
maps draw a pocket; two pockets side by side, al-Fu'ah and Kafriya, do not hold each other's ring): the cell's
parts (TerritoryCells.parts) are shaded by shading_state. A place's cell (its own land and its settlements') is
contiguous; cells are dissolved per holder, so no inner borders show. Where two cells of different holders
meet and either place is being fought over (contested or besieged), their shared border is a front: a
contested band on the map. The estimated area counts only land within RADIUS_KM of a place or settlement on
either bank (published series such as IHS leave empty desert out), contested cells at half and uncertain ones not at
all. bench/agreement.py measures it: leave-one-out agreement (core.model.territory_check) and the area
against data/area_published.csv.
"""

from __future__ import annotations

import heapq
import json
import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, mapping, shape
from shapely.geometry.base import BaseGeometry

from core.codes.constants import BASEMAP_DIR, CORE_COUNTRIES, GAZETTEER_FILE, REGIONS_FILE, STATUS_LOOKS
from core.model.evidence import is_site

# How the map is made, in the words the app shows (map panel and Explore chart).
METHOD_TEXT = (
    "How the map is shaded: every town in Iraq and Syria takes the side of the nearest place with known dates in "
    "its own country (the Kurdistan Region counts as one) and on its own bank of the Euphrates or the Tigris (counted along the chain of towns, as roads run; a city quarter, a besieged place or one whose holder is uncertain "
    "keeps only its own ground), empty desert goes to whoever holds the towns around it, and a thick dashed line marks "
    "where two sides meet in fighting; lakes belong to no one; the area counts land up to {radius:.0f} km from a town, contested areas at half.",
    "Zo is de kaart gekleurd: elk dorp in Irak en Syrië krijgt de kant van de dichtstbijzijnde plaats met bekende "
    "data in hetzelfde land (de Koerdische Autonome Regio telt als een land) en op dezelfde oever van de Eufraat of de Tigris (gemeten langs de reeks dorpen, zoals de wegen lopen; een stadswijk, een belegerde plaats of een plaats met "
    "een onzekere bezitter houdt alleen haar eigen grond), lege woestijn gaat naar wie de dorpen eromheen in handen "
    "heeft, en een dikke streepjeslijn toont waar twee partijen elkaar bevechten; meren zijn van niemand; de oppervlakte telt land tot "
    "{radius:.0f} km van een dorp, betwiste gebieden voor de helft.",
)
RADIUS_KM = 27.0  # the estimated area counts land at most this far from a place or settlement
LINK_KM = 25.0  # a hop between neighbouring settlements up to this long is a road
DESERT_FACTOR = 3.0  # a longer hop (empty land) costs this many times its length
REACH_KM = math.inf  # a place's settlements lie at most this far from it along the chain of towns
RIVER_KM = 10.0  # a settlement this close to the Euphrates or the Tigris lies in the river valley
CROSSING_FACTOR = 10.0  # a hop across the Euphrates or the Tigris costs this many times its length (banks follow their own side)
RIVER_FACTOR = 0.5  # a hop between two settlements in the river valley costs this share of its length (the valley is the road)
SAME_POINT_KM = 2.0  # a settlement this close to a place (or to another settlement) is the same point
REGION_GRID_DEGREES = 0.001  # a region and the rest of its country are cut on this grid: their edges meet exactly
BANK_SEPARATOR = "|"  # a country's land cut at the rivers: 'SY|0', 'SY|1' (split_banks)
SMALLEST_BANK_KM2 = 500.0  # a piece of land the rivers cut off that is smaller than this stays with its neighbour
OWN_GROUND_KINDS = frozenset({"district"})  # places whose cell is their own ground only (no settlements follow them)
FIGHTING = frozenset({"contested", "besieged"})  # a front between two holders is drawn when either place is in one of these
YIELDING = frozenset({"besieged", "uncertain"})  # such a place keeps its own ground; the towns around it follow the next place
NEXT_PLACES = 3  # each town knows this many next nearest places: the first that does not itself yield that month takes it
SLIVER_DEG2 = 2e-4  # a hole in a holder's merged area smaller than this (about 2 km²) is a gap between cells, not a pocket
EARTH_RADIUS_KM = 6371.0072  # authalic radius: areas on the sphere equal the ellipsoid's
PROJECTION_CENTRE = (35.0, 41.0)  # lat, lon of the Lambert azimuthal equal-area projection


def to_equal_area(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lambert azimuthal equal-area (spherical) in km around PROJECTION_CENTRE."""
    phi, lam = np.radians(lat), np.radians(lon)
    phi0, lam0 = math.radians(PROJECTION_CENTRE[0]), math.radians(PROJECTION_CENTRE[1])
    cos_c = math.sin(phi0) * np.sin(phi) + math.cos(phi0) * np.cos(phi) * np.cos(lam - lam0)
    k = np.sqrt(2.0 / (1.0 + cos_c))
    x = EARTH_RADIUS_KM * k * np.cos(phi) * np.sin(lam - lam0)
    y = EARTH_RADIUS_KM * k * (math.cos(phi0) * np.sin(phi) - math.sin(phi0) * np.cos(phi) * np.cos(lam - lam0))
    return x, y


def from_equal_area(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of to_equal_area: km -> (lon, lat) in degrees."""
    phi0, lam0 = math.radians(PROJECTION_CENTRE[0]), math.radians(PROJECTION_CENTRE[1])
    rho = np.hypot(x, y)
    c = 2.0 * np.arcsin(np.clip(rho / (2.0 * EARTH_RADIUS_KM), -1, 1))
    safe_rho = np.where(rho == 0, 1.0, rho)
    lat = np.arcsin(np.cos(c) * math.sin(phi0) + y * np.sin(c) * math.cos(phi0) / safe_rho)
    lon = lam0 + np.arctan2(x * np.sin(c), safe_rho * math.cos(phi0) * np.cos(c) - y * math.sin(phi0) * np.sin(c))
    lat = np.where(rho == 0, phi0, lat)
    return np.degrees(lon), np.degrees(lat)


def _apply(geometry: BaseGeometry, function) -> BaseGeometry:
    def transform(coords: np.ndarray) -> np.ndarray:
        a, b = function(coords[:, 0], coords[:, 1])
        return np.column_stack([a, b])

    return shapely.transform(geometry, transform)


def project(geometry: BaseGeometry) -> BaseGeometry:
    return _apply(geometry, to_equal_area)


def unproject(geometry: BaseGeometry) -> BaseGeometry:
    return _apply(geometry, from_equal_area)


def area_km2(geometry: BaseGeometry | None) -> float:
    """Area on the sphere of a lon/lat geometry."""
    return 0.0 if geometry is None or geometry.is_empty else float(project(geometry).area)


@dataclass(frozen=True)
class Anchors:
    """Places and settlements (equal-area km) and, for each, the index of the place it follows."""

    x: np.ndarray
    y: np.ndarray
    owner: np.ndarray
    edges: np.ndarray  # (n, 2) indices of the Delaunay neighbours (whose Voronoi cells touch)
    fallback: np.ndarray | None = None  # (n, NEXT_PLACES): the next nearest places along the graph, nearest first (-1: none); YIELDING
    land: np.ndarray | None = None  # with borders: each anchor's country, or its bank of it ('SY|1': split_banks)


class TerritoryCells(dict):
    """place_id -> drawn cell (lon/lat); also `counted_km2` (place_id -> km² the area estimate counts) and
    `fronts` ((place_a, place_b, lon/lat line) where two cells meet). Read-only once built."""

    def __init__(
        self,
        cells: dict,
        counted_km2: dict[str, float],
        fronts: list[tuple[str, str, BaseGeometry]],
        own_km2: dict[str, float] | None = None,
        parts: dict[str, tuple[str, str]] | None = None,
    ):
        super().__init__(cells)
        self.parts = parts if parts is not None else {}  # part name -> (place, next place): shading_state
        self.counted_km2 = counted_km2
        self.own_km2 = own_km2 if own_km2 is not None else {}  # of counted_km2, the part around the place itself
        self.fronts = fronts


def settlement_points(settlements: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """Equal-area (x, y) of the settlements, one per SAME_POINT_KM square."""
    if settlements is None or settlements.empty:
        return np.empty(0), np.empty(0)
    sx, sy = to_equal_area(settlements["lon"].to_numpy(float), settlements["lat"].to_numpy(float))
    _, first = np.unique(np.round(np.column_stack([sx, sy]) / SAME_POINT_KM), axis=0, return_index=True)
    first = np.sort(first)
    return sx[first], sy[first]


def build_anchors(
    x: np.ndarray,
    y: np.ndarray,
    sx: np.ndarray,
    sy: np.ndarray,
    link_km: float = LINK_KM,
    desert_factor: float = DESERT_FACTOR,
    reach_km: float | np.ndarray = math.inf,
    group: np.ndarray | None = None,
    rivers: BaseGeometry | None = None,
    countries: np.ndarray | None = None,
    borders: dict[str, BaseGeometry] | None = None,
    settlement_lands: np.ndarray | None = None,
    crossing: BaseGeometry | None = None,
    crossing_factor: float = CROSSING_FACTOR,
    place_lands: np.ndarray | None = None,
) -> Anchors:
    """Places (x, y) first, then the settlements not at a place; each follows the place nearest along the
    Delaunay graph of all of them (a hop longer than `link_km` costs `desert_factor` times its length) that
    reaches it: a place's settlements lie at most `reach_km` (one figure, or one per place) along the graph
    from it; a settlement no place reaches follows none (owner -1: unknown, neither drawn nor counted). Each
    also knows the NEXT_PLACES next nearest places (`fallback`; places of one `group`, e.g. twins at one point, count once).
    A hop between two points within RIVER_KM of `rivers` (equal-area km) costs RIVER_FACTOR of its length.
    With `borders` (country code, or a bank of it (split_banks), -> equal-area polygon) and the places' `countries`,
    the chain stops at the border: a town follows a place of its own country (one in a country without places, the
    nearest place). `settlement_lands` (one per settlement, anchor_lands) and `place_lands` (one per place) spare measuring them
    again on every call.
    A hop across the `crossing` lines (equal-area: the rivers, a front line in 2017-2019 Deir ez-Zor) costs
    `crossing_factor` times as much: each bank follows the places on it."""
    land = None
    if borders:
        if settlement_lands is None:
            settlement_lands = anchor_lands(sx, sy, None, borders)
        if place_lands is None:
            place_lands = anchor_lands(x, y, countries, borders)
        land = np.concatenate([place_lands, settlement_lands])
    if len(sx):
        keep = _farther_than(sx, sy, x, y, SAME_POINT_KM)
        sx, sy = sx[keep], sy[keep]
        if land is not None:
            land = np.concatenate([land[: len(x)], land[len(x) :][keep]])
    ax, ay = np.concatenate([x, sx]), np.concatenate([y, sy])
    edges = _delaunay_edges(ax, ay)
    if land is None:
        chain = edges
    else:
        country = country_of(land)
        chain = edges[country[edges[:, 0]] == country[edges[:, 1]]]
    reach = np.broadcast_to(np.asarray(reach_km, dtype=float), (len(x),))
    group = np.arange(len(x)) if group is None else np.asarray(group)
    factor = None
    if rivers is not None and not rivers.is_empty:
        valley = shapely.dwithin(rivers, shapely.points(ax, ay), RIVER_KM)
        factor = np.where(valley[chain[:, 0]] & valley[chain[:, 1]], RIVER_FACTOR, 1.0)
    if crossing is not None and not crossing.is_empty:
        shapely.prepare(crossing)  # once per geometry; the prepared one must come first in intersects
        hops = shapely.linestrings(np.stack([np.column_stack([ax[chain[:, i]], ay[chain[:, i]]]) for i in (0, 1)], axis=1))
        factor = (1.0 if factor is None else factor) * np.where(shapely.intersects(crossing, hops), crossing_factor, 1.0)
    owner, fallback = _graph_labels(len(x), ax, ay, chain, link_km, desert_factor, reach, group, factor)
    return Anchors(ax, ay, owner, edges, fallback, land)


def anchor_lands(x: np.ndarray, y: np.ndarray, countries: np.ndarray | None, lands: dict[str, BaseGeometry]) -> np.ndarray:
    """Each anchor's land (a key of `lands`: a country, or a bank of it): the polygon it lies in, else the nearest
    one (a point on a coarse border line); for the places (`countries`, the first anchors) one of their own country."""
    keys = np.array(sorted(lands), dtype=object)
    points = shapely.points(x, y)
    distance = np.stack([shapely.distance(lands[key], points) for key in keys])  # 0 inside
    if countries is not None:
        own = np.asarray(countries, dtype=object)
        foreign = (country_of(keys)[:, None] != own[None, :]) & np.isin(own, country_of(keys))[None, :]
        distance[:, : len(own)][foreign] = np.inf
    return keys[distance.argmin(axis=0)]


def regional_lands(
    countries: np.ndarray, lon: np.ndarray, lat: np.ndarray, borders: Mapping[str, BaseGeometry], regions: Mapping[str, tuple]
) -> tuple[np.ndarray, dict[str, BaseGeometry]]:
    """Each region (code -> (country, lon/lat polygon): load_land_regions, the Kurdistan Region) as a land of its own, like
    a country: the places of its country inside it take the region's code and its polygon leaves the country's, so
    its towns follow its own places and the towns beyond its edge theirs. Cut on a 0.001° grid (the files' precision)."""
    countries, borders = np.asarray(countries, dtype=object).copy(), dict(borders)
    for code, (country, region) in regions.items():
        if country not in borders:
            continue
        region = shapely.set_precision(shapely.intersection(region, borders[country]), REGION_GRID_DEGREES)
        borders[country] = shapely.set_precision(shapely.difference(borders[country], region), REGION_GRID_DEGREES)
        borders[code] = region
        inside = (countries == country) & shapely.contains_xy(outline(region), lon, lat)  # a place on a lake too
        countries[inside] = code
    return countries, borders


def country_of(lands: np.ndarray) -> np.ndarray:
    """The country code of each land key ('SY|1' -> 'SY')."""
    return np.array([str(land).split(BANK_SEPARATOR)[0] for land in lands], dtype=object)


def split_banks(borders: dict[str, BaseGeometry], crossing: BaseGeometry | None) -> dict[str, BaseGeometry]:
    """Each country's land (equal-area) cut along the `crossing` lines (the rivers) into its banks, keyed
    'code|0', 'code|1', … largest first; a piece smaller than SMALLEST_BANK_KM2 stays with the nearest larger one.
    A country the lines do not cut keeps its code; without lines, the borders as they are."""
    if crossing is None or crossing.is_empty:
        return dict(borders)
    lands = {}
    for code, border in borders.items():
        lines = shapely.union_all([border.boundary, shapely.intersection(crossing, border.buffer(1.0))])
        faces = [f for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))) if border.contains(f.representative_point())]
        faces.sort(key=lambda face: -face.area)
        banks = [face for face in faces if face.area >= SMALLEST_BANK_KM2]
        if len(banks) < 2:
            lands[code] = border
            continue
        for small in faces[len(banks) :]:
            nearest = min(range(len(banks)), key=lambda i: banks[i].distance(small))
            banks[nearest] = banks[nearest].union(small)
        lands.update({f"{code}{BANK_SEPARATOR}{i}": bank for i, bank in enumerate(banks)})
    return lands


def _graph_labels(
    count: int,
    x: np.ndarray,
    y: np.ndarray,
    edges: np.ndarray,
    link_km: float,
    desert_factor: float,
    reach: np.ndarray,
    group: np.ndarray,
    factor: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Dijkstra from the first `count` points over `edges` keeping 1 + NEXT_PLACES labels per point: the group of the
    nearest source (owner) and of the NEXT_PLACES next nearest sources of other groups (fallback, (n, NEXT_PLACES)), each among the
    sources whose `reach` covers the point (a hop longer than `link_km` costs `desert_factor` times its
    length, times `factor` per edge when given); -1 where there is none. With no finite reach, points the graph does not reach follow the
    nearest source in a straight line."""
    length = np.hypot(x[edges[:, 0]] - x[edges[:, 1]], y[edges[:, 0]] - y[edges[:, 1]])
    cost = np.where(length <= link_km, length, length * desert_factor)
    if factor is not None:
        cost = cost * factor
    neighbours: list[list] = [[] for _ in range(len(x))]
    for a, b, step in zip(edges[:, 0].tolist(), edges[:, 1].tolist(), cost.tolist(), strict=True):
        neighbours[a].append((b, step))
        neighbours[b].append((a, step))
    labels: list[list[int]] = [[] for _ in range(len(x))]
    reach_of_source, group_of_source = reach.tolist(), np.asarray(group).tolist()
    heap = [(0.0, i, i) for i in range(count)]
    while heap:
        total, node, source = heapq.heappop(heap)
        mine, label = labels[node], group_of_source[source]
        if len(mine) > NEXT_PLACES or label in mine:
            continue
        mine.append(label)
        for other, step in neighbours[node]:
            theirs = labels[other]
            if len(theirs) <= NEXT_PLACES and label not in theirs and total + step <= reach_of_source[source]:
                heapq.heappush(heap, (total + step, other, source))
    owner = np.array([mine[0] if mine else -1 for mine in labels], dtype=int)
    fallback = np.array([(mine[1:] + [-1] * NEXT_PLACES)[:NEXT_PLACES] for mine in labels], dtype=int).reshape(len(x), NEXT_PLACES)
    lost = owner < 0
    if lost.any() and count and np.isinf(reach).all():
        owner[lost] = np.asarray(group)[nearest_index(x[lost], y[lost], x[:count], y[:count])[0]]
    return owner, fallback


def _delaunay_edges(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(n, 2) index pairs of the Delaunay edges of the points (a point repeated exactly gets none)."""
    if len(x) < 2:
        return np.empty((0, 2), dtype=int)
    points = np.column_stack([x, y])
    ends = shapely.get_coordinates(shapely.delaunay_triangles(MultiPoint(points), only_edges=True))
    # Each end is one of the points, exactly: the first row of its value among points-then-ends is that point's.
    _, first, inverse = np.unique(np.vstack([points, ends]), axis=0, return_index=True, return_inverse=True)
    return first[inverse.ravel()[len(points) :]].reshape(-1, 2)


def _farther_than(sx: np.ndarray, sy: np.ndarray, x: np.ndarray, y: np.ndarray, km: float) -> np.ndarray:
    """True for each (sx, sy) farther than `km` from every (x, y)."""
    near = shapely.STRtree(shapely.points(x, y)).query(shapely.points(sx, sy), predicate="dwithin", distance=km)[0]
    away = np.ones(len(sx), dtype=bool)
    away[near] = False
    return away


def follow(anchors: Anchors, qx: np.ndarray, qy: np.ndarray, cap_km: float = math.inf) -> np.ndarray:
    """Index of the place whose territory holds each query point (the owner of the nearest anchor: the
    Voronoi cell it lies in); -1 where the nearest anchor is farther than `cap_km`."""
    nearest, distance = nearest_index(qx, qy, anchors.x, anchors.y)
    return np.where(distance <= cap_km, anchors.owner[nearest], -1)


def territory_cells(
    places: pd.DataFrame,
    clip: BaseGeometry | Mapping[str, BaseGeometry],
    settlements: pd.DataFrame | None = None,
    radius_km: float = RADIUS_KM,
    link_km: float = LINK_KM,
    desert_factor: float = DESERT_FACTOR,
    reach_km: float = REACH_KM,
    split=(),
    rivers: BaseGeometry | None = None,
    crossing: BaseGeometry | None = None,
    regions: Mapping[str, tuple] | None = None,
) -> TerritoryCells:
    """Date-independent cell (lon/lat polygon) for every place, with the area each counts and the fronts
    between cells; computed once, reused for every month. For a place in `split` (yielding_places: besieged
    or uncertain in some month) the towns around it are parts of their own, one per next nearest place
    (`TerritoryCells.parts`, shaded by shading_state). `rivers` (lon/lat, load_rivers): hops along the river
    valleys cost less; `crossing` (lon/lat lines, load_rivers): hops across them cost more (build_anchors) and
    the cells stop at them (split_banks: each bank's land is shared among the anchors on it).
    `clip`: the land (lon/lat), or the countries' borders (code -> lon/lat polygon): then each country's land
    follows its own towns and places (an Iraqi crossing's cell, al-Walid's, stops at the Syrian border), and each of
    the `regions` (load_land_regions: the Kurdistan Region) is a land of its own (regional_lands).

    Sites inside a town (a `parent_place`) get no cell of their own: the town's cell is their territory."""
    places = places[~is_site(places)]
    if places.empty:
        return TerritoryCells({}, {}, [])
    x, y = to_equal_area(places["lon"].to_numpy(float), places["lat"].to_numpy(float))
    x, y, twin = unique_places(x, y)
    reach = reach_of(places, reach_km)[twin]  # twins share the first one's anchor
    valleys = project(rivers) if rivers is not None else None
    banks = project(crossing) if crossing is not None else None
    countries = places["country"].to_numpy(dtype=object) if "country" in places else None
    if regions and countries is not None and isinstance(clip, Mapping):
        countries, clip = regional_lands(countries, places["lon"].to_numpy(float), places["lat"].to_numpy(float), clip, regions)
    borders = {code: project(shape_) for code, shape_ in clip.items()} if isinstance(clip, Mapping) else None
    clip_projected = shapely.union_all(list(borders.values())) if borders is not None else project(clip)  # projected once
    if banks is not None:  # each bank's land follows the anchors on it: the cells stop at the river
        borders = split_banks(borders if borders is not None else {"": clip_projected}, banks)
    anchors = build_anchors(
        x,
        y,
        *settlement_points(settlements),
        link_km,
        desert_factor,
        reach,
        group=twin,
        rivers=valleys,
        countries=countries,
        borders=borders,
        crossing=banks,
    )
    ids = list(places["place_id"])
    key, names, parts = _cell_keys(anchors, len(x), {i for i, p in enumerate(ids) if p in set(split)}, ids)
    points = shapely.points(anchors.x, anchors.y)
    if anchors.land is None:
        regions = _voronoi(points, clip_projected.envelope.buffer(1000))
        pieces = shapely.intersection(regions, clip_projected)
    else:
        regions = _regions_by_land(points, anchors.land, borders)
        pieces = regions
    discs = shapely.buffer(points, radius_km, quad_segs=8)
    # land near a town on the other bank lies in this bank's cells: count the union (the same sum without banks, slower)
    counted = shapely.area(shapely.intersection(pieces, shapely.union_all(discs) if banks is not None else discs))
    known = key >= 0  # a settlement no place reaches is neither drawn nor counted
    counted_by_key = np.bincount(key[known], weights=counted[known], minlength=len(names))
    order = np.argsort(key, kind="stable")  # each cell's anchors grouped in n log n
    bounds = np.searchsorted(key[order], np.arange(len(names) + 1))
    cells, counted_km2, own_km2 = {}, {}, {}
    for index, name in enumerate(names):
        if index < len(x) and twin[index] != index:  # a second place at the same point: the first one's cell is its territory
            cells[name], counted_km2[name], own_km2[name] = shapely.Polygon(), 0.0, 0.0
            continue
        merged = shapely.union_all(pieces[order[bounds[index] : bounds[index + 1]]], grid_size=0.01)
        cells[name] = unproject(shapely.make_valid(merged))
        counted_km2[name] = float(counted_by_key[index])
        own_km2[name] = float(counted[index]) if index < len(x) else 0.0
    return TerritoryCells(cells, counted_km2, _fronts(key, anchors.edges, regions, clip_projected, names), own_km2, parts)


def _voronoi(points: np.ndarray, envelope: BaseGeometry) -> np.ndarray:
    """Each point's Voronoi region (in the points' order), extended to `envelope`."""
    if len(points) == 1:
        return np.array([envelope])
    return np.array(list(shapely.voronoi_polygons(MultiPoint(list(points)), extend_to=envelope, ordered=True).geoms))


def _regions_by_land(points: np.ndarray, land: np.ndarray, lands: dict[str, BaseGeometry]) -> np.ndarray:
    """Each point's Voronoi region among the points of its own land (a country or a bank of it), cut to that land."""
    regions = np.empty(len(points), dtype=object)
    for code, border in lands.items():
        mine = np.flatnonzero(land == code)
        if len(mine):
            regions[mine] = shapely.intersection(_voronoi(points[mine], border.envelope.buffer(1000)), border)
    return regions


def yielding_chain(owner: int, nexts: np.ndarray, split) -> tuple[int, ...]:
    """The place and those of its next nearest places (`nexts`, nearest first, -1: none) its towns may follow:
    up to and including the first that never yields (not in `split`); the rest are never asked (shading_rank)."""
    chain = [owner]
    for place in nexts.tolist():
        if place < 0:
            break
        chain.append(place)
        if place not in split:
            break
    return tuple(chain)


def _cell_keys(anchors: Anchors, count: int, split: set[int], ids: list[str]) -> tuple[np.ndarray, list[str], dict]:
    """Per anchor the index of the cell it belongs to (-1: none), the cells' names (the places, then the parts
    'place>next place', longer where the next place may yield too: 'place>next>one after') and the parts (name ->
    (place, next places…), nearest first, ending at the first that never yields)."""
    key = anchors.owner.copy()
    names, parts, index = list(ids), {}, {}
    around = np.arange(len(key)) >= count  # a place's own anchor stays in its own cell
    for anchor in np.flatnonzero(around & np.isin(anchors.owner, list(split)) & (anchors.fallback[:, 0] >= 0)).tolist():
        chain = yielding_chain(int(anchors.owner[anchor]), anchors.fallback[anchor], split)
        if chain not in index:
            index[chain] = len(names)
            names.append(">".join(ids[place] for place in chain))
            parts[names[-1]] = tuple(ids[place] for place in chain)
        key[anchor] = index[chain]
    return key, names, parts


def yielding_places(states: pd.DataFrame) -> set[str]:
    """The places besieged or uncertain in some month (their towns around are parts: territory_cells `split`)."""
    return set(states.loc[states["status"].isin(YIELDING), "place_id"])


def shading_rank(statuses: np.ndarray, held: np.ndarray) -> np.ndarray:
    """`statuses` and `held` (has a holder): (1 + next places, steps) for a place, then its next nearest places,
    nearest first. Per step, the row whose holder and state shade the towns around the place: its own, unless it
    is besieged or uncertain (YIELDING); then the first next place with a holder that does not yield, else the
    first with a holder (a siege ring is held by the besiegers, not by a pocket besieged beside it), else its own."""
    yields = np.isin(statuses, list(YIELDING))
    rank = np.arange(len(statuses))[:, None]
    priority = np.where(held, np.where(yields, len(statuses), 0) + rank, 4 * len(statuses))
    priority[0] = np.where(yields[0], 3 * len(statuses), -1)
    return priority.argmin(axis=0)


def shading_state(cells: dict, state: pd.DataFrame) -> pd.DataFrame:
    """`state` (control rows, with or without a `month` column) plus one row per part of `cells` in each step its
    place has a holder: the part of a place that is besieged or uncertain (YIELDING) takes the holder and state of
    the next nearest place that does not yield (shading_rank), any other part its own place's."""
    parts = getattr(cells, "parts", None)
    if not parts or state.empty:
        return state
    on = ["month"] if "month" in state else []
    columns = on + ["place_id", "controller", "status"]
    step = on[0] if on else "_step"
    chained = state.loc[state["place_id"].isin({place for chain in parts.values() for place in chain}), columns]
    grid = chained.assign(**({} if on else {step: 0})).pivot(index="place_id", columns=step, values=["controller", "status"])
    holders, statuses = grid["controller"].fillna("").to_numpy(dtype=object), grid["status"].fillna("").to_numpy(dtype=object)
    steps, row_of = grid["controller"].columns, {p: i for i, p in enumerate(grid.index)}
    shaded = []
    for name, chain in parts.items():
        if chain[0] not in row_of:
            continue
        chain_holders, chain_statuses = (_chain_rows(table, chain, row_of) for table in (holders, statuses))
        rank = shading_rank(chain_statuses, chain_holders != "")
        at = np.flatnonzero(chain_holders[0] != "")
        picked = (rank[at], at)
        shaded.append(
            pd.DataFrame({step: steps[at], "place_id": name, "controller": chain_holders[picked], "status": chain_statuses[picked]})
        )
    if not shaded:
        return state
    shaded = pd.concat(shaded, ignore_index=True)[columns]
    return pd.concat([state, shaded.astype({c: state[c].dtype for c in columns if c in state})], ignore_index=True)


def _chain_rows(table: np.ndarray, chain: tuple[str, ...], row_of: dict[str, int]) -> np.ndarray:
    """The rows of `table` (place × step) for the places of `chain`, in its order; '' for a place with no row."""
    empty = np.full(table.shape[1], "", dtype=object)
    return np.stack([table[row_of[place]] if place in row_of else empty for place in chain])


def reach_of(places: pd.DataFrame, reach_km: float = REACH_KM) -> np.ndarray:
    """How far along the chain of towns each place's settlements reach: `reach_km`, and none for a
    district (a quarter of a city holds its own quarter, not the towns around the city)."""
    kind = places["kind"].to_numpy(dtype=object) if "kind" in places else np.full(len(places), "", dtype=object)
    return np.where(np.isin(kind, list(OWN_GROUND_KINDS)), 0.0, reach_km)


def unique_places(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Places at one point share one anchor: (x, y) with repeats moved off by a metre, and for each place
    the index of the first place at its point."""
    keys = list(zip(np.round(x, 3), np.round(y, 3), strict=True))
    first = {}
    twin = np.array([first.setdefault(k, i) for i, k in enumerate(keys)])
    repeat = twin != np.arange(len(x))
    return x + repeat * 0.001 * np.arange(len(x)), y, twin


def _fronts(
    key: np.ndarray, edges: np.ndarray, regions: np.ndarray, clip: BaseGeometry, ids: list[str]
) -> list[tuple[str, str, BaseGeometry]]:
    """(cell a, cell b, lon/lat line) for every pair of cells that touch inside `clip` (`key`: each anchor's cell)."""
    pairs = sorted({(a, b) if key[a] < key[b] else (b, a) for a, b in edges.tolist() if key[a] != key[b] and min(key[a], key[b]) >= 0})
    if not pairs:
        return []
    first, second = np.array(pairs).T
    shared = shapely.intersection(shapely.boundary(regions[first]), shapely.boundary(regions[second]), grid_size=0.001)
    shapely.prepare(clip)
    outside = ~shapely.within(shared, clip)  # most lie inside: cut only those that cross the border
    shared[outside] = shapely.intersection(shared[outside], clip)
    keep = ~shapely.is_empty(shared) & (shapely.length(shared) > 0)
    lines = unproject(np.array([front_line(piece) for piece in shared[keep]], dtype=object))  # one vectorised transform
    owners = np.column_stack([key[first], key[second]])[keep]
    order = np.lexsort((owners[:, 1], owners[:, 0]))
    owners, lines = owners[order], lines[order]
    starts = np.flatnonzero(np.r_[True, (owners[1:] != owners[:-1]).any(axis=1)])
    result = []
    for start, end in zip(starts, np.r_[starts[1:], len(owners)], strict=True):
        line = lines[start] if end - start == 1 else shapely.line_merge(shapely.union_all(lines[start:end]))
        result.append((ids[owners[start, 0]], ids[owners[start, 1]], line))
    return result


def front_line(shared: BaseGeometry) -> BaseGeometry:
    """The linear part of the border two cells share: where they also touch at a single point (a corner, the tip of a
    lake), that point is no front (drawn, it was a stray default marker on the map)."""
    if shared.geom_type != "GeometryCollection":
        return shared
    lines = [part for part in shapely.get_parts(shared) if part.geom_type in ("LineString", "LinearRing")]
    return shapely.line_merge(shapely.union_all(lines)) if lines else shapely.LineString()


def nearest_index(sx: np.ndarray, sy: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of and distance to the nearest (x, y) for every (sx, sy), in chunks (memory stays bounded)."""
    nearest, distance = np.empty(len(sx), dtype=int), np.empty(len(sx))
    for start in range(0, len(sx), 2048):
        block = np.hypot(sx[start : start + 2048, None] - x[None, :], sy[start : start + 2048, None] - y[None, :])
        nearest[start : start + 2048] = block.argmin(axis=1)
        distance[start : start + 2048] = block.min(axis=1)
    return nearest, distance


def active_fronts(cells: dict, state: pd.DataFrame) -> list[tuple[str, str, BaseGeometry]]:
    """The fronts drawn in a month: between cells of two different holders where either place is fought over."""
    state = shading_state(cells, state)
    holder = dict(zip(state["place_id"], state["controller"], strict=True))
    status = dict(zip(state["place_id"], state["status"], strict=True))
    return [
        (a, b, line)
        for a, b, line in getattr(cells, "fronts", [])
        if is_front(holder.get(a, ""), status.get(a, ""), holder.get(b, ""), status.get(b, ""))
    ]


def fronts_ever_active(cells: dict, states: pd.DataFrame) -> set[tuple[str, str]]:
    """The (place a, place b) fronts drawn in at least one month of `states` (control_by_month rows)."""
    pairs = pd.DataFrame([(a, b) for a, b, _ in getattr(cells, "fronts", [])], columns=["a", "b"])
    side = shading_state(cells, states)[["month", "place_id", "controller", "status"]]
    both = pairs.merge(side.add_suffix("_a"), left_on="a", right_on="place_id_a").merge(
        side.add_suffix("_b"), left_on=["b", "month_a"], right_on=["place_id_b", "month_b"]
    )
    drawn = [is_front(*row) for row in zip(both["controller_a"], both["status_a"], both["controller_b"], both["status_b"], strict=True)]
    return set(zip(both.loc[drawn, "a"], both.loc[drawn, "b"], strict=True))


def is_front(holder_a: str, status_a: str, holder_b: str, status_b: str) -> bool:
    """Two neighbouring cells meet in fighting: both held, by different sides, and either fought over."""
    return bool(holder_a and holder_b) and holder_a != holder_b and (status_a in FIGHTING or status_b in FIGHTING)


def load_rivers(path: Path = BASEMAP_DIR / "rivers.geojson") -> BaseGeometry | None:
    """The Euphrates, the Tigris and the Shatt al-Arab (lon/lat lines, Natural Earth), or None without the file."""
    if not path.exists():
        return None
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return shapely.union_all([shape(f["geometry"]) for f in features])


def load_land_regions(path: Path = REGIONS_FILE) -> dict[str, tuple[str, BaseGeometry]]:
    """code -> (country iso2, lon/lat polygon) of the regions that are lands of their own (data/regions.geojson: the
    Kurdistan Region; `code` and `country` props), for territory_cells; none when the file is missing."""
    if not path.exists():
        return {}
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["code"]: (f["properties"]["country"], shape(f["geometry"])) for f in features}


def outline(geometry: BaseGeometry) -> BaseGeometry:
    """A country with its holes (lakes) filled: the area a point must lie in to be in the country."""
    polygons = shapely.get_parts(geometry)
    if not any(polygon.interiors for polygon in polygons):
        return geometry
    return shapely.union_all([shapely.Polygon(polygon.exterior) for polygon in polygons])


def load_settlements(countries=CORE_COUNTRIES, path: Path = GAZETTEER_FILE) -> pd.DataFrame:
    """lat/lon of the GeoNames settlements (500+ inhabitants) in `countries`, from the committed extract."""
    if not path.exists():
        return pd.DataFrame(columns=["lat", "lon"])
    table = pd.read_csv(path, usecols=["country", "lat", "lon"], dtype={"country": str})
    return table[table["country"].isin(countries)][["lat", "lon"]].reset_index(drop=True)


class ShapeMemo(OrderedDict):
    """Merged territory shapes seen before, keyed ("union", places) or ("simplified", places, tolerance);
    bounded: the oldest go first once `maxsize` is reached (a process serves many sets of places)."""

    def __init__(self, maxsize: int = 4096):
        super().__init__()
        self.maxsize = maxsize

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        while len(self) > self.maxsize:
            self.popitem(last=False)


def without_slivers(geometry: BaseGeometry, smallest: float = SLIVER_DEG2) -> BaseGeometry:
    """`geometry` without the holes smaller than `smallest` (square degrees): the hairline gaps two touching cells
    can leave where their shared edge was cut at different points (a drawn outline shows them as lines)."""
    polygons = []
    for part in shapely.get_parts(geometry):
        if isinstance(part, shapely.Polygon):
            part = shapely.Polygon(part.exterior, [ring for ring in part.interiors if shapely.Polygon(ring).area >= smallest])
        polygons.append(part)
    return shapely.union_all(polygons) if len(polygons) != 1 else polygons[0]


def merged_cells(cells: dict[str, BaseGeometry], place_ids, memo: dict | None = None) -> tuple[BaseGeometry | None, float]:
    """(union, km²) of the cells of `place_ids` (the km² they count, TerritoryCells.counted_km2, when known);
    `memo` reuses results for a set of places seen before."""
    key = ("union", frozenset(p for p in place_ids if p in cells))
    if memo is not None and key in memo:
        return memo[key]
    geometry = without_slivers(shapely.union_all([cells[p] for p in key[1]], grid_size=0.0001)) if key[1] else None
    counted = getattr(cells, "counted_km2", None)
    result = (geometry, sum(counted[p] for p in key[1]) if counted is not None else area_km2(geometry))
    if memo is not None:
        memo[key] = result
    return result


def dissolve_by_holder(cells: dict[str, BaseGeometry], state: pd.DataFrame, memo: dict | None = None) -> pd.DataFrame:
    """One (multi)polygon per (controller, status) from the cells of the places each holds."""
    rows = []
    state = shading_state(cells, state)
    held = state[state["place_id"].isin(cells.keys())]
    for (controller, status), group in held.groupby(["controller", "status"], sort=True):
        key = frozenset(p for p in group["place_id"] if p in cells)
        geometry, area = merged_cells(cells, key, memo)
        rows.append({"controller": controller, "status": status, "geometry": geometry, "area_km2": area, "cells": key})
    return pd.DataFrame(rows, columns=["controller", "status", "geometry", "area_km2", "cells"])


def held_area_km2(cells: dict[str, BaseGeometry], state: pd.DataFrame, controller: str, memo: dict | None = None) -> float:
    """Estimated area `controller` holds: its cells weighted by state (held and besieged in full, contested
    at half, uncertain not at all; StatusLook.area_weight); the parts of a besieged or uncertain place count for
    the next nearest place's holder (shading_state)."""
    state = shading_state(cells, state)
    held = state[state["controller"] == controller]
    return sum(
        STATUS_LOOKS[status].area_weight * merged_cells(cells, group["place_id"], memo)[1]
        for status, group in held.groupby("status", sort=True)
    )


def territory_features(dissolved: pd.DataFrame, tolerance: float = 0.02, memo: dict | None = None) -> list[dict]:
    """GeoJSON features (simplified, coordinates rounded) for the map layer; `memo` reuses shapes seen before."""
    features = []
    for row in dissolved.to_dict("records"):
        shape_json = _simplified(row["geometry"], tolerance, memo, ("simplified", row.get("cells"), tolerance))
        if shape_json is None:
            continue
        properties = {"controller": row["controller"], "status": row["status"], "area_km2": round(row["area_km2"])}
        features.append({"type": "Feature", "geometry": shape_json, "properties": properties})
    return features


def front_features(fronts: list[tuple[str, str, BaseGeometry]], tolerance: float = 0.02) -> list[dict]:
    """GeoJSON features of the month's fronts (from active_fronts), simplified like the territory."""
    features = []
    for a, b, line in fronts:
        simple = shapely.set_precision(line.simplify(tolerance), 0.005)
        if not simple.is_empty:
            features.append({"type": "Feature", "geometry": mapping(simple), "properties": {"front": True, "between": [a, b]}})
    return features


def _simplified(geometry: BaseGeometry | None, tolerance: float, memo: dict | None, key) -> dict | None:
    if memo is not None and key[1] is not None and key in memo:
        return memo[key]
    simple = None if geometry is None else shapely.set_precision(geometry.simplify(tolerance), 0.005)
    result = None if simple is None or simple.is_empty else mapping(simple)
    if memo is not None and key[1] is not None:
        memo[key] = result
    return result
