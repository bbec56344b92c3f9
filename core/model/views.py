"""One typed view per page: what a link reproduces, read from URL parameters and written back to them.

`View.from_params(params, ...) -> (view, notices)` never fails: anything invalid falls back with a Notice (both
languages); `view.to_params()` gives the canonical parameters, so from_params(to_params(view)) == view.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from core.codes.constants import DEFAULT_MONTH, MAP_VIEWS, TIMELINE_END, TIMELINE_START
from core.codes.dates import checked_date, format_month_key, parse_month, whole_number
from core.model.compare import DEFAULT_PAIR as COMPARE_PAIR
from core.model.explore import fold, place_search_names
from core.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, pick

_MONTH_OR_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?")
FIRST_MONTH, LAST_MONTH = TIMELINE_START, TIMELINE_END.replace(day=1)


@dataclass(frozen=True)
class Notice:
    """Why a URL parameter was ignored or changed, in both languages; `raw` is shown escaped by the caller."""

    name: str
    raw: str
    en: str
    nl: str
    ignored: bool = True  # False: the value was used, adjusted (a chapter clamped to the last one)

    def text(self, lang: str) -> str:
        if not self.name:  # about the user's own choice, not a parameter
            return pick(lang, self.en, self.nl)
        value = f"{self.name}={self.raw[:40]!r}"
        if self.ignored:
            return pick(lang, f"Ignored {value}: {self.en}", f"Genegeerd: {value}: {self.nl}")
        return pick(lang, f"Adjusted {value}: {self.en}", f"Aangepast: {value}: {self.nl}")


def read_month(raw: str | None) -> date | None:
    """'2016-08' or '2016-08-15' -> date(2016, 8, 1) inside the timeline (the day only has to exist); else None."""
    match = _MONTH_OR_DAY.fullmatch((raw or "").strip())
    if not match:
        return None
    day = checked_date(match.group(1), match.group(2), match.group(3) or "1")
    month = day.replace(day=1) if day else None
    return month if month and FIRST_MONTH <= month <= LAST_MONTH else None


def _month(params: Mapping[str, str], name: str, default: date, notices: list[Notice]) -> date:
    raw = params.get(name)
    if raw is None:
        return default
    value = read_month(raw)
    if value is None:
        example = format_month_key(default)
        notices.append(
            Notice(
                name,
                raw,
                f"use a month from 2014-01 to 2019-12, e.g. {example}.",
                f"gebruik een maand van 2014-01 tot 2019-12, bijv. {example}.",
            )
        )
        return default
    return value


def _choice(params: Mapping[str, str], name: str, choices, default, notices: list[Notice]):
    raw = params.get(name)
    if raw is None:
        return default
    if raw in choices:
        return raw
    listed = ", ".join(map(str, choices))
    notices.append(Notice(name, raw, f"choose one of {listed}.", f"kies uit {listed}."))
    return default


def read_language(params: Mapping[str, str]) -> tuple[str, list[Notice]]:
    notices: list[Notice] = []
    return _choice(params, "lang", LANGUAGES, DEFAULT_LANGUAGE, notices), notices


def place_lookup(places) -> dict[str, tuple[str, ...]]:
    """Folded name -> the place ids answering to it (the names the place search accepts; ids first)."""
    lookup: dict[str, tuple[str, ...]] = {}
    for place in places.to_dict("records"):
        for name in dict.fromkeys(fold(n) for n in place_search_names(place) if n):
            lookup[name] = (*lookup.get(name, ()), place["place_id"])
    return lookup


def find_place(raw: str, lookup: Mapping[str, tuple[str, ...]]) -> tuple[str | None, Notice | None]:
    """'MOSUL', 'Mosoel', 'al-Mawsil' -> 'mosul'; unknown or shared by several places -> None and a notice."""
    ids = lookup.get(fold(raw), ())
    if len(ids) == 1:
        return ids[0], None
    if raw in ids:  # a name shared by several places, but this one's exact id
        return raw, None
    if ids:
        listed = ", ".join(ids)
        return None, Notice(
            "place", raw, f"several places have this name; use one of {listed}.", f"meerdere plaatsen heten zo; gebruik {listed}."
        )
    return None, Notice("place", raw, "no such place in the atlas.", "die plaats staat niet in de atlas.")


@dataclass(frozen=True)
class MapView:
    """?date=2016-08&place=mosul&view=core"""

    month: date = DEFAULT_MONTH
    place: str | None = None
    region: str = next(iter(MAP_VIEWS))

    @classmethod
    def from_params(cls, params: Mapping[str, str], places: Mapping[str, tuple[str, ...]]) -> tuple[MapView, list[Notice]]:
        notices: list[Notice] = []
        month = _month(params, "date", cls.month, notices)
        place = None
        if params.get("place") is not None:
            place, notice = find_place(params["place"], places)
            notices += [notice] if notice else []
        region = _choice(params, "view", tuple(MAP_VIEWS), cls.region, notices)
        return cls(month, place, region), notices

    def to_params(self) -> dict[str, str]:
        region = {} if self.region == MapView.region else {"view": self.region}  # the default region stays out of links
        return {"date": format_month_key(self.month)} | ({"place": self.place} if self.place else {}) | region


@dataclass(frozen=True)
class CompareView:
    """?a=2015-01&b=2017-10 (A is never later than B)."""

    a: date = parse_month(COMPARE_PAIR[0])
    b: date = parse_month(COMPARE_PAIR[1])

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[CompareView, list[Notice]]:
        notices: list[Notice] = []
        first, second = _month(params, "a", cls.a, notices), _month(params, "b", cls.b, notices)
        if first > second:
            a_key, b_key = format_month_key(first), format_month_key(second)
            en = f"Date A ({a_key}) was later than date B ({b_key}): swapped them."
            notices.append(Notice("", "", en, f"Datum A ({a_key}) lag na datum B ({b_key}): omgewisseld."))
            first, second = second, first
        return cls(first, second), notices

    def to_params(self) -> dict[str, str]:
        return {"a": format_month_key(self.a), "b": format_month_key(self.b)}


@dataclass(frozen=True)
class PresentView:
    """?chapter=3 (1-based; a number past either end is clamped to the nearest chapter) and
    ?view=presenter for the teacher's window (notes, what comes next); the projected slide is the default."""

    chapter: int = 1
    mode: str = "slide"

    MODES = ("slide", "presenter")

    @classmethod
    def from_params(cls, params: Mapping[str, str], chapters: int) -> tuple[PresentView, list[Notice]]:
        raw_mode = params.get("view", "slide")
        mode = raw_mode if raw_mode in cls.MODES else "slide"
        notices = [] if raw_mode == mode else [Notice("view", raw_mode, "use slide or presenter.", "gebruik slide of presenter.")]
        view, more = cls._chapter(params, chapters)
        return replace(view, mode=mode), notices + more

    @classmethod
    def _chapter(cls, params: Mapping[str, str], chapters: int) -> tuple[PresentView, list[Notice]]:
        raw = params.get("chapter")
        if raw is None:
            return cls(), []
        number = whole_number(raw, 0, 10**6)
        if number is None:
            en, nl = f"use a whole number from 1 to {chapters}.", f"gebruik een heel getal van 1 tot {chapters}."
            return cls(), [Notice("chapter", raw, en, nl)]
        clamped = min(max(number, 1), chapters)
        if clamped != number:
            en, nl = (
                f"the story has chapters 1 to {chapters}; showing {clamped}.",
                f"het verhaal heeft hoofdstukken 1 tot {chapters}; toont {clamped}.",
            )
            return cls(clamped), [Notice("chapter", raw, en, nl, ignored=False)]
        return cls(number), []

    def to_params(self) -> dict[str, str]:
        return {"chapter": str(self.chapter), **({"view": self.mode} if self.mode != "slide" else {})}


@dataclass(frozen=True)
class ExportView:
    """?from=2014-01&to=2019-12: the animation's period (the month of the map and image is the map's month)."""

    first: date = FIRST_MONTH
    last: date = LAST_MONTH

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[ExportView, list[Notice]]:
        notices: list[Notice] = []
        first, last = _month(params, "from", FIRST_MONTH, notices), _month(params, "to", LAST_MONTH, notices)
        return cls(min(first, last), max(first, last)), notices

    def to_params(self) -> dict[str, str]:
        return {"from": format_month_key(self.first), "to": format_month_key(self.last)}
