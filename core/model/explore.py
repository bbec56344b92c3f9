"""Explore and export: search and filter the places and events, shape them as tables and files, count per month.

Pure Python; the Explore and Export pages share these so both show the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlencode

import pandas as pd

from core.codes.constants import EVENT_TYPES
from core.codes.dates import date_label, format_month_key, month_end, parse_month
from core.codes.sides import Sides
from core.model.provenance import article_link, event_type_name, plain_note
from core.model.tables import PLACES_SCHEMA
from core.text.i18n import pick
from core.text.labels import country_name, kind_name
from core.text.names import name_keys, split_list, strip_accents

ACTOR_COLUMNS = ("actor_before", "actor_after", "opponent")
EVENT_TEXT_COLUMNS = ("summary_en", "summary_nl", "evidence")
EVENT_EXPORT_COLUMNS = (
    "event_id",
    "place_id",
    "date",
    "date_precision",
    "date_text",
    "event_type",
    "actor_before",
    "actor_after",
    "status_after",
    "opponent",
    "section",
    "evidence",
    "summary_en",
    "summary_nl",
    "note",
    "flag",
    "in_model",
    "effective_date",
)
PLACE_EXPORT_COLUMNS = (*PLACES_SCHEMA.columns, "lat", "lon", "coord_source", "coord_precision", "coord_note")


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the tables to; empty collections and None mean 'everything'."""

    query: str = ""
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    first: date | None = None
    last: date | None = None


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no accents, hyphens/underscores/quotes as spaces: 'Deir ez-Zôr' -> 'deir ez zor'."""
    folded = strip_accents(str(text).casefold())
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def place_search_names(place: Mapping[str, str]) -> list[str]:
    """Every name a place answers to: id, English and Dutch names, the article's spellings, aliases."""
    return [
        place["place_id"],
        place["name_en"],
        place["name_nl"],
        *split_list(place.get("article_spellings", "")),
        *split_list(place.get("aliases", "")),
    ]


def names_match(names: Collection[str], query: str) -> bool:
    """True when the query is part of a name ('mosoe' finds Mosoel) or a spelling variant of one ('Raqqah')."""
    wanted = fold(query)
    if not wanted:
        return True
    if any(wanted in fold(name) for name in names if name):
        return True
    query_keys = name_keys(query)
    return any(query_keys & name_keys(name) for name in names if name)


def matching_place_ids(places: pd.DataFrame, query: str) -> set[str]:
    return {place["place_id"] for place in places.to_dict("records") if names_match(place_search_names(place), query)}


def filter_places(places: pd.DataFrame, query: str = "", countries: Collection[str] = (), kinds: Collection[str] = ()) -> pd.DataFrame:
    """Places whose names match `query`, in one of `countries` and of one of `kinds` (empty = any)."""
    mask = pd.Series(True, index=places.index)
    if countries:
        mask &= places["country"].isin(countries)
    if kinds:
        mask &= places["kind"].isin(kinds)
    if fold(query):
        mask &= places["place_id"].isin(matching_place_ids(places, query))
    return places[mask]


def _text_matches(events: pd.DataFrame, query: str) -> pd.Series:
    wanted = fold(query)
    mask = pd.Series(False, index=events.index)
    for column in EVENT_TEXT_COLUMNS:
        if column in events:
            mask |= events[column].map(lambda text: wanted in fold(text))
    return mask


def filter_events(
    events: pd.DataFrame,
    places: pd.DataFrame,
    query: str = "",
    types: Collection[str] = (),
    actors: Collection[str] = (),
    first: date | None = None,
    last: date | None = None,
) -> pd.DataFrame:
    """Events at one of `places` that match the query, type, actor and period.

    The query first looks for places by name (any spelling): their events are kept. When no place is
    called that, it looks in the events' own words (summaries and evidence). An actor matches on
    actor_before, actor_after or opponent. The period runs from the first day of the month `first` to
    the end of the month `last`, judged by the effective date the map uses.
    """
    mask = events["place_id"].isin(places["place_id"])
    if fold(query):
        named = matching_place_ids(places, query)
        mask &= events["place_id"].isin(named) if named else _text_matches(events, query)
    if types:
        mask &= events["event_type"].isin(types)
    if actors:
        mask &= events[list(ACTOR_COLUMNS)].isin(actors).any(axis=1)
    if first is not None:
        mask &= events["effective_date"] >= pd.Timestamp(first.replace(day=1))
    if last is not None:
        mask &= events["effective_date"] <= pd.Timestamp(month_end(last))
    return events[mask]


