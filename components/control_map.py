"""Builds the date-dependent layer for a month; shared by map, compare, present and upload pages.

The built-in atlas' layer is a serialised payload per month: built for the whole timeline during the
warm-up of `make run`, else computed on first visit and cached. An uploaded atlas (one session's
data) is computed uncached so it never enters the shared caches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import folium
import pandas as pd
import streamlit as st
from shapely.geometry.base import BaseGeometry

from components import data
from core.codes.dates import format_month_key, month_end
from core.model.atlas import Atlas
from core.model.control import control_in_month, control_on, events_in_month
from core.model.territory import active_fronts, dissolve_by_holder, front_features, territory_features
from core.render.assets import STATIC_DIR
from core.render.layers import LayerPayload, layer_from_payload, layer_payload, place_features
from core.render.player import FlyTo, MonthCue, TimelinePlayer, cue_layer, payload_file_name
from core.render.timeline_build import all_attack_points, whole_timeline
from core.render.timeline_payload import ATTACK_TRAIL_MONTHS, TimelinePayload

NO_ATTACKS = pd.DataFrame(columns=["place_id", "label", "lat", "lon", "effective_date"])


@dataclass(frozen=True)
class Sources:
    """What a month's layer is computed from (read-only inputs shared by all months)."""

    atlas: Atlas
    attack_points: pd.DataFrame
    cells: dict[str, BaseGeometry] | None
    union_memo: dict | None


def recent_attacks(points: pd.DataFrame, month: date) -> pd.DataFrame:
    """The attacks of `month` and of the months before it within the trail (as the in-map player shows them)."""
    start = pd.Timestamp(month) - pd.DateOffset(months=ATTACK_TRAIL_MONTHS - 1)
    return points[points["effective_date"].between(start, pd.Timestamp(month_end(month)))]


def compute_payload(sources: Sources, state: pd.DataFrame, month: date, lang: str, view: tuple) -> LayerPayload:
    """Places by holder (the month's events and chosen places ringed), territory and the month's attacks.

    `view` is (highlighted place ids, show territory, show attacks)."""
    highlighted, show_territory, show_attacks = view
    atlas = sources.atlas
    territory = []
    if show_territory and sources.cells:
        territory = territory_features(dissolve_by_holder(sources.cells, state, sources.union_memo), memo=sources.union_memo)
        territory += front_features(active_fronts(sources.cells, state))
    attacks = recent_attacks(sources.attack_points, month) if show_attacks else NO_ATTACKS
    drawn = place_features(atlas.places, state, lang, set(events_in_month(atlas, month)["place_id"]) | set(highlighted), atlas.sides)
    return layer_payload(drawn, territory, attacks, atlas.sides)


def builtin_attack_points(lang: str) -> pd.DataFrame:
    return _builtin_attack_points(data.data_key(), lang)


@st.cache_data(show_spinner=False)
def _builtin_attack_points(data_dir: str, lang: str) -> pd.DataFrame:
    return all_attack_points(data.atlas(), lang)


def builtin_sources(lang: str) -> Sources:
    return Sources(data.atlas(), builtin_attack_points(lang), data.cells(), data.union_memo())


def month_payload(month: date, lang: str, view: tuple) -> LayerPayload:
    """The built-in atlas' layer for a month and view, built on its first use and cached (compare, present)."""
    return _month_payload(data.data_key(), month, lang, view)


@st.cache_data(show_spinner=False, max_entries=600)
def _month_payload(data_dir: str, month: date, lang: str, view: tuple) -> LayerPayload:
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
    day: date | None = None,
) -> folium.FeatureGroup:
    """The month's layer. Without `atlas`: the built-in atlas (cached per month and view). With `atlas` (e.g.
    uploaded data): computed here, territory only from the given `cells`, as it stood on `day` if given (a
    timeline by day) else at the month's end."""
    view = (tuple(sorted(highlighted or ())), show_territory, show_attacks)
    if atlas is None:
        payload = month_payload(month, lang, view)
    else:
        sources = Sources(atlas, all_attack_points(atlas, lang), cells, None)
        held = control_on(atlas, day) if day else control_in_month(atlas, month)
        payload = compute_payload(sources, held, month, lang, view)
    return layer_from_payload(payload, name)


def builtin_timeline(lang: str) -> TimelinePayload:
    """The whole timeline for the in-map player: built once per process, data directory and language, shared read-only."""
    return _builtin_timeline(data.data_key(), lang)


@st.cache_resource(show_spinner="Preparing the timeline…")
def _builtin_timeline(data_dir: str, lang: str) -> TimelinePayload:
    return whole_timeline(data.atlas(), lang, data.states_by_month(), data.cells(), data.is_area, builtin_attack_points(lang))


def timeline_url(payload: TimelinePayload) -> str | None:
    """The static URL of the payload the build step wrote (`make static`, the image build), or None when it is
    not there (other tables than the build's): the app never writes into its own folder."""
    name = payload_file_name(payload)
    return f"/app/static/{name}" if (STATIC_DIR / name).is_file() else None


def timeline_player(lang: str, start: date, report: bool = True, url_param: str | None = "date") -> TimelinePlayer:
    """The in-map player over the built-in atlas (date-independent: part of the base map, never remounted). It
    fetches the built file once; without one the timeline rides inside the map (~85 KB more per map run)."""
    payload = builtin_timeline(lang)
    url = timeline_url(payload)
    return TimelinePlayer(
        format_month_key(start), url=url, payload=None if url else payload, url_param=url_param, report=report, words=payload.words
    )


def embedded_player(lang: str, start: date, autoplay: bool = False) -> TimelinePlayer:
    """The same player with the timeline embedded, for one offline file (top right: the file's own legend is bottom left)."""
    return TimelinePlayer(format_month_key(start), payload=builtin_timeline(lang), autoplay=autoplay, position="topright", legend=False)


def month_cue(
    month: date,
    ring: set[str],
    show_territory: bool = True,
    show_attacks: bool = True,
    answers: tuple[str, int] = ("", 0),
    fly: FlyTo | None = None,
) -> folium.FeatureGroup:
    """The small layer that cues the player to the server's month (and, once per choice, to a chosen place)."""
    return cue_layer(MonthCue(format_month_key(month), sorted(ring), show_territory, show_attacks, answers, fly))
