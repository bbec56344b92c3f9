"""Source attribution shown under every map."""

from __future__ import annotations

import streamlit as st

from components.state import text


def show_attribution(tiles: str | None = None) -> None:
    parts = [
        text(
            "Text and events: Dutch Wikipedia, “Islamitische Staat”",
            "Tekst en gebeurtenissen: Nederlandstalige Wikipedia, ‘Islamitische Staat’",
        )
        + " ([CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/))",
        text("Coordinates: GeoNames", "Coördinaten: GeoNames") + " ([CC BY 4.0](https://creativecommons.org/licenses/by/4.0/))",
        text("Borders: Natural Earth (public domain)", "Grenzen: Natural Earth (publiek domein)"),
    ]
    if tiles:
        parts.append("© OpenStreetMap contributors" + (" © CARTO" if tiles == "carto" else ""))
    st.caption(" · ".join(parts))
