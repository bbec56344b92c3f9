"""The events of the selected month, listed beside the map (they are ringed on it)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import data
from components.state import language, text
from core.codes.dates import month_end, month_label
from core.model.provenance import history_table
from core.text.i18n import markdown_escape, place_name


@st.cache_data(show_spinner=False)
def event_lines(lang: str) -> pd.DataFrame:
    """Every event's (headline, summary), Markdown-escaped, with its effective date: built once per language."""
    events = data.atlas().events
    names = data.atlas().places.set_index("place_id")
    table = history_table(events, lang)
    headlines = [
        f"**{markdown_escape(place_name(names.loc[place_id], lang))}** · {row['date']} · {row['what']}"
        for place_id, row in zip(events["place_id"], table.to_dict("records"), strict=True)
    ]
    return pd.DataFrame(
        {"effective_date": events["effective_date"], "headline": headlines, "summary": table["summary"].map(markdown_escape)}
    )


def month_event_lines(month: date, lang: str) -> list[tuple[str, str]]:
    """(headline, summary) for the events that count in `month`."""
    lines = event_lines(lang)
    inside = lines["effective_date"].between(pd.Timestamp(month), pd.Timestamp(month_end(month)))
    return list(zip(lines.loc[inside, "headline"], lines.loc[inside, "summary"], strict=True))


def show_month_events(month: date) -> None:
    lang = language()
    st.markdown(f"**{text('Events in', 'Gebeurtenissen in')} {month_label(month, lang)}**")
    lines = month_event_lines(month, lang)
    if not lines:
        st.caption(text("The article dates no event in this month.", "Het artikel dateert geen gebeurtenis in deze maand."))
    for headline, summary in lines:
        st.markdown(headline)
        st.caption(summary)
