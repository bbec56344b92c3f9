"""Load and validate the committed tables; every problem names its file, row, column and fix."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from core.codes.constants import CONTROL_EVENT_TYPES, EVENT_TYPES, FLAGS, PLACE_KINDS, PRECISIONS, STATUSES
from core.codes.dates import YEAR_RANGE
from core.codes.sides import CODE_PATTERN, SHAPES
from core.text.i18n import pick

SLUG = r"^[a-z0-9_]+$"
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one cell (row is the line number in the file, header = line 1).

    message is English, message_nl the same in Dutch ('' = not translated: the English is shown)."""

    file: str
    row: int | None
    column: str | None
    message: str
    message_nl: str = ""
    found: str | None = None  # the cell's value a schema check rejected (repr), kept apart from the words

    def __str__(self) -> str:
        return self.text("en")

    def in_language(self, lang: str) -> str:
        """Just the message, in `lang`."""
        return pick(lang, self.message, self.message_nl or self.message)

    def text(self, lang: str) -> str:
        """'places.csv, line 3, column 'kind': …' / 'places.csv, regel 3, kolom 'kind': …'."""
        line, column = pick(lang, "line", "regel"), pick(lang, "column", "kolom")
        where = self.file + (f", {line} {self.row}" if self.row else "") + (f", {column} '{self.column}'" if self.column else "")
        return f"{where}: {self.in_language(lang)}"


# Dutch for every English message a schema check gives, written beside the check (see _say).
SCHEMA_MESSAGES_NL: dict[str, str] = {}


def _say(en: str, nl: str) -> str:
    """A check's message: English for the check, Dutch remembered for the people reading it."""
    SCHEMA_MESSAGES_NL[en] = nl
    return en


