"""Load and validate the committed tables; every problem names its file, row, column and fix."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from core.constants import CONTROL_EVENT_TYPES, CONTROLLERS, EVENT_TYPES, FLAGS, PLACE_KINDS, PRECISIONS, STATUSES
from core.dates import YEAR_RANGE

SLUG = r"^[a-z0-9_]+$"
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one cell (row is the line number in the file, header = line 1)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f", line {self.row}" if self.row else "") + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.message}"


class DataError(Exception):
    """A table is broken; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"- {p}" for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{more}")


def _one_of(values, allow_empty: bool = False) -> pa.Check:
    allowed = list(values) + ([""] if allow_empty else [])
    return pa.Check.isin(allowed, error=f"must be one of: {', '.join(v or '(empty)' for v in allowed)}")


def _text(*checks: pa.Check, required: bool = True, unique: bool = False) -> pa.Column:
    all_checks = list(checks)
    if required:
        all_checks.append(pa.Check.str_length(min_value=1, error="must not be empty"))
    return pa.Column(str, checks=all_checks, unique=unique, nullable=False, required=True)


def _valid_iso_date(series: pd.Series) -> pd.Series:
    """Only judges cells already shaped YYYY-MM-DD (the shape check reports the others)."""
    shaped = series.str.match(ISO_DATE)
    parsed = pd.to_datetime(series.where(shaped), format="%Y-%m-%d", errors="coerce")
    return ~shaped | parsed.dt.year.between(*YEAR_RANGE)  # NaT (no such day) is outside too


def _number_between(low: float, high: float, what: str) -> pa.Check:
    def check(series: pd.Series) -> pd.Series:
        numbers = pd.to_numeric(series, errors="coerce")
        return numbers.between(low, high)

    return pa.Check(check, error=f"{what} must be a decimal number between {low} and {high} (use a dot, e.g. 36.34)")


CONTROLLER_CODES = list(CONTROLLERS)
ISO_DATE_CHECKS = (
    pa.Check.str_matches(ISO_DATE, error="write the date as YYYY-MM-DD, e.g. 2014-06-10"),
    pa.Check(_valid_iso_date, error=f"not a real calendar date from {YEAR_RANGE[0]} to {YEAR_RANGE[1]}"),
)


PLACES_SCHEMA = pa.DataFrameSchema(
    {
        "place_id": _text(pa.Check.str_matches(SLUG, error="use lowercase letters, digits and _ only"), unique=True),
        "name_nl": _text(),
        "article_spellings": _text(required=False),
        "name_en": _text(),
        "aliases": _text(required=False),
        "country": _text(pa.Check.str_matches(r"^[A-Z]{2}$", error="use a two-letter ISO code such as IQ or SY")),
        "kind": _text(_one_of(PLACE_KINDS)),
        "initial_controller": _text(_one_of(CONTROLLER_CODES, allow_empty=True), required=False),
        "initial_status": _text(_one_of(STATUSES, allow_empty=True), required=False),
        "initial_basis": _text(required=False),
        "parent_place": pa.Column(
            str,
            pa.Check.str_matches(r"^([a-z0-9_]+)?$", error="use the place_id of the town it lies in, or leave it empty"),
            required=False,
        ),
    },
    strict=False,
)

EVENTS_SCHEMA = pa.DataFrameSchema(
    {
        "event_id": _text(pa.Check.str_matches(SLUG, error="use lowercase letters, digits and _ only"), unique=True),
        "place_id": _text(),
        "date": _text(*ISO_DATE_CHECKS),
        "date_precision": _text(_one_of(PRECISIONS)),
        "date_text": _text(required=False),
        "event_type": _text(_one_of(EVENT_TYPES)),
        "actor_before": _text(_one_of(CONTROLLER_CODES, allow_empty=True), required=False),
        "actor_after": _text(_one_of(CONTROLLER_CODES, allow_empty=True), required=False),
        "status_after": _text(_one_of(STATUSES, allow_empty=True), required=False),
        "opponent": _text(_one_of(CONTROLLER_CODES, allow_empty=True), required=False),
        "section": _text(required=False),
        "evidence": _text(pa.Check.str_length(max_value=400, error="keep the evidence phrase under 400 characters")),
        "summary_en": _text(),
        "summary_nl": _text(),
        "note": _text(required=False),
        "flag": _text(_one_of(FLAGS, allow_empty=True), required=False),
        "in_model": pa.Column(str, _one_of(("yes", "no"), allow_empty=True), required=False),
    },
    strict=False,
)

