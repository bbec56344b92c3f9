"""Month slider with play/pause and single steps; the date label is drawn large beside the map."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import state
from core.codes.dates import MONTH_KEYS, format_month_key, month_label, timeline_months

MONTHS = timeline_months()


def _slider_key(page: str) -> str:
    return state.key(page, "month_key")


def current_month(page: str) -> date:
    return MONTHS[MONTH_KEYS.index(st.session_state[_slider_key(page)])]


def init_month(page: str, month: date) -> None:
    st.session_state.setdefault(_slider_key(page), format_month_key(month))


def _step(page: str, delta: int) -> None:
    index = MONTH_KEYS.index(st.session_state[_slider_key(page)])
    new_index = min(max(index + delta, 0), len(MONTH_KEYS) - 1)
    st.session_state[_slider_key(page)] = MONTH_KEYS[new_index]
    _sync_url(page)


def _sync_url(page: str) -> None:
    state.choose_month(page, current_month(page))


def follow_player(page: str, map_key: str) -> None:
    """Before the slider is drawn: if the in-map player reported a new month (core/render/timeline_player/player.js, when it rests;
    st_folium keeps the map's value in st.session_state[map_key]), the slider and the URL follow it."""
    value = st.session_state.get(map_key) or {}
    reported, heard = value.get("atlas_month"), (str(value.get("atlas_mount", "")), value.get("atlas_seq"))
    if reported not in MONTH_KEYS or not isinstance(heard[1], int) or heard == player_heard(page):
        return
    state.put(page, "player_heard", heard)
    st.session_state[_slider_key(page)] = reported
    _sync_url(page)


def player_heard(page: str) -> tuple[str, int]:
    """(map mount, number) of the player's last report the server has taken in (cues older than the
    player's moves are ignored by the player, so a slow answer never pulls it back)."""
    return state.get(page, "player_heard", ("", 0))


def month_controls(page: str) -> date:
    """Step back, slider, step forward; returns the chosen month."""
    back, slider, forward = st.columns([1, 10, 1], vertical_alignment="bottom")
    back.button("◀", key=state.key(page, "back"), on_click=_step, args=(page, -1), help=state.text("One month back", "Eén maand terug"))
    forward.button("▶", key=state.key(page, "forward"), on_click=_step, args=(page, 1), help=state.text("One month on", "Eén maand verder"))
    lang = state.language()
    slider.select_slider(
        state.text("Month", "Maand"),
        options=MONTH_KEYS,
        key=_slider_key(page),
        format_func=lambda k: month_label(MONTHS[MONTH_KEYS.index(k)], lang),
        on_change=_sync_url,
        args=(page,),
    )
    return current_month(page)


def date_label(month: date) -> None:
    """The big date label beside the map."""
    st.markdown(f'<div class="atlas-date" data-testid="atlas-date">{month_label(month, state.language())}</div>', unsafe_allow_html=True)
