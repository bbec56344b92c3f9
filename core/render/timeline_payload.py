"""The whole timeline for the in-map player, built once per language: places with their holders as change
steps, territory cells drawn once and restyled per month, events, attacks and the area of every month.

Date-independent and read-only: one copy serves every session (and the standalone HTML export).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from core.codes.sides import Side, Sides
from core.model.evidence import is_site
from core.model.period import DAY, MONTH, Period
from core.model.place_rank import place_ranks, place_tiers
from core.model.tables import records
from core.model.territory import FIGHTING, fronts_ever_active, shading_state
from core.render.layers import FRONT_STYLE, place_label, territory_style
from core.render.legend import entry_svg, legend_entries
from core.render.mapping import SITE_MIN_ZOOM, script_json
from core.render.symbols import ATTACK_SYMBOL, place_symbol
from core.text.i18n import escape, pick, place_name

CELL_TOLERANCE = 0.02  # degrees; the same simplification as the dissolved territory layer
CELL_PRECISION = 0.005
NOT_DRAWN = -1  # a place has no state yet in this month
ATTACK_TRAIL_MONTHS = 2  # attacks are drawn in their month and, faded, in the next one; then they go

# Every word the in-map player shows, in both languages (the JS never composes user-visible text itself).
PLAYER_WORDS = {
    "play": ("Play", "Afspelen"),
    "pause": ("Pause", "Pauze"),
    "back": ("One month back", "Eén maand terug"),
    "forward": ("One month on", "Eén maand verder"),
    "month": ("Month", "Maand"),
    "speed": ("Speed", "Snelheid"),
    "per_second": ("months/s", "maanden/s"),
    "ease": ("Smooth", "Vloeiend"),
    "area": ("{side} territory (estimate)", "Grondgebied {side} (schatting)"),
    "events": ("Events", "Gebeurtenissen"),
    "no_events": ("No dated event", "Geen gedateerde gebeurtenis"),
    "legend": ("Legend", "Legenda"),
    "hide_legend": ("Hide the legend", "Verberg de legenda"),
    "show_legend": ("Show the legend", "Toon de legenda"),
    "player": ("Timeline player", "Tijdlijnspeler"),
    "holders": ("Who holds which place", "Wie welke plaats in handen heeft"),
}
# A timeline of days (core.model.period) steps a day at a time.
DAY_WORDS = {
    "back": ("One day back", "Eén dag terug"),
    "forward": ("One day on", "Eén dag verder"),
    "month": ("Day", "Dag"),
    "per_second": ("days/s", "dagen/s"),
}


def player_words(lang: str, sides: Sides, unit: str = MONTH) -> dict[str, str]:
    """The player's words in `lang`, for a timeline of months or days, naming the followed side."""
    words = PLAYER_WORDS | (DAY_WORDS if unit == DAY else {})
    side = sides.name(sides.focus, lang) if sides.focus else pick(lang, "followed side", "gevolgde partij")
    return {key: pick(lang, en, nl).format(side=side) for key, (en, nl) in words.items()}


@dataclass(frozen=True)
class TimelinePayload:
    """The player's data as script-safe JSON, with a short content digest (a cache-safe file name)."""

    lang: str
    json: str
    digest: str
    words: dict  # the player's words (also inside `json`): the controls are named before the timeline arrives


def style_table(states: pd.DataFrame, sides: Sides) -> list[tuple[str, str]]:
    """The (controller, status) pairs that occur, in a fixed order: their index is a place's code."""
    pairs = states[["controller", "status"]].drop_duplicates()
    return sorted((c, s) for c, s in zip(pairs["controller"], pairs["status"], strict=True) if c in sides)


def style_entry(holder: Side, status: str, supporting: bool = False) -> dict:
    """Symbol (plain and ringed for the month's events), territory style of one code (no edge: neighbouring cells of a
    holder merge), its holder and whether it is fought over (the fronts read both), and (`supporting`: a place the
    article does not name is drawn in it) the same symbols as a supporting place draws them (`svg_s`, `ring_s`)."""
    entry = {"svg": place_symbol(holder, status, False), "ring": place_symbol(holder, status, True)}
    if supporting:
        entry |= {"svg_s": place_symbol(holder, status, False, True), "ring_s": place_symbol(holder, status, True, True)}
    cell = {**territory_style(holder, status), "stroke": False}
    return entry | {"cell": cell, "holder": holder.code, "fighting": status in FIGHTING}


def supporting_codes(steps: dict, place_rows: list[dict]) -> set[int]:
    """The style codes some supporting place (in_article False) is drawn in: only these carry the `_s` symbols."""
    return {step[1] for row in place_rows if not row["in_article"] for step in steps[row["place_id"]]}


STATE_KEY = ["controller", "status", "since", "since_precision"]  # a tooltip and a style code change only with these


