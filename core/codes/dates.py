"""Dates with precision (day, month, season, year): effective dates, month steps and labels."""

from __future__ import annotations

import calendar
import re
from datetime import date

from core.codes.constants import TIMELINE_END, TIMELINE_START

_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_ASCII_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII only: str.isdigit() also accepts '²' and '①', which int() rejects
YEAR_RANGE = (1900, 2100)  # every date the app accepts (URL, upload, story, tables) lies in these years
_SEASON_MONTHS = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}
_SEASON_NAMES_NL = {"spring": "voorjaar", "summer": "zomer", "autumn": "herfst", "winter": "winter"}
MONTH_NAMES = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
}


def whole_number(text: object, low: int, high: int) -> int | None:
    """'12' -> 12 when low <= 12 <= high; None for anything else ('²', '①', '+1', 4,400 digits, non-text).

    The one rule for numbers read from people: URL parameters, uploads, stories and tables.
    """
    if not isinstance(text, str) or not _ASCII_NUMBER.fullmatch(text.strip()):
        return None
    value = int(text.strip())
    return value if low <= value <= high else None


def checked_date(year: object, month: object = "1", day: object = "1") -> date | None:
    """A calendar date from digit strings (or ints) with its year inside YEAR_RANGE; None when there is none."""
    parts = [whole_number(str(part), 0, 9999) for part in (year, month, day)]
    if None in parts or not YEAR_RANGE[0] <= parts[0] <= YEAR_RANGE[1]:
        return None
    try:
        return date(*parts)
    except ValueError:  # 31 February, month 13, day 0
        return None


def month_end(day: date) -> date:
    """Last day of the month containing `day`."""
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """First day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def effective_date(start: date, precision: str) -> date:
    """The day an event counts from: the day itself, or the middle of its month, season or year."""
    if precision == "day":
        return start
    if precision == "month":
        return date(start.year, start.month, 15)
    if precision == "season":
        middle = add_months(start, 1)
        return date(middle.year, middle.month, 15)
    if precision == "year":
        return date(start.year, 7, 1)
    raise ValueError(f"unknown date precision {precision!r}; use day, month, season or year")


def timeline_months(start: date = TIMELINE_START, end: date = TIMELINE_END) -> list[date]:
    """First days of every month from `start` to `end` inclusive."""
    months, current = [], date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months


def parse_month(text: str | None) -> date | None:
    """'2016-08' -> date(2016, 8, 1) inside the timeline; anything else -> None."""
    match = _MONTH_RE.fullmatch((text or "").strip())
    value = checked_date(match.group(1), match.group(2)) if match else None
    return value if value is not None and TIMELINE_START <= value <= TIMELINE_END else None


def parse_step_key(text: str | None) -> date | None:
    """A timeline step's key of any dataset: '1944-09' -> date(1944, 9, 1), '1944-09-17' -> that day (years inside
    YEAR_RANGE); anything else -> None. The built-in atlas's months are parse_month's."""
    parts = (text or "").strip().split("-")
    if len(parts) not in (2, 3) or len(parts[0]) != 4 or not all(len(part) == 2 for part in parts[1:]):
        return None
    return checked_date(*parts)


def format_month_key(day: date) -> str:
    """date(2016, 8, 1) -> '2016-08' (the URL form)."""
    return f"{day.year:04d}-{day.month:02d}"


def month_label(day: date, lang: str = "en") -> str:
    """date(2016, 8, 1) -> 'August 2016' / 'augustus 2016'."""
    return f"{MONTH_NAMES[lang][day.month - 1]} {day.year}"


def date_label(start: date, precision: str, lang: str = "en") -> str:
    """A date as precise as it is known; approximate ones carry a '~'."""
    months = MONTH_NAMES[lang]
    if precision == "day":
        return f"{start.day} {months[start.month - 1]} {start.year}"
    if precision == "month":
        return f"~ {months[start.month - 1]} {start.year}"
    if precision == "season":
        season = _SEASON_MONTHS.get(start.month)
        if season is None:
            return f"~ {months[start.month - 1]}–{months[add_months(start, 2).month - 1]} {start.year}"
        name = season if lang == "en" else _SEASON_NAMES_NL[season]
        return f"~ {name} {start.year}"
    return f"~ {start.year}"


# Every month of the timeline as its URL key ('2014-01' … '2019-12'): the one list the month pickers use.
MONTH_KEYS: tuple[str, ...] = tuple(format_month_key(month) for month in timeline_months())
