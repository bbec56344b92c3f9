"""Approximate territory: each place's Voronoi cell, capped at a radius and clipped to its countries.

Method and limits (also shown in the app): a place's cell is the area closer to it than to any other
mapped place, cut to a circle of RADIUS_KM around it and to the Iraq/Syria borders. Cells are merged
by holder. The result shows where the article's places are, not front lines; desert between
places is left out, so the area is an estimate that depends on how many places the article names.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Point, mapping
from shapely.geometry.base import BaseGeometry

RADIUS_KM = 45.0
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


def territory_cells(places: pd.DataFrame, clip: BaseGeometry, radius_km: float = RADIUS_KM) -> dict[str, BaseGeometry]:
    """Date-independent cell (lon/lat polygon) for every place; computed once, reused for every month."""
    if places.empty:
        return {}
    x, y = to_equal_area(places["lon"].to_numpy(float), places["lat"].to_numpy(float))
    points = [Point(a, b) for a, b in zip(x, y, strict=True)]
    clip_projected = project(clip)
    envelope = clip_projected.envelope.buffer(radius_km * 4)
    regions = list(shapely.voronoi_polygons(MultiPoint(points), extend_to=envelope).geoms)
    # Each point's region through a spatial index (n log n; scanning all regions per point was quadratic).
    point_index, region_index = shapely.STRtree(regions).query(points, predicate="covered_by")
    region_of: dict[int, int] = {}
    for point_number, region_number in zip(point_index.tolist(), region_index.tolist(), strict=True):
        region_of[point_number] = min(region_number, region_of.get(point_number, region_number))  # as before: the first region
    cells = {}
    for number, (place_id, point) in enumerate(zip(places["place_id"], points, strict=True)):
        region = regions[region_of[number]] if number in region_of else point.buffer(radius_km)
        cell = region.intersection(point.buffer(radius_km, quad_segs=8)).intersection(clip_projected)
        cells[place_id] = unproject(cell)
    return cells


def merged_cells(cells: dict[str, BaseGeometry], place_ids, memo: dict | None = None) -> tuple[BaseGeometry | None, float]:
    """(union, km²) of the cells of `place_ids`; `memo` reuses results for a set of places seen before."""
    key = frozenset(p for p in place_ids if p in cells)
    if memo is not None and key in memo:
        return memo[key]
    geometry = shapely.union_all([cells[p] for p in key]) if key else None
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


def held_area_km2(cells: dict[str, BaseGeometry], state: pd.DataFrame, controller: str = "IS", memo: dict | None = None) -> float:
    """Area of the cells of places `controller` holds or contests."""
    return merged_cells(cells, state.loc[state["controller"] == controller, "place_id"], memo)[1]


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