def place_steps(
    states: pd.DataFrame, months: list[date], codes: dict[tuple[str, str], int], lang: str, sides: Sides
) -> tuple[dict, list[str]]:
    """place_id -> [[month index, style code, text index], ...] (one entry per change; a month without a state
    is NOT_DRAWN) and the table of tooltip texts (escaped) they index. Only the rows where a place's state changes
    (or resumes after a gap) are turned into entries: the work in Python follows the changes, not places x months."""
    ordered = states.sort_values(["place_id", "month"], kind="stable").reset_index(drop=True)
    month_values = pd.DatetimeIndex([pd.Timestamp(m) for m in months]).as_unit("ns").to_numpy()
    state_months = ordered["month"].to_numpy(dtype="datetime64[ns]")
    at = np.searchsorted(month_values, state_months)
    if len(at) and (at.max() >= len(month_values) or (month_values[at] != state_months).any()):
        raise ValueError("a state's month is not one of the timeline's months")
    place = ordered["place_id"].to_numpy(dtype=object)
    same_place = np.r_[False, place[1:] == place[:-1]]
    gap = same_place & (at > np.r_[0, at[:-1]] + 1)
    changed = ~same_place | gap
    for column in STATE_KEY:
        now, before = ordered[column], ordered[column].shift()
        changed |= ~((now == before) | (now.isna() & before.isna())).to_numpy()
    texts: dict[str, int] = {}
    labels: dict[tuple, int] = {}
    steps: dict[str, list[list[int]]] = {}
    for index, row in zip(np.flatnonzero(changed).tolist(), records(ordered[changed]), strict=True):
        key = (row["place_id"], *(row[column] for column in STATE_KEY))
        if key not in labels:
            labels[key] = texts.setdefault(place_label(row, lang, sides), len(texts))
        entry = [int(at[index]), codes.get((row["controller"], row["status"]), NOT_DRAWN), labels[key]]
        history = steps.setdefault(row["place_id"], [])
        if gap[index]:
            history.append([int(at[index - 1]) + 1, NOT_DRAWN, 0])
        if not history or history[-1][1:] != entry[1:]:
            history.append(entry)
    return steps, list(texts)


def cell_features(cells: dict[str, BaseGeometry] | None, place_index: dict[str, int], part_index: dict[str, int] | None = None) -> dict:
    """Every place's territory cell, simplified, tagged with the place's index, and every part of a cell
    (territory.shading_state) with its index in the payload's `parts` (drawn once, restyled per month)."""
    features = []
    part_index = part_index or {}
    for name, geometry in (cells or {}).items():
        tag = {"place": place_index[name]} if name in place_index else {"part": part_index[name]} if name in part_index else None
        if tag is None or geometry is None or geometry.is_empty:
            continue
        simple = shapely.set_precision(geometry.simplify(CELL_TOLERANCE), CELL_PRECISION)
        if not simple.is_empty:
            features.append({"type": "Feature", "geometry": mapping(simple), "properties": tag})
    return {"type": "FeatureCollection", "features": features}


def part_steps(cells: dict[str, BaseGeometry] | None, states: pd.DataFrame, months: list[date], codes: dict[tuple[str, str], int]) -> dict:
    """part name -> [[month index, style code], ...] (one entry per change) for the parts of `cells`: the towns
    around a besieged or uncertain place take the next nearest place's holder (territory.shading_state)."""
    parts = getattr(cells, "parts", None)
    if not parts:
        return {}
    shaded = shading_state(cells, states)
    shaded = shaded[shaded["place_id"].isin(parts)]
    month_index = {pd.Timestamp(m): i for i, m in enumerate(months)}
    grid = {(row["place_id"], month_index.get(pd.Timestamp(row["month"]))): row for row in records(shaded)}
    steps = {}
    for name in parts:
        history: list[list[int]] = []
        for at in range(len(months)):
            row = grid.get((name, at))
            code = codes.get((row["controller"], row["status"]), NOT_DRAWN) if row is not None else NOT_DRAWN
            if not history or history[-1][1] != code:
                history.append([at, code])
        steps[name] = history
    return steps


def front_features_indexed(cells: dict[str, BaseGeometry] | None, states: pd.DataFrame, place_index: dict[str, int]) -> dict:
    """The fronts (borders of two touching cells) drawn in some month, tagged with both cells' indices (a part's:
    after the places); the player shows one in a month when the holders differ and either is fought over
    (territory.is_front)."""
    features = []
    ever = fronts_ever_active(cells, states) if cells else set()
    for a, b, line in getattr(cells, "fronts", []):
        if (a, b) in ever and a in place_index and b in place_index:
            simple = shapely.set_precision(line.simplify(CELL_TOLERANCE), CELL_PRECISION)
            if not simple.is_empty:
                features.append({"type": "Feature", "geometry": mapping(simple), "properties": {"a": place_index[a], "b": place_index[b]}})
    return {"type": "FeatureCollection", "features": features}


def month_events(events: pd.DataFrame, months: list[date], place_index: dict[str, int], period: Period) -> list[list[int]]:
    """Per month, the indices of the places with an event that counts in it (ringed on the map)."""
    keys = {period.key(m): i for i, m in enumerate(months)}
    ringed: list[set[int]] = [set() for _ in months]
    for place_id, effective in zip(events["place_id"], events["effective_date"], strict=True):
        if pd.isna(effective) or place_id not in place_index:
            continue
        index = keys.get(period.key(period.step_of(effective.date())))
        if index is not None:
            ringed[index].add(place_index[place_id])
    return [sorted(s) for s in ringed]