class DataError(Exception):
    """A table is broken; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"- {p}" for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{more}")


def _one_of(values, allow_empty: bool = False) -> pa.Check:
    allowed = list(values) + ([""] if allow_empty else [])
    return pa.Check.isin(
        allowed,
        error=_say(
            f"must be one of: {', '.join(v or '(empty)' for v in allowed)}",
            f"moet een van deze zijn: {', '.join(v or '(leeg)' for v in allowed)}",
        ),
    )


def _text(*checks: pa.Check, required: bool = True, unique: bool = False) -> pa.Column:
    all_checks = list(checks)
    if required:
        all_checks.append(pa.Check.str_length(min_value=1, error=_say("must not be empty", "mag niet leeg zijn")))
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

    what_nl = {"latitude": "breedtegraad", "longitude": "lengtegraad"}.get(what, what)
    return pa.Check(
        check,
        error=_say(
            f"{what} must be a decimal number between {low} and {high} (use a dot, e.g. 36.34)",
            f"{what_nl} moet een decimaal getal tussen {low} en {high} zijn (met een punt, bijv. 36.34)",
        ),
    )


def _side(allow_empty: bool = True) -> pa.Check:
    """A side's code as the tables write it (which sides exist is the dataset's: see sides_problems)."""
    pattern = CODE_PATTERN.pattern.replace("{1,", "{0," if allow_empty else "{1,")
    return pa.Check.str_matches(
        pattern,
        error=_say(
            "a side: a short name or code without | < > { } #, at most 40 characters",
            "een partij: een korte naam of code zonder | < > { } #, hooguit 40 tekens",
        ),
    )


SLUG_ERROR = _say("use lowercase letters, digits and _ only", "gebruik alleen kleine letters, cijfers en _")
ISO_DATE_CHECKS = (
    pa.Check.str_matches(
        ISO_DATE, error=_say("write the date as YYYY-MM-DD, e.g. 2014-06-10", "schrijf de datum als JJJJ-MM-DD, bijv. 2014-06-10")
    ),
    pa.Check(
        _valid_iso_date,
        error=_say(
            f"not a real calendar date from {YEAR_RANGE[0]} to {YEAR_RANGE[1]}",
            f"geen echte datum van {YEAR_RANGE[0]} tot {YEAR_RANGE[1]}",
        ),
    ),
)


PLACES_SCHEMA = pa.DataFrameSchema(
    {
        "place_id": _text(pa.Check.str_matches(SLUG, error=SLUG_ERROR), unique=True),
        "name_nl": _text(),
        "article_spellings": _text(required=False),
        "name_en": _text(),
        "aliases": _text(required=False),
        "country": _text(
            pa.Check.str_matches(
                r"^[A-Z]{2}$",
                error=_say("use a two-letter ISO code such as IQ or SY", "gebruik een landcode van twee letters, zoals IQ of SY"),
            )
        ),
        "kind": _text(_one_of(PLACE_KINDS)),
        "initial_controller": _text(_side(), required=False),
        "initial_status": _text(_one_of(STATUSES, allow_empty=True), required=False),
        "initial_basis": _text(required=False),
        "parent_place": pa.Column(
            str,
            pa.Check.str_matches(
                r"^([a-z0-9_]+)?$",
                error=_say(
                    "use the place_id of the town it lies in, or leave it empty",
                    "gebruik de place_id van de plaats waarin het ligt, of laat het leeg",
                ),
            ),
            required=False,
        ),
    },
    strict=False,
)

# data/supporting_places.csv: places the article does not name that published territory maps use (towns, bases,
# crossings, oases). Same meaning as the places.csv columns they share; `role` says what the place carries on the map.
SUPPORTING_PLACES_SCHEMA = pa.DataFrameSchema(
    {
        "place_id": PLACES_SCHEMA.columns["place_id"],
        "name_nl": _text(),
        "name_en": _text(),
        "aliases": _text(required=False),
        "country": PLACES_SCHEMA.columns["country"],
        "kind": _text(_one_of(PLACE_KINDS)),
        "initial_controller": _text(_side(allow_empty=False)),
        "initial_status": _text(_one_of(STATUSES)),
        "initial_basis": _text(),
        "role": _text(),
    },
    strict=False,
)

EVENTS_SCHEMA = pa.DataFrameSchema(
    {
        "event_id": _text(pa.Check.str_matches(SLUG, error=SLUG_ERROR), unique=True),
        "place_id": _text(),
        "date": _text(*ISO_DATE_CHECKS),
        "date_precision": _text(_one_of(PRECISIONS)),
        "date_text": _text(required=False),
        "event_type": _text(_one_of(EVENT_TYPES)),
        "actor_before": _text(_side(), required=False),
        "actor_after": _text(_side(), required=False),
        "status_after": _text(_one_of(STATUSES, allow_empty=True), required=False),
        "opponent": _text(_side(), required=False),
        "section": _text(required=False),
        "evidence": _text(
            pa.Check.str_length(
                max_value=400, error=_say("keep the evidence phrase under 400 characters", "houd het citaat korter dan 400 tekens")
            )
        ),
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
        "source_id": _text(pa.Check.str_matches(SLUG, error=SLUG_ERROR), unique=True),
        "place_id": _text(),
        "event_type": _text(_one_of(CONTROL_EVENT_TYPES)),
        "date": _text(*ISO_DATE_CHECKS),
        "date_precision": _text(_one_of(PRECISIONS)),
        "actor_before": _text(_side(), required=False),
        "actor_after": _text(_side(allow_empty=False)),
        "status_after": _text(_one_of(STATUSES)),
        "article_event_id": _text(required=False),
        "publisher": _text(),
        "title": _text(required=False),
        "url": _text(pa.Check.str_matches(r"^https?://[^\s<>]+$", error=_say("a full http(s) address", "een volledig http(s)-adres"))),
        "published": _text(
            pa.Check.str_matches(r"^(\d{4}-\d{2}-\d{2})?$", error=_say("YYYY-MM-DD or empty", "JJJJ-MM-DD of leeg")), required=False
        ),
        "quote": _text(
            pa.Check.str_length(max_value=300, error=_say("keep the quote under 300 characters", "houd het citaat korter dan 300 tekens"))
        ),
        "summary_en": _text(),
        "summary_nl": _text(),
        "note": _text(required=False),
    },
    strict=False,
)

# A dataset's sides (data/sides.csv for the built-in atlas): core.codes.sides reads the rows.
SIDES_SCHEMA = pa.DataFrameSchema(
    {
        "code": _text(_side(allow_empty=False), unique=True),
        "name_en": _text(),
        "name_nl": _text(),
        "colour": _text(
            pa.Check.str_matches(r"^(#[0-9A-Fa-f]{6})?$", error=_say("a colour as #RRGGBB, or empty", "een kleur als #RRGGBB, of leeg")),
            required=False,
        ),
        "shape": _text(_one_of(SHAPES, allow_empty=True), required=False),
        "legend": pa.Column(str, _one_of(("yes", "no"), allow_empty=True), required=False),
        "role": pa.Column(str, _one_of(("focus",), allow_empty=True), required=False),
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
            str,
            pa.Check.str_matches(
                r"^(https?://[^\s<>]+)?$", error=_say("a full http(s) address or empty", "een volledig http(s)-adres of leeg")
            ),
            required=False,
        ),
    },
    strict=False,
)


def read_csv_text(path: Path) -> pd.DataFrame:
    """Read a CSV with every cell as text ('' for empty), so validation sees exactly what was written."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError as error:
        raise DataError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    "file not found; run `make data` or restore it from git",
                    "bestand niet gevonden; draai `make data` of zet het terug uit git",
                )
            ]
        ) from error
    except pd.errors.EmptyDataError as error:
        raise DataError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    "the file is empty; restore it from git or run `make data`",
                    "het bestand is leeg; zet het terug uit git of draai `make data`",
                )
            ]
        ) from error
    except (pd.errors.ParserError, UnicodeDecodeError, csv.Error) as error:
        raise DataError([Problem(path.name, None, None, f"not a readable CSV: {error}", f"geen leesbare CSV: {error}")]) from error
    except OSError as error:  # a directory, no permission, a disk error
        reason = error.strerror or error
        raise DataError(
            [Problem(path.name, None, None, f"cannot be read ({reason}); check the file", f"onleesbaar ({reason}); controleer het bestand")]
        ) from error


