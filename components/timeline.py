"""Month slider with single steps; the date label is drawn large beside the map. The months are the atlas's
by default, or a dataset's own (an upload's, core.model.period)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import state
from core.model.period import ATLAS_PERIOD, Period

MONTHS = ATLAS_PERIOD.steps


def _slider_key(page: str) -> str:
    return state.key(page, "month_key")


def current_month(page: str, period: Period = ATLAS_PERIOD) -> date:
    """The chosen step (a month's first day, or a day for a timeline of days)."""
    keys = period.keys
    chosen = st.session_state.get(_slider_key(page))
    return period.steps[keys.index(chosen)] if chosen in keys else period.steps[0]


def init_month(page: str, month: date, period: Period = ATLAS_PERIOD) -> None:
    """The slider starts at `month`; a value kept from another timeline (a new upload) starts there too."""
    if st.session_state.get(_slider_key(page)) not in period.keys:
        st.session_state[_slider_key(page)] = period.key(month if month in period.steps else period.steps[0])


def _step(page: str, delta: int, period: Period) -> None:
    keys = period.keys
    index = keys.index(st.session_state[_slider_key(page)])
    st.session_state[_slider_key(page)] = keys[min(max(index + delta, 0), len(keys) - 1)]
    _sync_url(page, period)


def _sync_url(page: str, period: Period) -> None:
    state.choose_month(page, current_month(page, period))


def follow_player(page: str, map_key: str, period: Period = ATLAS_PERIOD) -> None:
    """Before the slider is drawn: if the in-map player reported a new step (core/render/timeline_player/player.js, when
    it rests;
    st_folium keeps the map's value in st.session_state[map_key]), the slider and the URL follow it."""
    value = st.session_state.get(map_key) or {}
    reported, heard = value.get("atlas_month"), (str(value.get("atlas_mount", "")), value.get("atlas_seq"))
    if reported not in period.keys or not isinstance(heard[1], int) or heard == player_heard(page):
        return
    state.put(page, "player_heard", heard)
    st.session_state[_slider_key(page)] = reported
    _sync_url(page, period)


def player_heard(page: str) -> tuple[str, int]:
    """(map mount, number) of the player's last report the server has taken in (cues older than the
    player's moves are ignored by the player, so a slow answer never pulls it back)."""
    return state.get(page, "player_heard", ("", 0))


def month_controls(page: str, period: Period = ATLAS_PERIOD) -> date:
    """Step back, slider, step forward (a month, or a day for a timeline of days); returns the chosen step."""
    back, slider, forward = st.columns([1, 10, 1], vertical_alignment="bottom")
    by_day = period.unit == "day"
    back.button(
        "◀",
        key=state.key(page, "back"),
        on_click=_step,
        args=(page, -1, period),
        help=state.text("One day back", "Eén dag terug") if by_day else state.text("One month back", "Eén maand terug"),
    )
    forward.button(
        "▶",
        key=state.key(page, "forward"),
        on_click=_step,
        args=(page, 1, period),
        help=state.text("One day on", "Eén dag verder") if by_day else state.text("One month on", "Eén maand verder"),
    )
    lang = state.language()
    labels = dict(zip(period.keys, period.steps, strict=True))
    if len(labels) > 1:
        slider.select_slider(
            state.text("Day", "Dag") if by_day else state.text("Month", "Maand"),
            options=list(labels),
            key=_slider_key(page),
            format_func=lambda k: period.label(labels[k], lang),
            on_change=_sync_url,
            args=(page, period),
        )
    return current_month(page, period)


def date_label(month: date, period: Period = ATLAS_PERIOD) -> None:
    """The big date label beside the map."""
    text = period.label(month, state.language())
    st.markdown(f'<div class="atlas-date" data-testid="atlas-date">{text}</div>', unsafe_allow_html=True)
