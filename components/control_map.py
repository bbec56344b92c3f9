"""Builds the date-dependent layer for a month; shared by map, compare, present and upload pages.

The built-in atlas' layer is a serialised payload per month: prefetched for the whole timeline in the
background after start-up, else computed on first visit and cached. An uploaded atlas (one session's
data) is computed uncached so it never enters the shared caches.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import date

import folium
import pandas as pd
import streamlit as st
from shapely.geometry.base import BaseGeometry

from components import data
from core.atlas import Atlas
from core.constants import TIMELINE_END, TIMELINE_START
from core.control import control_in_month, events_between, events_in_month
from core.dates import month_end, timeline_months
from core.mapping import LayerPayload, attack_points, layer_from_payload, layer_payload, place_features
from core.territory import dissolve_by_holder, territory_features

PREFETCH_SWITCH = "ATLAS_PREFETCH"  # set to 1 by scripts/serve.py (make run); tests leave it off
NO_ATTACKS = pd.DataFrame(columns=["place_id", "label", "lat", "lon", "effective_date"])


@dataclass(frozen=True)
class Sources:
    """What a month's layer is computed from (read-only inputs shared by all months)."""

    atlas: Atlas
    attack_points: pd.DataFrame
    cells: dict[str, BaseGeometry] | None
    union_memo: dict | None


def all_attack_points(atlas: Atlas, lang: str) -> pd.DataFrame:
    """Every attack in the timeline with its position and label."""
    attacks = events_between(atlas, TIMELINE_START, TIMELINE_END, types=("attack",))
    return attack_points(attacks, atlas.places, lang)


def attacks_until(points: pd.DataFrame, month: date) -> pd.DataFrame:
    """Attacks from the start of the timeline to the end of `month` (a cumulative layer)."""
    return points[points["effective_date"] <= pd.Timestamp(month_end(month))]


def compute_payload(sources: Sources, state: pd.DataFrame, month: date, lang: str, view: tuple) -> LayerPayload:
    """Places by holder (the month's events and chosen places ringed), territory and attacks so far.

    `view` is (highlighted place ids, show territory, show attacks)."""
    highlighted, show_territory, show_attacks = view
    atlas = sources.atlas
    territory = []
    if show_territory and sources.cells:
        territory = territory_features(dissolve_by_holder(sources.cells, state, sources.union_memo), memo=sources.union_memo)
    attacks = attacks_until(sources.attack_points, month) if show_attacks else NO_ATTACKS
    drawn = place_features(atlas.places, state, lang, set(events_in_month(atlas, month)["place_id"]) | set(highlighted))
    return layer_payload(drawn, territory, attacks)


@st.cache_data(show_spinner=False)
def builtin_attack_points(lang: str) -> pd.DataFrame:
    return all_attack_points(data.atlas(), lang)


def builtin_sources(lang: str) -> Sources:
    return Sources(data.atlas(), builtin_attack_points(lang), data.cells(), data.union_memo())


@st.cache_resource(show_spinner=False)
def prefetched() -> dict:
    """(month, lang, view) -> payload, filled by the background prefetch; shared read-only afterwards."""
    return {}


@st.cache_resource(show_spinner=False)
def start_prefetch(lang: str) -> threading.Thread:
    """Once per language and process: compute the default view of every month in a background thread."""
    sources, states, store = builtin_sources(lang), data.states_by_month(), prefetched()
    view = ((), True, True)

    def run() -> None:
        for month in timeline_months():
            state = states[states["month"] == pd.Timestamp(month)].drop(columns="month").reset_index(drop=True)
            store.setdefault((month, lang, view), compute_payload(sources, state, month, lang, view))

    thread = threading.Thread(target=run, name=f"atlas-prefetch-{lang}", daemon=True)
    thread.start()
    return thread


@st.cache_data(show_spinner=False, max_entries=600)
def month_payload(month: date, lang: str, view: tuple) -> LayerPayload:
    """The built-in atlas' layer for a month and view, when the prefetch has not made it (yet)."""
    return compute_payload(builtin_sources(lang), data.month_state(month), month, lang, view)


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
    """The month's layer. Without `atlas`: the built-in atlas (prefetched or cached). With `atlas` (e.g.
    uploaded data): computed here, territory only from the given `cells`."""
    view = (tuple(sorted(highlighted or ())), show_territory, show_attacks)
    if atlas is None:
        if os.environ.get(PREFETCH_SWITCH) == "1":
            start_prefetch(lang)
        payload = prefetched().get((month, lang, view)) or month_payload(month, lang, view)
    else:
        sources = Sources(atlas, all_attack_points(atlas, lang), cells, None)
        payload = compute_payload(sources, control_in_month(atlas, month), month, lang, view)
    return layer_from_payload(payload, name)
