"""Builds the date-dependent layer for a month; shared by map, compare, present and upload pages.

The atlas' own layer is a cached, serialised payload per month; an uploaded atlas (one session's data)
is computed uncached so it never enters the shared cache.
"""

from __future__ import annotations

from datetime import date

import folium
import pandas as pd
import streamlit as st
from shapely.geometry.base import BaseGeometry

from components import data
from core.atlas import Atlas
from core.constants import TIMELINE_START
from core.control import control_in_month, events_between, events_in_month
from core.dates import month_end
from core.mapping import LayerPayload, layer_from_payload, layer_payload, place_features
from core.territory import dissolve_by_holder, territory_features


def attacks_until(month: date, atlas: Atlas | None = None) -> pd.DataFrame:
    """Attacks from the start of the timeline to the end of `month` (cumulative layer)."""
    return events_between(atlas if atlas is not None else data.atlas(), TIMELINE_START, month_end(month), types=("attack",))


@st.cache_data(show_spinner=False, max_entries=600)
def month_payload(month: date, lang: str, highlighted: tuple[str, ...], show_territory: bool, show_attacks: bool) -> LayerPayload:
    """The built-in atlas' layer for a month: computed once per month and view, reused on every visit."""
    territory = data.month_territory(month) if show_territory else []
    return build_payload(
        data.atlas(), data.month_state(month), data.month_events(month), territory, month, lang, set(highlighted), show_attacks
    )


def uploaded_payload(
    atlas: Atlas,
    cells: dict[str, BaseGeometry] | None,
    month: date,
    lang: str,
    highlighted: set[str],
    show_territory: bool,
    show_attacks: bool,
) -> LayerPayload:
    """The same layer for an atlas that must not enter the shared cache (uploaded data)."""
    state = control_in_month(atlas, month)
    territory = territory_features(dissolve_by_holder(cells, state)) if show_territory and cells else []
    return build_payload(atlas, state, events_in_month(atlas, month), territory, month, lang, highlighted, show_attacks)


def build_payload(
    atlas: Atlas,
    state: pd.DataFrame,
    month_events: pd.DataFrame,
    territory: list[dict],
    month: date,
    lang: str,
    highlighted: set[str],
    show_attacks: bool,
) -> LayerPayload:
    """Places by holder (events of the month and chosen places ringed), territory and attacks so far."""
    drawn = place_features(atlas.places, state, lang, set(month_events["place_id"]) | highlighted)
    attacks = attacks_until(month, atlas)
    return layer_payload(drawn, territory, attacks if show_attacks else attacks.iloc[0:0], atlas.places, lang)


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
    """The month's layer. Without `atlas`: the built-in atlas (cached). With `atlas` (e.g. uploaded
    data): computed here, territory only from the given `cells`."""
    if atlas is None:
        payload = month_payload(month, lang, tuple(sorted(highlighted or ())), show_territory, show_attacks)
    else:
        payload = uploaded_payload(atlas, cells, month, lang, highlighted or set(), show_territory, show_attacks)
    return layer_from_payload(payload, name)
