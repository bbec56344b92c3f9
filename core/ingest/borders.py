"""Country polygons from data/countries.geojson, and which country a point lies in.

The polygons are land: Iraq's and Syria's large lakes are holes in them (scripts/extract_borders.py), so the
territory stops at the water; a point on a lake still lies in the country around it (outline).

Pure Python: callers cache the loaded polygons (the file is read once per call).
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from core.model.territory import outline

# Coastal towns and 1:50m coastlines disagree by up to a few km; 0.05 deg is about 5 km.
COAST_TOLERANCE_DEGREES = 0.05


def load_countries(path: str | Path, codes: tuple[str, ...] | None = None) -> dict[str, BaseGeometry]:
    """iso2 -> prepared shapely geometry, from a GeoJSON FeatureCollection with `iso2` props (only `codes`, if given)."""
    return countries_by_code(json.loads(Path(path).read_text(encoding="utf-8")), codes)


def countries_by_code(collection: dict, codes: tuple[str, ...] | None = None) -> dict[str, BaseGeometry]:
    """iso2 -> prepared shapely geometry of a loaded GeoJSON FeatureCollection (only `codes`, if given)."""
    countries = {}
    for feature in collection["features"]:
        code = feature["properties"].get("iso2")
        if codes is None or code in codes:
            geometry = shape(feature["geometry"])
            shapely.prepare(geometry)
            countries[code] = geometry
    return countries


def point_in_country(
    lat: float,
    lon: float,
    iso2: str,
    countries: dict[str, BaseGeometry],
    tolerance: float = COAST_TOLERANCE_DEGREES,
) -> bool:
    """True when (lat, lon) lies in the country or within `tolerance` degrees of it."""
    geometry = countries.get(iso2)
    if geometry is None:
        raise KeyError(f"no polygon for country {iso2!r} in the borders file")
    return outline(geometry).dwithin(Point(lon, lat), tolerance)


def country_of(lat: float, lon: float, countries: dict[str, BaseGeometry]) -> str | None:
    """The iso2 of the country containing the point, else the nearest within tolerance."""
    point = Point(lon, lat)
    for iso2, geometry in countries.items():
        if geometry.contains(point) or (geometry.envelope.contains(point) and outline(geometry).contains(point)):
            return iso2
    near = [(geometry.distance(point), iso2) for iso2, geometry in countries.items() if geometry.dwithin(point, COAST_TOLERANCE_DEGREES)]
    return min(near)[1] if near else None
