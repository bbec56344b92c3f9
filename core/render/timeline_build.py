"""The built-in atlas' whole timeline from the tables alone (no Streamlit): what `make static` and the image
build write to static/timeline/ and what the app's cached version (components/control_map.py) must equal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
from shapely.geometry.base import BaseGeometry

from core.codes.constants import CORE_COUNTRIES, TIMELINE_END, TIMELINE_START
from core.codes.dates import timeline_months
from core.ingest.borders import countries_by_code
from core.model.atlas import Atlas
from core.model.control import control_by_month, control_in_month, events_between
from core.model.territory import (
    ShapeMemo,
    held_area_km2,
    load_land_regions,
    load_rivers,
    load_settlements,
    territory_cells,
    yielding_places,
)
from core.render.layers import attack_points
from core.render.timeline_payload import TimelinePayload, build_timeline, timeline_payload


def all_attack_points(atlas: Atlas, lang: str) -> pd.DataFrame:
    """Every attack in the timeline with its position and label."""
    attacks = events_between(atlas, TIMELINE_START, TIMELINE_END, types=("attack",))
    return attack_points(attacks, atlas.places, lang)


def country_borders(countries: dict, country_codes: tuple[str, ...] = CORE_COUNTRIES) -> dict[str, BaseGeometry] | None:
    """These countries' borders by code (the atlas's territory: Iraq and Syria); None when none is in the basemap."""
    return countries_by_code(countries, country_codes) or None


def core_cells(atlas: Atlas, borders: dict[str, BaseGeometry], states: pd.DataFrame | None = None) -> dict[str, BaseGeometry]:
    """Date-independent territory cells for the places in Iraq and Syria, each country's land (and the Kurdistan
    Region's) following its own towns (`borders`: country_borders) and each river bank its own; the towns around a place besieged or uncertain
    in some month of `states`, else of control_by_month, in parts: territory.shading_state."""
    places, states = atlas.places, control_by_month(atlas) if states is None else states
    core = places[places["country"].isin(CORE_COUNTRIES)]
    return territory_cells(
        core, borders, load_settlements(), split=yielding_places(states), crossing=load_rivers(), regions=load_land_regions()
    )


def month_rows(states: pd.DataFrame, atlas: Atlas, month: date) -> pd.DataFrame:
    """One month's slice of control_by_month (computed directly for a month outside it)."""
    rows = states[states["month"] == pd.Timestamp(month)]
    return rows.drop(columns="month").reset_index(drop=True) if not rows.empty else control_in_month(atlas, month)


def whole_timeline(
    atlas: Atlas,
    lang: str,
    states: pd.DataFrame,
    cells: dict[str, BaseGeometry],
    area_of: Callable[[date], float],
    attacks: pd.DataFrame | None = None,
) -> TimelinePayload:
    """The player's payload from the pieces (the app passes its cached ones)."""
    months = timeline_months()
    attacks = all_attack_points(atlas, lang) if attacks is None else attacks
    areas = [area_of(m) for m in months]
    timeline = build_timeline(atlas.places, states, atlas.events, attacks, cells, areas, months, lang, atlas.sides)
    return timeline_payload(timeline)


def timeline_from_tables(atlas: Atlas, countries: dict, langs: tuple[str, ...]) -> list[TimelinePayload]:
    """Every language's payload, computed from scratch (the build step)."""
    states, memo = control_by_month(atlas), ShapeMemo()
    cells = core_cells(atlas, country_borders(countries), states)

    def area_of(month: date) -> float:
        return held_area_km2(cells, month_rows(states, atlas, month), atlas.sides.focus, memo)

    return [whole_timeline(atlas, lang, states, cells, area_of) for lang in langs]