def attack_entries(attacks: pd.DataFrame, months: list[date], period: Period) -> list[dict]:
    """Attacks (from core.render.mapping.attack_points) with their month (shown then, and faded for the rest of the trail)."""
    keys = {period.key(m): i for i, m in enumerate(months)}
    entries = []
    for row in records(attacks, ["lat", "lon", "label", "effective_date"]):
        start = keys.get(period.key(period.step_of(row["effective_date"].date())))
        if start is not None:
            entries.append({"at": [round(row["lat"], 4), round(row["lon"], 4)], "label": row["label"], "from": start})
    return entries


def map_legend(lang: str, sides: Sides, supporting: bool) -> list[dict]:
    """The in-map legend: every entry of core.render.legend (our own SVG and a label the player sets as text); the
    supporting places' entry when some are drawn."""
    entries = legend_entries(lang, sides, territory=True, supporting=supporting)
    return [{"kind": e.kind, "svg": entry_svg(e), "label": e.label} for e in entries]


def build_timeline(
    places: pd.DataFrame,
    states: pd.DataFrame,
    events: pd.DataFrame,
    attacks: pd.DataFrame,
    cells: dict[str, BaseGeometry] | None,
    area_by_month: list[float],
    months: list[date],
    lang: str,
    sides: Sides,
    unit: str = MONTH,
) -> dict:
    """The whole timeline as plain data (see the module docstring); `states` has a `month` column (the step);
    `months` are the steps: months, or days for a timeline of days (`unit`)."""
    period = Period(tuple(months), unit)
    pairs = style_table(states, sides)
    codes = {pair: i for i, pair in enumerate(pairs)}
    named = states.merge(places[["place_id", "name_en", "name_nl"]], on="place_id", how="inner")
    steps, texts = place_steps(named, months, codes, lang, sides)
    drawn = places[places["place_id"].isin(steps)]
    site = is_site(drawn)
    in_article = drawn["in_article"] if "in_article" in drawn else pd.Series(True, index=drawn.index)
    place_rows = records(drawn.assign(in_article=in_article), ["place_id", "lat", "lon", "name_en", "name_nl", "in_article"])
    place_index = {row["place_id"]: i for i, row in enumerate(place_rows)}
    ranks, tiers = place_ranks(drawn, events), place_tiers(drawn)
    supported = supporting_codes(steps, place_rows)
    parts = part_steps(cells, states, months, codes)
    part_index = {name: i for i, name in enumerate(parts)}
    return {
        "lang": lang,
        "months": list(period.keys),
        "labels": [period.label(m, lang) for m in months],
        "styles": [style_entry(sides[c], s, i in supported) for i, (c, s) in enumerate(pairs)],
        "texts": texts,
        "places": [
            {
                "id": row["place_id"],
                "name": escape(place_name(row, lang)),
                "at": [round(row["lat"], 4), round(row["lon"], 4)],
                "site": bool(s),
                "supporting": not row["in_article"],  # not in the article: drawn smaller, in a grey ring
                "rank": int(ranks[row["place_id"]]),  # labels are placed in this order (0 first)
                "tier": int(tiers[row["place_id"]]),  # city 3, town 2, other 1, site 0: higher is drawn on top
                "steps": steps[row["place_id"]],
            }
            for row, s in zip(place_rows, site, strict=True)
        ],
        "events": month_events(events, months, place_index, period),
        "attacks": attack_entries(attacks, months, period),
        "attack_svg": ATTACK_SYMBOL,
        "attack_trail": ATTACK_TRAIL_MONTHS,
        "site_zoom": SITE_MIN_ZOOM,
        "legend": map_legend(lang, sides, not all(row["in_article"] for row in place_rows)),
        "parts": [{"steps": steps} for steps in parts.values()],
        "cells": cell_features(cells, place_index, part_index),
        "fronts": front_features_indexed(cells, states, place_index | {p: len(place_rows) + i for p, i in part_index.items()}),
        "front_style": FRONT_STYLE,
        "area": [round(a) for a in area_by_month],
        "words": player_words(lang, sides, unit),
    }


def timeline_payload(timeline: dict) -> TimelinePayload:
    """Serialise once: the JSON every session's map loads (by URL) and the export embeds."""
    text = script_json(timeline)
    return TimelinePayload(timeline["lang"], text, hashlib.sha256(text.encode()).hexdigest()[:12], timeline["words"])


def shown_at(timeline: dict, place_id: str, month_key: str) -> tuple[int, str] | None:
    """(style code, tooltip text) the player shows for a place in a month, as core/render/timeline_player/drawing.js reads the steps;
    None when the place is not drawn then."""
    month = timeline["months"].index(month_key)
    place = next(p for p in timeline["places"] if p["id"] == place_id)
    current = None
    for step in place["steps"]:
        if step[0] > month:
            break
        current = step
    if current is None or current[1] == NOT_DRAWN:
        return None
    return current[1], timeline["texts"][current[2]]
