"""The map component: a fresh base map each run plus a swapped feature group, so nothing remounts."""

from __future__ import annotations

import folium
import pandas as pd
from streamlit_folium import st_folium

from components import render_speed

RETURNED = ["last_object_clicked"]


def show_map(
    base: folium.Map,
    layer: folium.FeatureGroup,
    key: str,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    height: int = 620,
) -> dict | None:
    """Draw the map; returns the last clicked object's position (pan and zoom never rerun the app)."""
    render_speed.install()
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
    return (result or {}).get("last_object_clicked")


def clicked_place(clicked: dict | None, places: pd.DataFrame, tolerance: float = 1e-3) -> str | None:
    """The place whose point was clicked (markers report their own coordinates)."""
    if not clicked or clicked.get("lat") is None:
        return None
    distance = (places["lat"] - clicked["lat"]).abs() + (places["lon"] - clicked["lng"]).abs()
    nearest = distance.idxmin()
    return places.loc[nearest, "place_id"] if distance[nearest] <= tolerance else None
