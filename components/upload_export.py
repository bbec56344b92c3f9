"""Your data to take away: the rows that loaded as CSV and GeoJSON, and the month's map as one HTML file.

The same builders as the Export page (core.exports): CSV cells that look like formulas are neutralised,
GeoJSON carries text as data, and the HTML map passes every name as template-inert JSON.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import export_panel, state
from components.upload_panel import PAGE, fingerprint
from core.atlas import Atlas
from core.dates import format_month_key
from core.exports import to_csv_bytes, to_geojson_bytes

CSV, GEOJSON = "text/csv", "application/geo+json"


def _signature(located: pd.DataFrame, events: pd.DataFrame) -> str:
    hashed = [pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes() for frame in (located, events) if not frame.empty]
    return fingerprint(b"".join(hashed))


def downloads(combined: Atlas, located: pd.DataFrame, events: pd.DataFrame, month: date, show_territory: bool, cells: dict | None) -> None:
    """CSV and GeoJSON of your places, CSV of your events, and the map of `month` as it is shown (built on a press)."""
    lang = state.language()
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
                st.download_button(state.text(en, nl), build(frame), export_panel.file_name(name, extension), mime, key=key, icon=icon)
    params = (format_month_key(month), lang, show_territory, _signature(located, events))
    labels = (
        state.text("Build the HTML map of this month", "Maak de HTML-kaart van deze maand"),
        state.text("Building the map…", "Kaart maken…"),
    )
    export_panel.build_on_press(
        PAGE, "html", params, labels, lambda: export_panel.standalone_map_bytes(month, lang, show_territory, combined, cells)
    )
    label = state.text("Download the HTML map", "Download de HTML-kaart")
    export_panel.offer(PAGE, "html", params, label, f"your-map-{params[0]}", export_panel.HTML, "🗺️")
