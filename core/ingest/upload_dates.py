"""Dates as people write them in a spreadsheet (2015-05-20, 20-05-2015, '20 mei 2015', 'zomer 2014', 2015),
read into an ISO date and its precision; anything else is a Problem that says how to write it."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from core.codes.dates import MONTH_NAMES, YEAR_RANGE, checked_date
from core.model.tables import Problem
from core.text.names import strip_accents

DATE_FORMATS_HINT = (
    f"write it as 2015-05-20, 20-05-2015, 20/05/2015, '20 mei 2015', 'mei 2015', 2015-05 or 2015 (years {YEAR_RANGE[0]} to {YEAR_RANGE[1]})"
)
DATE_FORMATS_HINT_NL = f"schrijf hem als 2015-05-20, 20-05-2015, 20/05/2015, '20 mei 2015', 'mei 2015', 2015-05 of 2015 (jaren {YEAR_RANGE[0]} tot {YEAR_RANGE[1]})"

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
