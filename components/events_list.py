"""The events of the selected month beside the map, one entry per place (they are ringed on it); choosing a
place there selects it and moves the map to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from components import data
from components.place_search import choose_place
from components.state import key, language, text
from core.codes.dates import month_end, month_label
from core.model.provenance import history_table
from core.text.i18n import markdown_escape, place_name


@dataclass(frozen=True)
class PlaceEvents:
    """One place's events in a month: its name (plain text) and a Markdown-escaped line per event."""

    place_id: str
    name: str
    lines: tuple[str, ...]


def event_lines(lang: str) -> pd.DataFrame:
    """Every event's place, effective date and line ('11 June 2014 · captured: …', escaped): once per language."""
    return _event_lines(data.data_key(), lang)


@st.cache_data(show_spinner=False)
def _event_lines(data_dir: str, lang: str) -> pd.DataFrame:
    atlas = data.atlas()
    events = atlas.events
    table = history_table(events, lang, atlas.sides)
    lines = [f"{row['date']} · {row['what']}: {row['summary']}" for row in table.to_dict("records")]
    return pd.DataFrame(
        {
            "place_id": events["place_id"].to_numpy(),
            "effective_date": events["effective_date"].to_numpy(),
            "line": [markdown_escape(x) for x in lines],
        }
    )


def month_place_events(month: date, lang: str) -> list[PlaceEvents]:
    """The month's events grouped by place, places in the order of their first event."""
    lines = event_lines(lang)
    inside = lines[lines["effective_date"].between(pd.Timestamp(month), pd.Timestamp(month_end(month)))]
    inside = inside.sort_values("effective_date", kind="stable")
    names = data.atlas().places.set_index("place_id")
    grouped: dict[str, list[str]] = {}
    for place_id, line in zip(inside["place_id"], inside["line"], strict=True):
        grouped.setdefault(place_id, []).append(line)
    return [PlaceEvents(place_id, place_name(names.loc[place_id], lang), tuple(found)) for place_id, found in grouped.items()]


def show_month_events(month: date, page: str) -> None:
    """One line per place: its name (a button that selects it and moves the map there) and its events."""
    lang = language()
    st.markdown(f"**{text('Events in', 'Gebeurtenissen in')} {month_label(month, lang)}**")
    groups = month_place_events(month, lang)
    if not groups:
        st.caption(text("The article dates no event in this month.", "Het artikel dateert geen gebeurtenis in deze maand."))
    for group in groups:
        st.button(
            f"**{markdown_escape(group.name)}**",
            key=key(page, f"event_place_{group.place_id}"),
            type="tertiary",
            help=text("Show on the map", "Toon op de kaart"),
            on_click=choose_place,
            args=(page, group.place_id),
        )
        st.caption("  \n".join(group.lines))