def apply_filters(places: pd.DataFrame, events: pd.DataFrame, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(places, events) narrowed by every filter.

    A search keeps the places with that name, or (when no place has it) the places of the events that
    mention it; with an event type or actor chosen, only places with a kept event stay.
    """
    located = filter_places(places, "", filters.countries, filters.kinds)
    kept_events = filter_events(events, located, filters.query, filters.types, filters.actors, filters.first, filters.last)
    with_events = located["place_id"].isin(kept_events["place_id"])
    if filters.types or filters.actors:
        return located[with_events], kept_events
    if not fold(filters.query):
        return located, kept_events
    named = located["place_id"].isin(matching_place_ids(located, filters.query))
    return located[named] if named.any() else located[with_events], kept_events


# ---------------------------------------------------------------------------
# Display tables (names, not codes; approximate dates marked "~")
# ---------------------------------------------------------------------------


def event_date_labels(events: pd.DataFrame, lang: str) -> list[str]:
    return [date_label(d.date(), p, lang) for d, p in zip(events["date"], events["date_precision"], strict=True)]


def last_event_months(events: pd.DataFrame) -> pd.Series:
    """place_id -> the first day of the month of its last event (by effective date)."""
    if events.empty:
        return pd.Series(dtype=object)
    last = events.sort_values("effective_date", kind="stable").drop_duplicates("place_id", keep="last")
    return last.set_index("place_id")["effective_date"].map(lambda stamp: date(stamp.year, stamp.month, 1))


def map_link(place_id: str, month: date | None) -> str:
    """A link that opens the map page on the place and month: '/?place=mosul&date=2017-07'."""
    params = {"place": place_id} | ({"date": format_month_key(month)} if month else {})
    return "/?" + urlencode(params)


def places_table(places: pd.DataFrame, events: pd.DataFrame, holders_at_end: Mapping[str, str], lang: str, sides: Sides) -> pd.DataFrame:
    """One display row per place: names, country, kind, whether the article names it, holder at the start and at the
    end, events, map link."""
    counts = events["place_id"].value_counts()
    last_months = last_event_months(events)
    rows = []
    for place in places.to_dict("records"):
        place_id = place["place_id"]
        title = pick(lang, place["name_en"], place["name_nl"])
        others = dict.fromkeys(n for n in place_search_names(place)[1:] if n and n != title)
        last = last_months.get(place_id)
        rows.append(
            {
                "place_id": place_id,
                "place": title,
                "other_names": ", ".join(others),
                "country": country_name(place["country"], lang),
                "kind": kind_name(place["kind"], lang),
                "in_article": bool(place.get("in_article", True)),
                "holder_start": sides.name(place["initial_controller"], lang),
                "holder_end": sides.name(holders_at_end.get(place_id, ""), lang),
                "events": int(counts.get(place_id, 0)),
                "last_event": pd.Timestamp(last) if last else pd.NaT,
                "map": map_link(place_id, last),
            }
        )
    columns = [
        "place_id",
        "place",
        "other_names",
        "country",
        "kind",
        "in_article",
        "holder_start",
        "holder_end",
        "events",
        "last_event",
        "map",
    ]
    return pd.DataFrame(rows, columns=columns)


def events_table(events: pd.DataFrame, places: pd.DataFrame, lang: str, sides: Sides) -> pd.DataFrame:
    """One display row per event: date with '~' when approximate, place, what, who, the article's words and link."""
    names = places.set_index("place_id")
    known = events["place_id"].isin(names.index)
    rows = events[known]
    place_names = rows["place_id"].map(names["name_nl"] if lang == "nl" else names["name_en"])
    return pd.DataFrame(
        {
            "event_id": rows["event_id"],
            "date": event_date_labels(rows, lang),
            "place": place_names,
            "country": [country_name(code, lang) for code in rows["place_id"].map(names["country"])],
            "what": [event_type_name(t, lang, sides) for t in rows["event_type"]],
            "from": [sides.name(c, lang) for c in rows["actor_before"]],
            "to": [sides.name(c, lang) for c in rows["actor_after"]],
            "opponent": [sides.name(c, lang) for c in rows["opponent"]],
            "summary": rows["summary_nl"] if lang == "nl" else rows["summary_en"],
            "evidence": rows["evidence"],
            "link": [article_link(e) if e else None for e in rows["evidence"]],
            "on_map": rows["in_model"] != "no",
            "note": [plain_note(n, f, lang) for n, f in zip(rows["note"], rows["flag"], strict=True)],
            "curator_note": rows["note"],
        }
    ).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Exports: the data columns (codes and ISO dates), not the display names
# ---------------------------------------------------------------------------


def places_export(places: pd.DataFrame) -> pd.DataFrame:
    return places[[c for c in PLACE_EXPORT_COLUMNS if c in places]].reset_index(drop=True)


def events_export(events: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Events in the columns of events.csv plus the effective date, the place's English name and coordinates."""
    chosen = events[[c for c in EVENT_EXPORT_COLUMNS if c in events]]
    located = places[["place_id", "name_en", "country", "lat", "lon"]].rename(columns={"name_en": "place_name_en"})
    return chosen.merge(located, on="place_id", how="left").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------


def events_per_month(events: pd.DataFrame, lang: str, sides: Sides) -> pd.DataFrame:
    """Long table (month, month_key, event_type, type_name, events) for a stacked bar chart."""
    if events.empty:
        return pd.DataFrame(columns=["month", "month_key", "event_type", "type_name", "events"])
    months = events["effective_date"].dt.to_period("M").dt.to_timestamp()
    counted = events.assign(month=months).groupby(["month", "event_type"], sort=True).size().rename("events").reset_index()
    counted["month_key"] = counted["month"].dt.strftime("%Y-%m")
    counted["type_name"] = counted["event_type"].map(lambda t: event_type_name(t, lang, sides))
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    return counted.sort_values(["month", "event_type"], key=lambda s: s.map(order) if s.name == "event_type" else s).reset_index(drop=True)


def month_from_selection(selection: Mapping | None, param: str) -> date | None:
    """The month a chart click selected: {'selection': {param: [{'month_key': '2015-06'}]}} -> date(2015, 6, 1).

    Also accepts a temporal field (epoch milliseconds or ISO text). Anything else -> None.
    """
    picked = ((selection or {}).get("selection") or {}).get(param) or []
    if not isinstance(picked, list) or not picked or not isinstance(picked[0], Mapping):
        return None
    for value in picked[0].values():
        month = _as_month(value)
        if month is not None:
            return month
    return None


def _as_month(value: object) -> date | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        stamp = datetime.fromtimestamp(value / 1000, tz=UTC)
        return parse_month(f"{stamp.year}-{stamp.month:02d}")
    if isinstance(value, str):
        return parse_month(value[:7])
    return None
