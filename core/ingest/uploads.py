"""Bring-your-own CSV of places or events: decode, read, validate leniently, geocode what has no coordinates.

Good rows load; every bad row becomes a Problem naming its line (header = 1), column and fix.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Protocol

import pandas as pd
import pandera.pandas as pa

from core.codes.constants import CONTROL_EVENT_TYPES, PRECISIONS
from core.codes.dates import MONTH_NAMES, YEAR_RANGE, checked_date
from core.ingest.geocoding import name_keys, place_names, strip_accents
from core.model.atlas import Atlas, build_atlas
from core.model.tables import EVENTS_SCHEMA, PLACES_SCHEMA, Problem, validate_frame

MAX_UPLOAD_MB = 2  # also server.maxUploadSize in .streamlit/config.toml (a test keeps them equal)
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024  # Streamlit counts a megabyte as 2**20 bytes
MAX_COLUMNS = 100  # a places or events file has about a dozen
MAX_ROWS = 20_000  # data rows per file: every step below is linear, so this bounds the work per upload
SEPARATORS = (",", ";", "\t")  # ties go to the first
OVERFLOW_COLUMN = "_overflow"  # values beyond the header's columns (an unquoted separator in a value)
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
BINARY_KINDS_NL = {
    "an Excel workbook or other zip file": "een Excel-werkmap of ander zipbestand",
    "an old Excel (.xls) workbook": "een oude Excel-werkmap (.xls)",
    "a PDF": "een pdf",
    "a PNG image": "een PNG-afbeelding",
    "a binary file": "een binair bestand",
}
BINARY_SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook or other zip file",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) workbook",
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
}
DATE_FORMATS_HINT = (
    f"write it as 2015-05-20, 20-05-2015, 20/05/2015, '20 mei 2015', 'mei 2015', 2015-05 or 2015 (years {YEAR_RANGE[0]} to {YEAR_RANGE[1]})"
)
DATE_FORMATS_HINT_NL = f"schrijf hem als 2015-05-20, 20-05-2015, 20/05/2015, '20 mei 2015', 'mei 2015', 2015-05 of 2015 (jaren {YEAR_RANGE[0]} tot {YEAR_RANGE[1]})"

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


class UploadError(ValueError):
    """The file cannot be read at all; the message says why and what to do, in words for the user (English and Dutch)."""

    def __init__(self, en: str, nl: str):
        super().__init__(en)
        self.nl = nl


# ---------------------------------------------------------------------------
# Bytes -> text -> frame of text cells
# ---------------------------------------------------------------------------


def _binary_kind(raw: bytes) -> str | None:
    for signature, kind in BINARY_SIGNATURES.items():
        if raw.startswith(signature):
            return kind
    return "a binary file" if b"\x00" in raw[:8192] else None


def decode_upload(raw: bytes) -> str:
    """Text of an uploaded file: UTF-16 with BOM, UTF-8 (BOM or not), else Windows-1252, else Latin-1."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_utf16(raw)
    elif (kind := _binary_kind(raw)) is not None:
        raise UploadError(
            f"This is {kind}, not a CSV text file. In your spreadsheet choose Save As > 'CSV UTF-8' and upload that.",
            f"Dit is {BINARY_KINDS_NL.get(kind, kind)}, geen CSV-tekstbestand. Kies in je spreadsheet Opslaan als > 'CSV UTF-8' en upload dat.",
        )
    else:
        text = _decode_text(raw)
    if not text.strip():
        raise UploadError(
            "The file is empty. Upload a CSV with a header row and at least one data row.",
            "Het bestand is leeg. Upload een CSV met een kopregel en minstens één regel met gegevens.",
        )
    return text


def _decode_utf16(raw: bytes) -> str:
    try:
        return raw.decode("utf-16")
    except UnicodeDecodeError as error:  # an odd number of bytes, or half a character: the file was cut off
        raise UploadError(
            f"The file says it is UTF-16 text but byte {error.start} cannot be read (was it cut off?). Save it again as 'CSV UTF-8'.",
            f"Het bestand zegt UTF-16-tekst te zijn, maar byte {error.start} is onleesbaar (afgebroken?). Sla het opnieuw op als 'CSV UTF-8'.",
        ) from error