SOURCES_SCHEMA = pa.DataFrameSchema(
    {
        "source_id": _text(pa.Check.str_matches(SLUG, error="use lowercase letters, digits and _ only"), unique=True),
        "place_id": _text(),
        "event_type": _text(_one_of(CONTROL_EVENT_TYPES)),
        "date": _text(*ISO_DATE_CHECKS),
        "date_precision": _text(_one_of(PRECISIONS)),
        "actor_before": _text(_one_of(CONTROLLER_CODES, allow_empty=True), required=False),
        "actor_after": _text(_one_of(CONTROLLER_CODES)),
        "status_after": _text(_one_of(STATUSES)),
        "article_event_id": _text(required=False),
        "publisher": _text(),
        "title": _text(required=False),
        "url": _text(pa.Check.str_matches(r"^https?://[^\s<>]+$", error="a full http(s) address")),
        "published": _text(pa.Check.str_matches(r"^(\d{4}-\d{2}-\d{2})?$", error="YYYY-MM-DD or empty"), required=False),
        "quote": _text(pa.Check.str_length(max_value=300, error="keep the quote under 300 characters")),
        "summary_en": _text(),
        "summary_nl": _text(),
        "note": _text(required=False),
    },
    strict=False,
)

_COORDINATES = {
    "place_id": _text(unique=True),
    "lat": _text(_number_between(-90, 90, "latitude")),
    "lon": _text(_number_between(-180, 180, "longitude")),
}
GEOCODES_SCHEMA = pa.DataFrameSchema({**_COORDINATES, "precision": _text(required=False)}, strict=False)
# Hand-placed coordinates: the one rule for data/geocode_overrides.csv (the app and scripts/geocode.py).
OVERRIDES_SCHEMA = pa.DataFrameSchema(
    {
        **_COORDINATES,
        "precision": _text(),
        "source_note": _text(),
        "basis_publisher": pa.Column(str, required=False),
        "basis_url": pa.Column(
            str, pa.Check.str_matches(r"^(https?://[^\s<>]+)?$", error="a full http(s) address or empty"), required=False
        ),
    },
    strict=False,
)


def read_csv_text(path: Path) -> pd.DataFrame:
    """Read a CSV with every cell as text ('' for empty), so validation sees exactly what was written."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError as error:
        raise DataError([Problem(path.name, None, None, "file not found; run `make data` or restore it from git")]) from error
    except pd.errors.EmptyDataError as error:
        raise DataError([Problem(path.name, None, None, "the file is empty; restore it from git or run `make data`")]) from error
    except (pd.errors.ParserError, UnicodeDecodeError, csv.Error) as error:
        raise DataError([Problem(path.name, None, None, f"not a readable CSV: {error}")]) from error
    except OSError as error:  # a directory, no permission, a disk error
        raise DataError([Problem(path.name, None, None, f"cannot be read ({error.strerror or error}); check the file")]) from error


def validate_frame(frame: pd.DataFrame, schema: pa.DataFrameSchema, file_name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate every row; return the good rows and a list of problems (nothing raised for bad cells)."""
    missing = [name for name, column in schema.columns.items() if column.required and name not in frame.columns]
    if missing:
        return frame.iloc[0:0], [Problem(file_name, 1, name, "column is missing from the header") for name in missing]
    try:
        schema.validate(frame, lazy=True)
        return frame, []
    except pa.errors.SchemaErrors as errors:
        problems = _problems_from_failures(errors.failure_cases, schema, file_name)
    bad_index = {p.row - 2 for p in problems if p.row}
    good = frame.loc[[i for i in frame.index if i not in bad_index]]
    return good, problems


def _problems_from_failures(failures: pd.DataFrame, schema: pa.DataFrameSchema, file_name: str) -> list[Problem]:
    problems = []
    for failure in failures.itertuples(index=False):
        index = failure.index
        row = int(index) + 2 if index is not None and not pd.isna(index) else None
        message = _failure_message(str(failure.check), schema, str(failure.column))
        problems.append(Problem(file_name, row, str(failure.column), f"{message} (found {failure.failure_case!r})"))
    return sorted(set(problems), key=lambda p: (p.row or 0, p.column or "", p.message))


def _failure_message(check: str, schema: pa.DataFrameSchema, column: str) -> str:
    if check == "field_uniqueness":
        return "duplicate value; ids must be unique"
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        return "not a number"
    for candidate in schema.columns.get(column).checks if column in schema.columns else []:
        if candidate.error and (candidate.error == check or candidate.name == check):
            return candidate.error
    return check


def split_list(cell: str) -> list[str]:
    """'Mosoel|Mosul' -> ['Mosoel', 'Mosul']."""
    return [part.strip() for part in (cell or "").split(LIST_SEPARATOR) if part.strip()]


def records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    """Rows as dicts, column by column (several times faster than to_dict('records') on arrow strings)."""
    names = list(frame.columns if columns is None else columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*(frame[name].tolist() for name in names), strict=True)]
