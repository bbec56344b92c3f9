"""The map component: a fresh base map each run plus a swapped feature group, so nothing remounts."""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from components import render_speed, state  # noqa: F401 (importing it installs the patch once)

RETURNED = ["last_object_clicked"]


def show_map(
    base: folium.Map,
    layer: folium.FeatureGroup,
    key: str,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    height: int = 620,
) -> dict | None:
    """Draw the map; returns the map's value (a click on a place reruns the app, pan and zoom never do)."""
    result = st_folium(
        base,
        key=key,
        feature_group_to_add=layer,
        returned_objects=RETURNED,
        center=list(center) if center else None,
        zoom=zoom,
        height=height,
        use_container_width=True,
    )
    return result if isinstance(result, dict) else None


def clicked_place(page: str, map_key: str, known: set[str]) -> str | None:
    """The place of a new click on the map, once: the player reports the clicked symbol's id with the map's
    mount and a click count (core/render/timeline_player/), so a symbol over another never reports its neighbour and an
    old click never overrides a later choice in the search box."""
    click = (st.session_state.get(map_key) or {}).get("atlas_click")  # st_folium keeps the map's value here
    if not isinstance(click, list) or len(click) != 3 or not isinstance(click[1], int):
        return None
    heard = (str(click[0]), click[1])
    if heard == state.get(page, "click_heard") or click[2] not in known:
        return None
    state.put(page, "click_heard", heard)
    return click[2]
