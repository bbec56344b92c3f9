"""Read shareable view state from URL parameters; anything invalid falls back with a notice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from core.dates import format_month_key, parse_month, whole_number
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES


@dataclass(frozen=True)
class Parsed:
    """Values read from the URL plus short notices for what was ignored."""

    values: dict
    notices: list[str] = field(default_factory=list)


def read_month(params: Mapping[str, str], name: str, default: date, notices: list[str]) -> date:
    raw = params.get(name)
    if raw is None:
        return default
    value = parse_month(raw)
    if value is None:
        notices.append(f"Ignored {name}={raw[:40]!r}: use a month from 2014-01 to 2019-12, e.g. {format_month_key(default)}.")
        return default
    return value


def read_choice(params: Mapping[str, str], name: str, choices, default, notices: list[str]):
    raw = params.get(name)
    if raw is None:
        return default
    if raw in choices:
        return raw
    notices.append(f"Ignored {name}={raw[:40]!r}: choose one of {', '.join(map(str, choices))}.")
    return default


def read_int(params: Mapping[str, str], name: str, low: int, high: int, default: int, notices: list[str]) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    value = whole_number(raw, low, high)
    if value is not None:
        return value
    notices.append(f"Ignored {name}={raw[:40]!r}: use a whole number from {low} to {high}.")
    return default


def read_language(params: Mapping[str, str], notices: list[str]) -> str:
    return read_choice(params, "lang", LANGUAGES, DEFAULT_LANGUAGE, notices)


def read_map_view(params: Mapping[str, str], notices: list[str], place_ids: set[str], default_month: date, views) -> dict:
    """?date=2016-08&place=mosul&view=core -> validated values for the map page."""
    place = params.get("place")
    if place is not None and place not in place_ids:
        notices.append(f"Ignored place={place[:40]!r}: no such place in the atlas.")
        place = None
    return {
        "month": read_month(params, "date", default_month, notices),
        "place": place,
        "view": read_choice(params, "view", tuple(views), next(iter(views)), notices),
    }
