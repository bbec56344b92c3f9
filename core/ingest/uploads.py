"""Bring-your-own CSV of places or events: validate leniently, geocode what has no coordinates (reading:
core/ingest/csv_text.py; dates: core/ingest/upload_dates.py).

Good rows load; every bad row becomes a Problem naming its line (header = 1), column and fix.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import pandas as pd
import pandera.pandas as pa

from core.codes.constants import CONTROL_EVENT_TYPES, PRECISIONS
from core.ingest.csv_text import (  # noqa: F401 (re-exported: the upload API in one place)
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    OVERFLOW_COLUMN,
    UploadError,
    decode_upload,
    read_upload,
    sniff_separator,
)
from core.ingest.geocoding import name_keys, place_names, strip_accents
from core.ingest.upload_dates import DATE_FORMATS_HINT, normalise_dates, parse_date  # noqa: F401
from core.model.atlas import Atlas, build_atlas
from core.model.tables import EVENTS_SCHEMA, PLACES_SCHEMA, Problem, validate_frame

UPLOAD_KINDS = ("places", "events")
NOT_EMPTY_ERROR = "must not be empty"  # the error tables._text attaches to required text columns
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
COUNTRY_NAMES = {"iraq": "IQ", "irak": "IQ", "syria": "SY", "syrie": "SY"}
# Status a place has after an event, when the file does not say.
DEFAULT_STATUS_AFTER = {
    "captured": "held",
    "retaken": "held",
    "siege_begun": "besieged",
    "siege_lifted": "held",
    "contested": "contested",
    "withdrawal": "held",
    "other_control": "held",
    "attack": "",
}


class NameLookup(Protocol):
    """What geocode_missing needs of a gazetteer (core.ingest.geocoding.Gazetteer has it)."""

    def lookup(self, names: Sequence[str], country: str) -> Any | None:
        """A match with .lat, .lon and .matched_name (optionally .source, .precision), or None."""


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def relaxed_schema(schema: pa.DataFrameSchema, optional: Iterable[str]) -> pa.DataFrameSchema:
    """A copy of `schema` where the `optional` columns may be empty; their other checks still apply."""
    return schema.update_columns(
        {name: {"checks": [check for check in schema.columns[name].checks if check.error != NOT_EMPTY_ERROR]} for name in optional}
    )


UPLOAD_PLACES_SCHEMA = PLACES_SCHEMA
UPLOAD_EVENTS_SCHEMA = relaxed_schema(EVENTS_SCHEMA, ("evidence", "summary_en", "summary_nl"))

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


def slugify(name: str) -> str:
    """'Deir ez-Zor' -> 'deir_ez_zor'; 'Al-Raqqa' -> 'raqqa' (the place_id convention of SCHEMA.md)."""
    slug = re.sub(r"[^a-z0-9]+", "_", strip_accents(name).lower()).strip("_")
    return re.sub(r"^(al|ar)_(?=.)", "", slug)


def place_id_for(name: str) -> str:
    """slugify(name), or for a name without Latin letters or digits ('الموصل') a stable 'place_<hash>'."""
    slug = slugify(name)
    if slug or not name.strip():
        return slug
    return "place_" + hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:10]


def _column(frame: pd.DataFrame, name: str, default: str = "") -> pd.Series:
    return frame[name] if name in frame else pd.Series(default, index=frame.index, dtype=str)


def _first_filled(frame: pd.DataFrame, names: Iterable[str]) -> pd.Series:
    """Per row, the first non-empty value among the named columns."""
    result = pd.Series("", index=frame.index, dtype=str)
    for name in names:
        result = result.where(result != "", _column(frame, name))
    return result


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


def _schema_shaped(prepared: pd.DataFrame, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Every schema column in order: our prepared value, else the file's own cell, else empty; then extras."""
    columns = {name: prepared[name] if name in prepared else _column(frame, name) for name in schema.columns}
    extras = {name: prepared[name] for name in prepared if name not in columns}
    return pd.DataFrame(columns | extras, index=frame.index)


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
    """'IQ', 'iq', 'Iraq', 'Irak' -> 'IQ'; 'Syrië' -> 'SY'; anything else upper-cased for the schema to judge."""
    return COUNTRY_NAMES.get(strip_accents(text).lower(), text.upper())


