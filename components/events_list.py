"""The events of the selected month, listed beside the map (they are ringed on it)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import data
from components.state import language, text
from core.dates import month_label
from core.i18n import markdown_escape, place_name
from core.provenance import history_table


@st.cache_data(show_spinner=False)
def month_event_lines(month: date, lang: str) -> list[tuple[str, str]]:
    """(headline, summary) per event of the month, Markdown-escaped."""
    events = data.month_events(month)
    names = data.atlas().places.set_index("place_id")
    table = history_table(events, lang)
    return [
        (f"**{markdown_escape(place_name(names.loc[place_id], lang))}** · {row['date']} · {row['what']}", markdown_escape(row["summary"]))
        for place_id, row in zip(events["place_id"], table.to_dict("records"), strict=True)
    ]


def show_month_events(month: date) -> None:
    lang = language()
    st.markdown(f"**{text('Events in', 'Gebeurtenissen in')} {month_label(month, lang)}**")
    lines = month_event_lines(month, lang)
    if not lines:
        st.caption(text("The article dates no event in this month.", "Het artikel dateert geen gebeurtenis in deze maand."))
    for headline, summary in lines:
        st.markdown(headline)
        st.caption(summary)
