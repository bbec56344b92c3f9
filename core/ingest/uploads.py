"""Bring-your-own CSV of places or events: validate leniently, geocode what has no coordinates (reading:
core/ingest/csv_text.py; dates: core/ingest/upload_dates.py).

Good rows load; every bad row becomes a Problem naming its line (header = 1), column and fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import pandas as pd

from core.codes.sides import Sides
from core.ingest.csv_text import (
    OVERFLOW_COLUMN,
)
from core.ingest.upload_events import (
    _prepare_events,
)
from core.ingest.upload_frames import (
    UPLOAD_EVENTS_SCHEMA,
    UPLOAD_PLACES_SCHEMA,
    _column,
    _first_filled,
    _schema_shaped,
    place_id_for,
    side_codes,
)
from core.model.atlas import Atlas, build_atlas
from core.model.tables import Problem, validate_frame
from core.text.labels import COUNTRIES
from core.text.names import place_names, strip_accents

UPLOAD_KINDS = ("places", "events")
DEFAULT_KIND = "town"
COORDINATE_COLUMNS = ("lat", "lon", "coord_source", "coord_precision", "coord_note")  # as in Atlas.places

COLUMN_ALIASES = {
    "latitude": "lat",
    "breedtegraad": "lat",
    "longitude": "lon",
    "lengtegraad": "lon",
    "lng": "lon",
    "long": "lon",
    "naam": "name",
    "land": "country",
    "datum": "date",
    "plaats": "place",
    "place_name": "place",
}
DERIVED_FROM = {"place_id": "place", "date_precision": "date"}  # schema column -> the upload column it comes from
# 'Nederland', 'Netherlands', 'Irak' -> their code: the names of core.text.labels.COUNTRIES (its one home).
COUNTRY_NAMES = {strip_accents(name).lower(): code for code, names in COUNTRIES.items() for name in names}


class NameLookup(Protocol):
    """What geocode_missing needs of a gazetteer (core.ingest.geocoding.Gazetteer has it)."""

    def lookup(self, names: Sequence[str], country: str) -> Any | None:
        """A match with .lat, .lon and .matched_name (optionally .source, .precision), or None."""


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


# Required columns: (any of these names, how to fix it when none is in the header, in English and Dutch)
REQUIRED_COLUMNS = {
    "places": (
        (
            ("name", "name_en", "name_nl"),
            "add a column 'name' with the place's name",
            "voeg een kolom 'name' toe met de naam van de plaats",
        ),
        (
            ("country",),
            "add a column 'country' with a two-letter code such as IQ or SY",
            "voeg een kolom 'country' toe met een landcode van twee letters, zoals IQ of SY",
        ),
    ),
    "events": (
        (
            ("place_id", "place"),
            "add a column 'place_id' (an id from the places table) or 'place' (the place's name)",
            "voeg een kolom 'place_id' (een id uit de tabel met plaatsen) of 'place' (de naam van de plaats) toe",
        ),
        (("date",), "add a column 'date', e.g. 2015-05-20 or 'mei 2015'", "voeg een kolom 'date' toe, bijv. 2015-05-20 of 'mei 2015'"),
        (
            ("event_type",),
            "add a column 'event_type' (captured, retaken, siege_begun, ...)",
            "voeg een kolom 'event_type' toe (captured, retaken, siege_begun, ...)",
        ),
    ),
}


def _with_aliases(frame: pd.DataFrame) -> pd.DataFrame:
    renames = {old: new for old, new in COLUMN_ALIASES.items() if old in frame and new not in frame}
    return frame.rename(columns=renames)


def _missing_column_problems(frame: pd.DataFrame, kind: str, file_name: str) -> list[Problem]:
    return [
        Problem(file_name, 1, names[0], f"column is missing from the header; {fix}", f"kolom ontbreekt in de kopregel; {fix_nl}")
        for names, fix, fix_nl in REQUIRED_COLUMNS[kind]
        if not any(name in frame for name in names)
    ]


def _overflow_problems(frame: pd.DataFrame, file_name: str) -> list[Problem]:
    extra = _column(frame, OVERFLOW_COLUMN)
    return [
        Problem(
            file_name,
            int(index) + 2,
            None,
            f"this row has more values than the header has columns ({value[:60]!r} left over); put double quotes around values that contain the separator",
            f"deze regel heeft meer waarden dan de kopregel kolommen ({value[:60]!r} over); zet dubbele aanhalingstekens rond waarden met het scheidingsteken",
        )
        for index, value in extra[extra != ""].items()
    ]


def _without_bad_rows(good: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    bad = {p.row - 2 for p in problems if p.row}
    return good[~good.index.isin(bad)]


def _combined(first: list[Problem], schema_problems: list[Problem]) -> list[Problem]:
    """Our own messages first; drop the schema's repeat of a cell we already reported (or derived)."""
    reported = {(p.row, p.column) for p in first}

    def repeats(problem: Problem) -> bool:
        sources = {problem.column, DERIVED_FROM.get(problem.column or "")}
        return any((problem.row, source) in reported for source in sources)

    kept = first + [p for p in schema_problems if not repeats(p)]
    return sorted(kept, key=lambda p: (p.row or 0, p.column or "", p.message))


