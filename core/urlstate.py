"""Read shareable view state from URL parameters; anything invalid falls back with a notice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from core.dates import format_month_key, parse_month, whole_number
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, pick


@dataclass(frozen=True)
class Parsed:
    """Values read from the URL plus short notices for what was ignored."""

    values: dict
    notices: list[str] = field(default_factory=list)


def _ignored(name: str, raw: str, lang: str, en: str, nl: str) -> str:
    """'Ignored date='…': <why>' (the value shortened; shown escaped, never as Markdown)."""
    return pick(lang, f"Ignored {name}={raw[:40]!r}: {en}", f"Genegeerd: {name}={raw[:40]!r}: {nl}")


def read_month(params: Mapping[str, str], name: str, default: date, notices: list[str], lang: str = "en") -> date:
    raw = params.get(name)
    if raw is None:
        return default
    value = parse_month(raw)
    if value is None:
        example = format_month_key(default)
        en, nl = f"use a month from 2014-01 to 2019-12, e.g. {example}.", f"gebruik een maand van 2014-01 tot 2019-12, bijv. {example}."
        notices.append(_ignored(name, raw, lang, en, nl))
        return default
    return value


def read_choice(params: Mapping[str, str], name: str, choices, default, notices: list[str], lang: str = "en"):
    raw = params.get(name)
    if raw is None:
        return default
    if raw in choices:
        return raw
    listed = ", ".join(map(str, choices))
    notices.append(_ignored(name, raw, lang, f"choose one of {listed}.", f"kies uit {listed}."))
    return default


def read_int(params: Mapping[str, str], name: str, low: int, high: int, default: int, notices: list[str], lang: str = "en") -> int:
    raw = params.get(name)
    if raw is None:
        return default
    value = whole_number(raw, low, high)
    if value is not None:
        return value
    notices.append(_ignored(name, raw, lang, f"use a whole number from {low} to {high}.", f"gebruik een heel getal van {low} tot {high}."))
    return default


def read_language(params: Mapping[str, str], notices: list[str]) -> str:
    return read_choice(params, "lang", LANGUAGES, DEFAULT_LANGUAGE, notices)


def read_map_view(params: Mapping[str, str], notices: list[str], place_ids: set[str], default_month: date, views, lang: str = "en") -> dict:
    """?date=2016-08&place=mosul&view=core -> validated values for the map page."""
    place = params.get("place")
    if place is not None and place not in place_ids:
        notices.append(_ignored("place", place, lang, "no such place in the atlas.", "die plaats staat niet in de atlas."))
        place = None
    return {
        "month": read_month(params, "date", default_month, notices, lang),
        "place": place,
        "view": read_choice(params, "view", tuple(views), next(iter(views)), notices, lang),
    }