def validate_frame(frame: pd.DataFrame, schema: pa.DataFrameSchema, file_name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate every row; return the good rows and a list of problems (nothing raised for bad cells)."""
    missing = [name for name, column in schema.columns.items() if column.required and name not in frame.columns]
    if missing:
        return frame.iloc[0:0], [
            Problem(file_name, 1, name, "column is missing from the header", "kolom ontbreekt in de kopregel") for name in missing
        ]
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
        found, found_nl = f"(found {failure.failure_case!r})", f"(gevonden: {failure.failure_case!r})"
        dutch = SCHEMA_MESSAGES_NL.get(message, message)
        problems.append(
            Problem(file_name, row, str(failure.column), f"{message} {found}", f"{dutch} {found_nl}", repr(failure.failure_case))
        )
    return sorted(set(problems), key=lambda p: (p.row or 0, p.column or "", p.message))


def _failure_message(check: str, schema: pa.DataFrameSchema, column: str) -> str:
    if check == "field_uniqueness":
        return _say("duplicate value; ids must be unique", "dubbele waarde; ids moeten uniek zijn")
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        return _say("not a number", "geen getal")
    for candidate in schema.columns.get(column).checks if column in schema.columns else []:
        if candidate.error and (candidate.error == check or candidate.name == check):
            return candidate.error
    return check


def records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    """Rows as dicts, column by column (several times faster than to_dict('records') on arrow strings)."""
    names = list(frame.columns if columns is None else columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*(frame[name].tolist() for name in names), strict=True)]
