"""The events of the selected month, listed beside the map (they are ringed on it)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import data
from components.state import language, text
from core.atlas import Atlas
from core.dates import month_label
from core.i18n import markdown_escape, place_name
from core.provenance import history_table


def show_month_events(atlas: Atlas, month: date) -> None:
    lang = language()
    events = data.month_events(month)
    st.markdown(f"**{text('Events in', 'Gebeurtenissen in')} {month_label(month, lang)}**")
    if events.empty:
        st.caption(text("The article dates no event in this month.", "Het artikel dateert geen gebeurtenis in deze maand."))
        return
    names = atlas.places.set_index("place_id")
    for place_id, row in zip(events["place_id"], history_table(events, lang).itertuples(index=False), strict=True):
        st.markdown(f"**{markdown_escape(place_name(names.loc[place_id], lang))}** · {row.date} · {row.what}")
        st.caption(markdown_escape(row.summary))
