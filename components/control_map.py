"""Builds the date-dependent layer for a month; shared by map, compare, present and upload pages.

The atlas' own layer comes from cached data; an uploaded atlas (one session's data) is computed uncached.
"""

from __future__ import annotations

from datetime import date

import folium
import pandas as pd
from shapely.geometry.base import BaseGeometry

from components import data
from core.atlas import Atlas
from core.constants import TIMELINE_START
from core.control import control_in_month, events_between, events_in_month
from core.dates import month_end
from core.mapping import build_control_layer, place_features
from core.territory import dissolve_by_holder, territory_features


def attacks_until(month: date, atlas: Atlas | None = None) -> pd.DataFrame:
    """Attacks from the start of the timeline to the end of `month` (cumulative layer)."""
    return events_between(atlas if atlas is not None else data.atlas(), TIMELINE_START, month_end(month), types=("attack",))


def _cached_month(month: date, show_territory: bool) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    territory = data.month_territory(month) if show_territory else []
    return data.month_state(month), data.month_events(month), territory


def _uncached_month(atlas: Atlas, cells: dict[str, BaseGeometry] | None, month: date, show_territory: bool):
    """State, events and territory of an atlas that must not enter the shared cache (uploaded data)."""
    state = control_in_month(atlas, month)
    territory = territory_features(dissolve_by_holder(cells, state)) if show_territory and cells else []
    return state, events_in_month(atlas, month), territory


def month_layer(
    month: date,
    lang: str,
    highlighted: set[str] | None = None,
    show_territory: bool = True,
    show_attacks: bool = True,
    name: str = "control",
    atlas: Atlas | None = None,
    cells: dict[str, BaseGeometry] | None = None,
) -> folium.FeatureGroup:
    """Places by holder on `month` (events of the month ringed), territory and attacks.

    Without `atlas`: the built-in atlas from the cache. With `atlas` (e.g. uploaded data): computed here,
    territory only from the given `cells`.
    """
    if atlas is None:
        shown, (state, month_events, territory) = data.atlas(), _cached_month(month, show_territory)
    else:
        shown, (state, month_events, territory) = atlas, _uncached_month(atlas, cells, month, show_territory)
    ringed = set(month_events["place_id"]) | (highlighted or set())
    drawn = place_features(shown.places, state, lang, ringed)
    attacks = attacks_until(month, shown)
    return build_control_layer(drawn, territory, attacks if show_attacks else attacks.iloc[0:0], shown.places, lang, name=name)
