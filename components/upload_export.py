"""Your data to take away: the rows that loaded as CSV and GeoJSON, and the month's map as one HTML file.

The same builders as the Export page (core.render.exports): CSV cells that look like formulas are neutralised,
GeoJSON carries text as data, and the HTML map passes every name as template-inert JSON.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import export_panel, state
from components.upload_panel import PAGE, frames_fingerprint
from core.codes.dates import format_month_key
from core.model.atlas import Atlas
from core.render.exports import to_csv_bytes, to_geojson_bytes

CSV, GEOJSON = "text/csv", "application/geo+json"


def _built_once(key: str, signature: str, build) -> bytes:
    """A file built once per version of the data (kept in the session: a slider move does not rebuild it)."""
    kept = state.get(PAGE, f"{key}_bytes")
    if kept is None or kept[0] != signature:
        kept = (signature, build())
        state.put(PAGE, f"{key}_bytes", kept)
    return kept[1]


def downloads(combined: Atlas, located: pd.DataFrame, events: pd.DataFrame, month: date, show_territory: bool, cells: dict | None) -> None:
    """CSV and GeoJSON of your places, CSV of your events, and the map of `month` as it is shown (built on a press)."""
    lang, signature = state.language(), frames_fingerprint(located, events)
    st.subheader(state.text("Download your data", "Download je data"), anchor=False)
    tables = [
        (located, ("Places (CSV)", "Plaatsen (CSV)"), "your-places", "csv", CSV, to_csv_bytes, "📄"),
        (located, ("Places (GeoJSON)", "Plaatsen (GeoJSON)"), "your-places", "geojson", GEOJSON, to_geojson_bytes, "🌍"),
        (events, ("Events (CSV)", "Gebeurtenissen (CSV)"), "your-events", "csv", CSV, to_csv_bytes, "📄"),
    ]
    with st.container(horizontal=True):
        for frame, (en, nl), name, extension, mime, build, icon in tables:
            if not frame.empty:
                key = state.key(PAGE, f"{name}_{extension}")
                content = _built_once(f"{name}_{extension}", signature, lambda frame=frame, build=build: build(frame))
                st.download_button(state.text(en, nl), content, export_panel.file_name(name, extension), mime, key=key, icon=icon)
    params = (format_month_key(month), lang, show_territory, signature)
    labels = (
        state.text("Build the HTML map of this month", "Maak de HTML-kaart van deze maand"),
        state.text("Building the map…", "Kaart maken…"),
    )
    export_panel.build_on_press(
        PAGE, "html", params, labels, lambda: export_panel.standalone_map_bytes(month, lang, show_territory, combined, cells)
    )
    label = state.text("Download the HTML map", "Download de HTML-kaart")
    export_panel.offer(PAGE, "html", params, label, f"your-map-{params[0]}", export_panel.HTML, "🗺️")