def _prepare_places(frame: pd.DataFrame, file_name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Places in the shape of places.csv, with defaults for what the file leaves out."""
    name_en = _first_filled(frame, ("name_en", "name", "name_nl"))
    controller = _column(frame, "initial_controller").str.upper()
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


def build_upload_atlas(located_places: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame | None = None) -> Atlas:
    """An Atlas from validated, located places (with lat/lon, e.g. from geocode_missing), events and, alongside
    the built-in atlas, its cited sources (so its places keep the history the evidence gives them)."""
    present = [c for c in COORDINATE_COLUMNS if c in located_places]
    coordinates = located_places[["place_id", *present]]
    return build_atlas(located_places.drop(columns=present), events, coordinates, sources)


# --- events -----------------------------------------------------------------


def _place_index(known_places: pd.DataFrame) -> dict[str, set[str]]:
    """Name key (of every name and the id, see core.ingest.geocoding.name_keys) -> the place_ids it may mean."""
    index: dict[str, set[str]] = {}
    for _, place in known_places.iterrows():
        for name in [place["place_id"], *place_names(place)]:
            for key in name_keys(name):
                index.setdefault(key, set()).add(place["place_id"])
    return index


def _resolve_place(reference: str, known_ids: set[str], index: dict[str, set[str]]) -> tuple[str, tuple[str, str] | None]:
    """(place_id, problem message in English and Dutch) for what a row wrote as its place."""
    if reference in known_ids:
        return reference, None
    matches = sorted(set().union(*(index.get(key, set()) for key in name_keys(reference))))
    if len(matches) == 1:
        return matches[0], None
    if matches:
        return "", (
            f"'{reference}' may be any of {', '.join(matches)}; write the place_id instead",
            f"'{reference}' kan elk van deze zijn: {', '.join(matches)}; schrijf liever de place_id",
        )
    return "", (
        f"unknown place '{reference}'; use a place_id from the places table or add the place to your places file",
        f"onbekende plaats '{reference}'; gebruik een place_id uit de tabel met plaatsen of voeg de plaats toe aan je plaatsenbestand",
    )


NO_PLACE = ("no place given; fill in place_id or place", "geen plaats opgegeven; vul place_id of place in")


def _event_place_ids(frame: pd.DataFrame, known_places: pd.DataFrame | None, file_name: str) -> tuple[pd.Series, list[Problem]]:
    references = _first_filled(frame, ("place_id", "place"))
    if known_places is None:
        return references.where(references.str.fullmatch(r"[a-z0-9_]+"), references.map(place_id_for)), []
    known_ids, index = set(known_places["place_id"]), _place_index(known_places)
    resolved, problems = [], []
    column = "place_id" if "place_id" in frame else "place"
    for row_index, reference in references.items():
        place_id, message = _resolve_place(reference, known_ids, index) if reference else ("", NO_PLACE)
        resolved.append(place_id)
        if message:
            problems.append(Problem(file_name, int(row_index) + 2, column, *message))
    return pd.Series(resolved, index=frame.index, dtype=str), problems


def _precision(frame: pd.DataFrame, derived: pd.Series) -> pd.Series:
    """The file's own date_precision counts only for a date written to the day (e.g. 2015-06-01 + season)."""
    given = _column(frame, "date_precision").str.lower()
    return given.where(given.isin(PRECISIONS) & (derived == "day"), derived)


def _event_ids(frame: pd.DataFrame, place_ids: pd.Series, dates: pd.Series, event_types: pd.Series) -> pd.Series:
    """The file's event_id, else `<place_id>_<yyyy>_<mm>_<event_type>` (numbered when repeated)."""
    given = _column(frame, "event_id")
    used = set(given[given != ""])
    last_number: dict[str, int] = {}  # per base: numbering resumes where it stopped (linear, not quadratic)
    ids = []
    for existing, place_id, day, event_type in zip(given, place_ids, dates, event_types, strict=True):
        if existing:
            ids.append(existing)
            continue
        base = slugify(f"{place_id}_{day[:7]}_{event_type}")
        number = last_number.get(base, 0)
        candidate = base
        while candidate in used:
            number += 1
            candidate = f"{base}_{number}" if number > 1 else base
        last_number[base] = number
        used.add(candidate)
        ids.append(candidate)
    return pd.Series(ids, index=frame.index, dtype=str)


def _missing_holder_problems(events: pd.DataFrame, file_name: str) -> list[Problem]:
    needs_holder = events["event_type"].isin(CONTROL_EVENT_TYPES) & (events["actor_after"] == "")
    return [
        Problem(
            file_name,
            int(index) + 2,
            "actor_after",
            "say who holds the place after this event: a controller code such as IS, IQ, SY or SDF",
            "zeg wie de plaats na deze gebeurtenis heeft: een partijcode zoals IS, IQ, SY of SDF",
        )
        for index in events.index[needs_holder]
    ]


def _default_for(values: pd.Series, applies, default) -> pd.Series:
    """`values`, with `default` in the empty cells where `applies` (a boolean or boolean Series)."""
    return values.where((values != "") | ~pd.Series(applies, index=values.index, dtype=bool), default)


def _prepare_events(frame: pd.DataFrame, known_places: pd.DataFrame | None, file_name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Events in the shape of events.csv, with defaults for what the file leaves out."""
    place_ids, problems = _event_place_ids(frame, known_places, file_name)
    dated, date_problems = normalise_dates(frame["date"], file_name)
    event_type = frame["event_type"].str.lower().str.replace(r"[\s-]+", "_", regex=True)
    events = pd.DataFrame(
        {
            "event_id": _event_ids(frame, place_ids, dated["date"], event_type),
            "place_id": place_ids,
            "date": dated["date"],
            "date_precision": _precision(frame, dated["date_precision"]),
            "date_text": _column(frame, "date_text").where(_column(frame, "date_text") != "", frame["date"]),
            "event_type": event_type,
            "actor_before": _default_for(_column(frame, "actor_before").str.upper(), event_type == "retaken", "IS"),
            "actor_after": _default_for(_column(frame, "actor_after").str.upper(), event_type == "captured", "IS"),
            "status_after": _default_for(_column(frame, "status_after").str.lower(), True, event_type.map(DEFAULT_STATUS_AFTER).fillna("")),
            "opponent": _default_for(_column(frame, "opponent").str.upper(), event_type == "attack", "IS"),
        },
        index=frame.index,
    )
    events = _schema_shaped(events, frame, UPLOAD_EVENTS_SCHEMA)
    return events, problems + date_problems + _missing_holder_problems(events, file_name)