def validate_upload(
    frame: pd.DataFrame,
    kind: str,
    known_places: pd.DataFrame | None = None,
    file_name: str | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows that pass (in the shape of places.csv / events.csv) and a Problem for every bad cell.

    Places get float `lat`/`lon` columns (NaN where the file has none: geocode_missing fills them).
    Events name a place by `place_id` or `place`; with `known_places` both are matched against it.
    """
    if kind not in UPLOAD_KINDS:
        raise ValueError(f"kind must be one of {UPLOAD_KINDS}, not {kind!r}")
    file_name = file_name or f"uploaded {kind}"
    renamed = _with_aliases(frame)
    missing = _missing_column_problems(renamed, kind, file_name)
    if missing:
        return renamed.iloc[0:0], missing
    if kind == "places":
        prepared, problems = _prepare_places(renamed, file_name)
        schema = UPLOAD_PLACES_SCHEMA
    else:
        prepared, problems = _prepare_events(renamed, known_places, file_name)
        schema = UPLOAD_EVENTS_SCHEMA
    good, schema_problems = validate_frame(prepared, schema, file_name)
    all_problems = _combined(_overflow_problems(renamed, file_name) + problems, schema_problems)
    return _without_bad_rows(good, all_problems), all_problems


# --- places -----------------------------------------------------------------


def parse_coordinate(text: str) -> float | None:
    """'36,34' or '36.34' or '36.34°' -> 36.34; '' -> None; ValueError for anything else."""
    cleaned = text.strip().rstrip("°")
    if not cleaned:
        return None
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned)


def _coordinate(text: str, limit: int) -> tuple[float | None, tuple[str, str] | None]:
    """(value, problem message in English and Dutch) for one coordinate cell."""
    try:
        value = parse_coordinate(text)
    except ValueError:
        return None, (
            f"'{text}' is not a number; write decimal degrees such as 36.34 or 36,34",
            f"'{text}' is geen getal; schrijf decimale graden zoals 36.34 of 36,34",
        )
    if value is not None and not -limit <= value <= limit:
        return None, (
            f"{value} is outside -{limit}..{limit}; check that lat and lon are not swapped",
            f"{value} ligt buiten -{limit}..{limit}; controleer of lat en lon niet verwisseld zijn",
        )
    return value, None


def _coordinate_columns(frame: pd.DataFrame, file_name: str) -> tuple[pd.DataFrame, list[Problem]]:
    values: dict[str, list[float | None]] = {"lat": [], "lon": []}
    problems = []
    for index, lat_text, lon_text in zip(frame.index, _column(frame, "lat"), _column(frame, "lon"), strict=True):
        row = int(index) + 2
        for column, text, limit in (("lat", lat_text, 90), ("lon", lon_text, 180)):
            value, message = _coordinate(text, limit)
            values[column].append(value)
            if message:
                problems.append(Problem(file_name, row, column, *message))
        if bool(lat_text) != bool(lon_text):
            empty = "lon" if lat_text else "lat"
            problems.append(
                Problem(
                    file_name,
                    row,
                    empty,
                    "give both lat and lon, or leave both empty to look the place up by name",
                    "geef zowel lat als lon, of laat ze allebei leeg om de plaats op naam op te zoeken",
                )
            )
    return pd.DataFrame(values, index=frame.index, dtype=float), problems


def country_code(text: str) -> str:
    """'IQ', 'iq', 'Iraq', 'Irak' -> 'IQ'; 'Syrië' -> 'SY'; 'Nederland' -> 'NL'; anything else upper-cased for the
    schema to judge."""
    return COUNTRY_NAMES.get(strip_accents(text).lower(), text.upper())


def _prepare_places(frame: pd.DataFrame, file_name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Places in the shape of places.csv, with defaults for what the file leaves out."""
    name_en = _first_filled(frame, ("name_en", "name", "name_nl"))
    controller = side_codes(_column(frame, "initial_controller"))
    status = _column(frame, "initial_status").str.lower()
    coordinates, problems = _coordinate_columns(frame, file_name)
    places = pd.DataFrame(
        {
            "place_id": _column(frame, "place_id").where(_column(frame, "place_id") != "", name_en.map(place_id_for)),
            "name_nl": _first_filled(frame, ("name_nl", "name", "name_en")),
            "name_en": name_en,
            "country": _column(frame, "country").map(country_code),
            "kind": _column(frame, "kind", DEFAULT_KIND).str.lower().replace("", DEFAULT_KIND),
            "initial_controller": controller,
            "initial_status": status.where((status != "") | (controller == ""), "held"),
        },
        index=frame.index,
    )
    return _schema_shaped(places.join(coordinates), frame, UPLOAD_PLACES_SCHEMA), problems


def geocode_missing(places: pd.DataFrame, gazetteer: NameLookup, file_name: str = "uploaded places") -> tuple[pd.DataFrame, list[Problem]]:
    """Fill missing lat/lon from `gazetteer.lookup(names, country)`; places it cannot find become Problems.

    Adds coord_source / coord_precision / coord_note, the columns Atlas.places carries.
    """
    located = places.assign(coord_source="upload", coord_precision="as given", coord_note="")
    problems = []
    for index in located.index[located["lat"].isna() | located["lon"].isna()]:
        row = located.loc[index]
        names = place_names(row)
        match = gazetteer.lookup(names, row["country"]) if names and row["country"] else None
        if match is None:
            called, country = " / ".join(names), row["country"]
            message = (
                f"no coordinates, and no place called {called or '(no name)'} in {country or '(no country)'} is known; add lat and lon"
            )
            message_nl = (
                f"geen coördinaten, en er is geen plaats {called or '(geen naam)'} in {country or '(geen land)'} bekend; vul lat en lon in"
            )
            problems.append(Problem(file_name, int(index) + 2, "lat", message, message_nl))
            continue
        located.loc[index, ["lat", "lon"]] = [match.lat, match.lon]
        located.loc[index, ["coord_source", "coord_precision"]] = [getattr(match, "source", "gazetteer"), getattr(match, "precision", "")]
        located.loc[index, "coord_note"] = f"looked up by name: matched '{match.matched_name}'"
    return _without_bad_rows(located, problems), problems


def build_upload_atlas(
    located_places: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame | None = None, sides: Sides | None = None
) -> Atlas:
    """An Atlas from validated, located places (with lat/lon, e.g. from geocode_missing), events and, alongside
    the built-in atlas, its cited sources (so its places keep the history the evidence gives them) and its sides
    (the upload's other sides are taken from the values it uses)."""
    present = [c for c in COORDINATE_COLUMNS if c in located_places]
    coordinates = located_places[["place_id", *present]]
    return build_atlas(located_places.drop(columns=present), events, coordinates, sources, sides)


# --- events -----------------------------------------------------------------
