"""Approximate territory: cells around the article's places and the settlements that follow them.

Method and limits (also shown in the app): every settlement of 500+ inhabitants in Iraq and Syria
(GeoNames) within REACH_KM of an article place follows the nearest one. Each place and settlement gets
the area closer to it than to any other point, cut to RADIUS_KM around it and to the Iraq/Syria
borders; a place's cell is its own area plus that of its settlements, so territory follows the populated
valleys. The estimated area counts a contested cell at half (the front runs through it) and leaves out
uncertain ones. It shows where the places are, not front lines; bench/agreement.py compares it with
published estimates (data/area_published.csv).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, mapping
from shapely.geometry.base import BaseGeometry

from core.codes.constants import CORE_COUNTRIES, GAZETTEER_FILE, STATUS_LOOKS
from core.model.evidence import is_site

# How the estimate is made, in the words the app shows (map panel and Explore chart).
METHOD_TEXT = (
    "Estimate: every town in Iraq and Syria follows the nearest place the data names; each place and town covers "
    "the land closer to it than to any other, at most {radius:.0f} km away. Contested places count half, uncertain "
    "ones not at all. It shows where the places are, not front lines.",
    "Schatting: elk dorp in Irak en Syrië volgt de dichtstbijzijnde plaats uit de gegevens; elke plaats en elk dorp "
    "beslaat het land dat dichter bij hem ligt dan bij een ander, hooguit {radius:.0f} km ver. Betwiste plaatsen "
    "tellen half, onzekere niet. Het toont waar de plaatsen liggen, geen frontlinies.",
)
RADIUS_KM = 42.0  # around each place or settlement
REACH_KM = 60.0  # a settlement farther than this from every article place follows none
SAME_POINT_KM = 2.0  # a settlement this close to a place (or to another settlement) is the same point
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


def territory_cells(
    places: pd.DataFrame,
    clip: BaseGeometry,
    settlements: pd.DataFrame | None = None,
    radius_km: float = RADIUS_KM,
    reach_km: float = REACH_KM,
) -> dict[str, BaseGeometry]:
    """Date-independent cell (lon/lat polygon) for every place; computed once, reused for every month.

    Sites inside a town (a `parent_place`) get no cell of their own: the town's cell is their territory.
    `settlements` (lat, lon) widen each place's cell by the settlements that follow it."""
    places = places[~is_site(places)]
    if places.empty:
        return {}
    x, y = to_equal_area(places["lon"].to_numpy(float), places["lat"].to_numpy(float))
    owner_x, owner_y, owner = _with_followers(x, y, settlements, reach_km)
    clip_projected = project(clip)
    envelope = clip_projected.envelope.buffer(radius_km * 4)
    points = shapely.points(owner_x, owner_y)
    regions = shapely.voronoi_polygons(MultiPoint(list(points)), extend_to=envelope, ordered=True).geoms
    capped = shapely.intersection(np.array(list(regions)), shapely.buffer(points, radius_km, quad_segs=8))
    order = np.argsort(owner, kind="stable")  # each place's own area and its settlements', grouped in n log n
    bounds = np.searchsorted(owner[order], np.arange(len(x) + 1))
    cells = {}
    for index, place_id in enumerate(places["place_id"]):
        own = shapely.union_all(capped[order[bounds[index] : bounds[index + 1]]], grid_size=0.01)
        cells[place_id] = unproject(shapely.make_valid(own).intersection(clip_projected))
    return cells


def _with_followers(x: np.ndarray, y: np.ndarray, settlements: pd.DataFrame | None, reach_km: float):
    """(x, y, owner index) of the places followed by the settlements each one is nearest to."""
    owner = np.arange(len(x))
    if settlements is None or settlements.empty:
        return x, y, owner
    sx, sy = to_equal_area(settlements["lon"].to_numpy(float), settlements["lat"].to_numpy(float))
    _, first = np.unique(np.round(np.column_stack([sx, sy]) / SAME_POINT_KM), axis=0, return_index=True)
    sx, sy = sx[np.sort(first)], sy[np.sort(first)]
    nearest, distance = _nearest(sx, sy, x, y)
    keep = (distance <= reach_km) & (distance > SAME_POINT_KM)
    return np.concatenate([x, sx[keep]]), np.concatenate([y, sy[keep]]), np.concatenate([owner, nearest[keep]])


def _nearest(sx: np.ndarray, sy: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of and distance to the nearest (x, y) for every (sx, sy), in chunks (memory stays bounded)."""
    nearest, distance = np.empty(len(sx), dtype=int), np.empty(len(sx))
    for start in range(0, len(sx), 2048):
        block = np.hypot(sx[start : start + 2048, None] - x[None, :], sy[start : start + 2048, None] - y[None, :])
        nearest[start : start + 2048] = block.argmin(axis=1)
        distance[start : start + 2048] = block.min(axis=1)
    return nearest, distance


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


def merged_cells(cells: dict[str, BaseGeometry], place_ids, memo: dict | None = None) -> tuple[BaseGeometry | None, float]:
    """(union, km²) of the cells of `place_ids`; `memo` reuses results for a set of places seen before."""
    key = ("union", frozenset(p for p in place_ids if p in cells))
    if memo is not None and key in memo:
        return memo[key]
    geometry = shapely.union_all([cells[p] for p in key[1]]) if key[1] else None
    result = (geometry, area_km2(geometry))
    if memo is not None:
        memo[key] = result
    return result


def dissolve_by_holder(cells: dict[str, BaseGeometry], state: pd.DataFrame, memo: dict | None = None) -> pd.DataFrame:
    """One (multi)polygon per (controller, status) from the cells of the places each holds."""
    rows = []
    held = state[state["place_id"].isin(cells.keys())]
    for (controller, status), group in held.groupby(["controller", "status"], sort=True):
        key = frozenset(p for p in group["place_id"] if p in cells)
        geometry, area = merged_cells(cells, key, memo)
        rows.append({"controller": controller, "status": status, "geometry": geometry, "area_km2": area, "cells": key})
    return pd.DataFrame(rows, columns=["controller", "status", "geometry", "area_km2", "cells"])


def held_area_km2(cells: dict[str, BaseGeometry], state: pd.DataFrame, controller: str, memo: dict | None = None) -> float:
    """Estimated area `controller` holds: its cells weighted by state (held and besieged in full, contested
    at half, uncertain not at all; StatusLook.area_weight)."""
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


def _simplified(geometry: BaseGeometry | None, tolerance: float, memo: dict | None, key) -> dict | None:
    if memo is not None and key[1] is not None and key in memo:
        return memo[key]
    simple = None if geometry is None else shapely.set_precision(geometry.simplify(tolerance), 0.005)
    result = None if simple is None or simple.is_empty else mapping(simple)
    if memo is not None and key[1] is not None:
        memo[key] = result
    return result
