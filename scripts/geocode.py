"""Geocode data/places.csv and data/supporting_places.csv into data/geocoded.csv: overrides, then cache, then GeoNames,
then Nominatim.

Rerunnable: `python -m scripts.geocode [--online] [--only ID ...] [--refresh]`. Never run at page load.
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from geopy.exc import GeocoderRateLimited, GeocoderUnavailable

from core.ingest.borders import load_countries, point_in_country
from core.ingest.geocoding import (
    GEOCODED_COLUMNS,
    REUSABLE_SOURCES,
    GazetteerUnavailableError,
    GeocodeResult,
    load_geonames_gazetteer,
    resolve_place,
    result_from_geocoded_row,
    result_from_override_row,
    result_to_row,
)
from core.ingest.nominatim import NominatimGeocoder
from core.model.tables import OVERRIDES_SCHEMA, DataError, read_csv_text, validate_frame
from core.text.names import place_names
from scripts.atomic import write_text_atomically

REPO = Path(__file__).resolve().parents[1]

DATA = REPO / "data"
PLACES_REQUIRED_COLUMNS = ("place_id", "country", "name_en")
OVERRIDE_REQUIRED_COLUMNS = ("place_id", "lat", "lon", "precision", "source_note")


class InputError(Exception):
    """A problem with an input file that the user has to fix."""


def read_table(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = set(required) - set(reader.fieldnames or [])
            if missing:
                raise InputError(f"{path}: missing column(s) {sorted(missing)}")
            return list(reader)
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')") from error


def _load_results(path: Path, columns, convert) -> dict[str, GeocodeResult]:
    """place_id -> result from one of the coordinate tables; a bad row names its file and line."""
    if not path.exists():
        return {}
    results = {}
    for line, row in enumerate(read_table(path, columns), start=2):
        try:
            result = convert(row)
        except ValueError as error:
            raise InputError(f"{path}:{line}: {error}") from None
        results[result.place_id] = result
    return results


def load_overrides(path: Path) -> dict[str, GeocodeResult]:
    """The hand-placed coordinates, checked by the same schema the app uses (core.model.tables.OVERRIDES_SCHEMA)."""
    if path.exists():
        try:
            _, problems = validate_frame(read_csv_text(path), OVERRIDES_SCHEMA, path.name)
        except DataError as error:
            raise InputError(str(error)) from None
        if problems:
            raise InputError("\n".join(str(problem) for problem in problems))
    return _load_results(path, OVERRIDE_REQUIRED_COLUMNS, result_from_override_row)


def load_cache(path: Path) -> dict[str, GeocodeResult]:
    return _load_results(path, GEOCODED_COLUMNS, result_from_geocoded_row)


def write_csv_atomically(path: Path, columns: Iterable[str], rows: Iterable[Mapping[str, str]]) -> None:
    """All rows first, then one atomic write (scripts/atomic.py): readers never see half a file."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomically(path, buffer.getvalue())


def output_rows(places, results, overrides, cache) -> Iterable[dict[str, str]]:
    """One row per resolved place in places.csv order; places not (re)resolved keep what they had."""
    for place in places:
        place_id = place["place_id"]
        result = results.get(place_id)
        if result is None or not result.resolved:
            previous = cache.get(place_id)
            if previous is not None and previous.source not in REUSABLE_SOURCES:
                previous = None  # manual rows come only from the overrides file
            result = overrides.get(place_id) or previous
        if result is not None and result.resolved:
            yield result_to_row(result)


class UntilUnreachable:
    """Nominatim until it is unreachable or rate-limits us: then every later place fails at once.

    Offline, each request waits for geopy's retries (~5 s); without this, every unresolved place paid that again.
    """

    def __init__(self, online: Callable[[str, str], object]):
        self.online, self.down = online, None

    def __call__(self, name: str, country: str):
        if self.down is not None:
            raise self.down
        try:
            return self.online(name, country)
        except (GeocoderUnavailable, GeocoderRateLimited) as error:
            self.down = error
            raise


def _interrupt(signum, frame) -> None:
    """SIGTERM (a service manager stopping us) ends the run like Ctrl+C: progress is saved first."""
    raise KeyboardInterrupt


class LazyGazetteer:
    """Loads the (slow, dev-only) gazetteer only when a place actually needs it."""

    def __init__(self, loader: Callable, countries: Iterable[str]):
        self.loader, self.countries, self.gazetteer = loader, sorted(set(countries)), None

    def lookup(self, names, country):
        if self.gazetteer is None:
            print(f"loading the GeoNames gazetteer for {', '.join(self.countries)} ...", flush=True)
            self.gazetteer = self.loader(self.countries)
        return self.gazetteer.lookup(names, country)


def describe(result: GeocodeResult) -> str:
    if not result.resolved:
        return f"UNRESOLVED  {result.note}"
    source = f"{result.source} (cached)" if result.cached else result.source
    return f"{source:<20} {result.lat:9.4f},{result.lon:9.4f}  {result.matched_name or result.note}"


def misplaced(places, results, borders_path: Path) -> list[str]:
    """Resolved places lying outside their own country's polygon (wrong homonym, swapped lat/lon)."""
    if not borders_path.exists():
        print(f"note: {borders_path} not found; skipped the in-country check")
        return []
    countries = load_countries(borders_path)
    problems = []
    for place in places:
        result, iso2 = results.get(place["place_id"]), place["country"].strip().upper()
        if result is None or not result.resolved or iso2 not in countries:
            continue
        if not point_in_country(result.lat, result.lon, iso2, countries):
            problems.append(f"{result.place_id} ({iso2}) at {result.lat}, {result.lon} from {result.source} lies outside {iso2}")
    return problems