def _decode_text(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # every byte is a Latin-1 character


def sniff_separator(text: str) -> str:
    """The separator the header row uses most: comma, semicolon or tab (comma when there is none)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max(SEPARATORS, key=header.count)


def _records(text: str, separator: str) -> list[tuple[int, list[str]]]:
    """(first line number, cells) of every non-blank record; quoted values may span lines.

    Stops at the first record past the limits (MAX_COLUMNS in the header, MAX_ROWS data rows).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records, line = [], 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                _check_limits(len(records), cells)
                records.append((line, [cell.strip() for cell in cells]))
            line = reader.line_num + 1
    except csv.Error as error:
        raise UploadError(
            f"Line {reader.line_num} cannot be read ({error}). Check the quotes on that line.",
            f"Regel {reader.line_num} is onleesbaar ({error}). Controleer de aanhalingstekens op die regel.",
        ) from error
    return records


def _check_limits(records_so_far: int, cells: list[str]) -> None:
    if records_so_far == 0 and len(cells) > MAX_COLUMNS:
        raise UploadError(
            f"The header has {len(cells):,} columns; the limit is {MAX_COLUMNS}. Keep only the columns listed under 'Expected columns'.",
            f"De kopregel heeft {len(cells):,} kolommen; de grens is {MAX_COLUMNS}. Houd alleen de kolommen onder 'Verwachte kolommen'.",
        )
    if records_so_far > MAX_ROWS:
        raise UploadError(
            f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files.",
            f"Het bestand heeft meer dan {MAX_ROWS:,} regels. Splits het in kleinere bestanden.",
        )


def _header_names(cells: list[str]) -> list[str]:
    names = [cell.strip().lower() or f"column_{number}" for number, cell in enumerate(cells, start=1)]
    duplicates = sorted(name for name, count in Counter(names).items() if count > 1)
    if duplicates:
        raise UploadError(
            f"The header has the column '{duplicates[0][:40]}' twice. Rename or remove one of them.",
            f"De kopregel heeft de kolom '{duplicates[0][:40]}' twee keer. Geef er één een andere naam of verwijder hem.",
        )
    return names


def _row_cells(cells: list[str], width: int) -> list[str]:
    """Cells padded to the header's width; extra non-empty cells kept together in the overflow column."""
    extra = [cell for cell in cells[width:] if cell]
    return (cells[:width] + [""] * (width - len(cells)))[:width] + [" | ".join(extra)]


def read_upload(raw: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> pd.DataFrame:
    """Every cell as stripped text, header names lower-cased; index = line number - 2 (header = line 1)."""
    if len(raw) > max_bytes:
        size, limit = len(raw) / 2**20, max_bytes / 2**20
        raise UploadError(
            f"The file is {size:.1f} MB; the limit is {limit:.1f} MB. Split it into smaller files or drop unused columns.",
            f"Het bestand is {size:.1f} MB; de grens is {limit:.1f} MB. Splits het in kleinere bestanden of laat ongebruikte kolommen weg.",
        )
    text = decode_upload(raw)
    records = _records(text, sniff_separator(text))
    if len(records) < 2:
        raise UploadError(
            "The file has no data rows. Put the column names in the first row and one place or event per row below it.",
            "Het bestand heeft geen regels met gegevens. Zet de kolomnamen op de eerste regel en daaronder één plaats of gebeurtenis per regel.",
        )
    (_, header), rows = records[0], records[1:]
    columns = _header_names(header)
    frame = pd.DataFrame(
        [_row_cells(cells, len(columns)) for _, cells in rows],
        columns=[*columns, OVERFLOW_COLUMN],
        index=[line - 2 for line, _ in rows],
        dtype=str,
    )
    return frame if (frame[OVERFLOW_COLUMN] != "").any() else frame.drop(columns=OVERFLOW_COLUMN)


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_MONTHS = {name.lower(): number for names in MONTH_NAMES.values() for number, name in enumerate(names, start=1)}
_MONTHS |= {name[:3]: number for name, number in list(_MONTHS.items())} | {"mrt": 3, "sept": 9}
SEASON_MONTHS = {"voorjaar": 3, "lente": 3, "spring": 3, "zomer": 6, "summer": 6}
SEASON_MONTHS |= {"najaar": 9, "herfst": 9, "autumn": 9, "fall": 9, "winter": 12}

# ASCII digits only (\d would also take Arabic-Indic and other digits); core.codes.dates.checked_date judges the values.
_YMD = re.compile(r"^(?P<y>[0-9]{4})[-/](?P<m>[0-9]{1,2})[-/](?P<d>[0-9]{1,2})$")
_DMY = re.compile(r"^(?P<d>[0-9]{1,2})[-/.](?P<m>[0-9]{1,2})[-/.](?P<y>[0-9]{4})$")
_YM = re.compile(r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})$")
_MY = re.compile(r"^(?P<m>[0-9]{1,2})[-/](?P<y>[0-9]{4})$")
_YEAR = re.compile(r"^(?P<y>[0-9]{4})$")
_WORDS = re.compile(r"^(?:(?P<d>[0-9]{1,2})\s+)?(?P<word>[^\W\d_]+)\.?\s+(?P<y>[0-9]{4})$")


def _numeric_date(text: str) -> tuple[date, str] | None:
    for pattern, precision in ((_YMD, "day"), (_DMY, "day"), (_YM, "month"), (_MY, "month"), (_YEAR, "year")):
        match = pattern.match(text)
        if match:
            parts = match.groupdict()
            day = checked_date(parts["y"], parts.get("m") or "1", parts.get("d") or "1")
            return (day, precision) if day else None
    return None


def _worded_date(text: str) -> tuple[date, str] | None:
    match = _WORDS.match(text.lower())
    if not match:
        return None
    word, year, day = strip_accents(match["word"]), match["y"], match["d"]
    if word in SEASON_MONTHS and day is None:
        start = checked_date(year, SEASON_MONTHS[word])
        return (start, "season") if start else None
    if word in _MONTHS:
        start = checked_date(year, _MONTHS[word], day or "1")
        return (start, "day" if day else "month") if start else None
    return None


def parse_date(text: str) -> tuple[date, str] | None:
    """'20-5-2015' -> (2015-05-20, 'day'); 'mei 2015' -> (2015-05-01, 'month'); None when unreadable.

    Numeric dates are day-first (Dutch usage): 05/06/2015 is 5 June. Approximate dates start their
    period, as in data/SCHEMA.md (month -> day 1, season -> first month, year -> 1 January).
    """
    cleaned = " ".join(text.split())
    return _numeric_date(cleaned) or _worded_date(cleaned)


def normalise_dates(series: pd.Series, file_name: str = "uploaded file") -> tuple[pd.DataFrame, list[Problem]]:
    """ISO `date` and `date_precision` per cell ('' where unreadable, each reported as a Problem)."""
    column = str(series.name or "date")
    dates, precisions, problems = [], [], []
    for index, text in series.items():
        parsed = parse_date(text or "")
        dates.append(parsed[0].isoformat() if parsed else "")
        precisions.append(parsed[1] if parsed else "")
        if parsed is None:
            found = f"'{text[:40]}' is not a date we can read" if text else "the date is empty"
            found_nl = f"'{text[:40]}' is geen datum die we kunnen lezen" if text else "de datum is leeg"
            problems.append(
                Problem(file_name, int(index) + 2, column, f"{found}; {DATE_FORMATS_HINT}", f"{found_nl}; {DATE_FORMATS_HINT_NL}")
            )
    frame = pd.DataFrame({"date": dates, "date_precision": precisions}, index=series.index, dtype=str)
    return frame, problems


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


def build_upload_atlas(located_places: pd.DataFrame, events: pd.DataFrame) -> Atlas:
    """An Atlas from validated, located places (with lat/lon, e.g. from geocode_missing) and events."""
    present = [c for c in COORDINATE_COLUMNS if c in located_places]
    coordinates = located_places[["place_id", *present]]
    return build_atlas(located_places.drop(columns=present), events, coordinates)


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