def print_summary(results: dict[str, GeocodeResult], places_by_id, problems: list[str]) -> None:
    counts = Counter("cached" if r.cached else r.source for r in results.values())
    print("\nsummary: " + ", ".join(f"{source} {n}" for source, n in sorted(counts.items())))
    unresolved = [r for r in results.values() if not r.resolved]
    if unresolved:
        print(f"\n{len(unresolved)} unresolved place(s):")
        for result in unresolved:
            place = places_by_id[result.place_id]
            print(f"  {result.place_id} ({place['country']}): tried {', '.join(place_names(place))}")
            print(f"      {result.note}")
    for problem in problems:
        print(f"  misplaced: {problem}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--online", action="store_true", help="ask Nominatim (1 request/s) for places the gazetteer lacks")
    parser.add_argument("--only", nargs="+", metavar="ID", help="geocode only these place_ids")
    parser.add_argument("--refresh", action="store_true", help="ignore geocoded.csv as a cache (combine with --only to redo a few)")
    parser.add_argument(
        "--places",
        type=Path,
        nargs="+",
        default=[DATA / "places.csv", DATA / "supporting_places.csv"],
        help="place tables, in this order (default: the article's places, then the supporting places)",
    )
    parser.add_argument("--overrides", type=Path, default=DATA / "geocode_overrides.csv")
    parser.add_argument("--output", type=Path, default=DATA / "geocoded.csv", help="written atomically; also read back as the cache")
    parser.add_argument("--borders", type=Path, default=DATA / "countries.geojson")
    parser.add_argument("--flush-every", type=int, default=10, metavar="N", help="save progress every N places (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.flush_every < 1:
        parser.error("--flush-every must be at least 1")
    return args


def select_places(places: list[dict[str, str]], only: list[str] | None) -> list[dict[str, str]]:
    if not only:
        return places
    known = {place["place_id"] for place in places}
    unknown = sorted(set(only) - known)
    if unknown:
        raise InputError(f"--only: unknown place_id(s) {unknown}")
    return [place for place in places if place["place_id"] in set(only)]


def read_places(paths: Path | list[Path]) -> list[dict[str, str]]:
    """Every row of the place tables (a missing optional table after the first is skipped); ids unique across them."""
    paths = [paths] if isinstance(paths, Path) else list(paths)
    places: list[dict[str, str]] = []
    seen: set[str] = set()
    for number, path in enumerate(paths):
        if number and not path.exists():
            continue
        for line, place in enumerate(read_table(path, PLACES_REQUIRED_COLUMNS), start=2):
            if place["place_id"] in seen:
                raise InputError(f"{path}:{line}: duplicate place_id {place['place_id']!r}")
            seen.add(place["place_id"])
            places.append(place)
    return places


def finish(args, todo, results) -> int:
    """Check the points against the borders, print the summary, return the exit code."""
    problems = misplaced(todo, results, args.borders)
    print_summary(results, {p["place_id"]: p for p in todo}, problems)
    print(f"\nwrote {args.output}")
    unresolved = sum(not r.resolved for r in results.values())
    if not (unresolved or problems):
        return 0
    hint = "" if args.online else ", or try --online"
    print(
        f"FAILED: {unresolved} unresolved, {len(problems)} outside their country. Add or fix rows in "
        f"{args.overrides} (place_id,lat,lon,precision,source_note){hint}."
    )
    return 1


def run(args, gazetteer_loader, online_factory) -> int:
    places = read_places(args.places)
    overrides, cache = load_overrides(args.overrides), load_cache(args.output)
    todo = select_places(places, args.only)
    gazetteer = LazyGazetteer(gazetteer_loader, (p["country"].strip().upper() for p in todo))
    online = UntilUnreachable(online_factory()) if args.online else None
    active_cache = {} if args.refresh else cache
    results: dict[str, GeocodeResult] = {}

    def save() -> None:
        write_csv_atomically(args.output, GEOCODED_COLUMNS, output_rows(places, results, overrides, cache))

    try:
        for number, place in enumerate(todo, start=1):
            result = resolve_place(place, overrides, active_cache, gazetteer, online)
            results[result.place_id] = result
            print(f"[{number:>4}/{len(todo)}] {result.place_id:<24} {describe(result)}", flush=True)
            if number % args.flush_every == 0:
                save()
    except KeyboardInterrupt:
        save()
        print(f"\ninterrupted: saved {len(results)} result(s) to {args.output}; rerun to continue")
        return 130
    save()
    return finish(args, todo, results)


def main(
    argv: list[str] | None = None,
    *,
    gazetteer_loader: Callable = load_geonames_gazetteer,
    online_factory: Callable = NominatimGeocoder,
) -> int:
    args = parse_args(argv)
    # geopy's RateLimiter logs each retry with a traceback; the failure reason is printed per place.
    logging.getLogger("geopy").setLevel(logging.ERROR)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return run(args, gazetteer_loader, online_factory)
    except (InputError, GazetteerUnavailableError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"error: {error.filename} not found (see --places/--overrides/--output)", file=sys.stderr)
        return 2
    except OSError as error:  # disk full, no permission, read-only file system
        print(f"error: cannot read or write {error.filename or args.output}: {error.strerror or error}", file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
