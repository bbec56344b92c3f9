"""Explore tables: the places and events the filters keep, and the history of a chosen place."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import data, state
from components.place_card import show_place_card
from core.model.atlas import Atlas
from core.model.explore import events_table, last_event_months, places_table
from core.model.provenance import search_label


def _places_columns() -> dict:
    return {
        "place_id": None,
        "place": st.column_config.TextColumn(state.text("Place", "Plaats"), pinned=True),
        "other_names": st.column_config.TextColumn(state.text("Also written", "Ook geschreven"), width="medium"),
        "country": st.column_config.TextColumn(state.text("Country", "Land"), width="small"),
        "kind": st.column_config.TextColumn(state.text("Kind", "Soort"), width="small"),
        "in_article": st.column_config.CheckboxColumn(
            state.text("In the article", "In het artikel"),
            help=state.text(
                "Unticked: a place the article does not name; its dates come from the cited sources",
                "Niet aangevinkt: een plaats die het artikel niet noemt; de data komen uit de bronnen",
            ),
            width="small",
        ),
        "holder_start": state.text("Holder on 1 Jan 2014", "In handen op 1 jan 2014"),
        "holder_end": state.text("Holder at the end of the period", "In handen aan het eind van de periode"),
        "events": st.column_config.NumberColumn(state.text("Events", "Gebeurtenissen"), format="%d", width="small"),
        "last_event": st.column_config.DateColumn(
            state.text("Month of last event", "Maand van laatste gebeurtenis"), format="MM-YYYY"
        ),  # digits: a month name would be English
        "map": st.column_config.LinkColumn(state.text("Map", "Kaart"), display_text=state.text("open map", "open kaart"), width="small"),
    }


def _events_columns() -> dict:
    return {
        "event_id": None,
        "date": st.column_config.TextColumn(state.text("Date (~ = approximate)", "Datum (~ = bij benadering)")),
        "place": st.column_config.TextColumn(state.text("Place", "Plaats"), pinned=True),
        "country": st.column_config.TextColumn(state.text("Country", "Land"), width="small"),
        "what": state.text("What", "Wat"),
        "from": state.text("Held before by", "Eerst in handen van"),
        "to": state.text("Held after by", "Daarna in handen van"),
        "opponent": state.text("Opponent", "Tegenstander"),
        "summary": st.column_config.TextColumn(state.text("Summary", "Samenvatting"), width="large"),
        "evidence": st.column_config.TextColumn(state.text("The article's words", "Woorden uit het artikel"), width="large"),
        "link": st.column_config.LinkColumn(state.text("Source", "Bron"), display_text=state.text("article ↗", "artikel ↗"), width="small"),
        "on_map": st.column_config.CheckboxColumn(state.text("Applied to the map", "Op de kaart verwerkt"), width="small"),
        "note": st.column_config.TextColumn(state.text("Note", "Opmerking"), width="medium"),
        "curator_note": st.column_config.TextColumn(
            state.text("Curators' note", "Notitie van de samenstellers (in het Engels)"), width="medium"
        ),
    }


def _on_row_selected(page: str, place_ids: list[str]) -> None:
    """A row clicked in the places table becomes the chosen place."""
    rows = st.session_state[state.key(page, "places_table")].selection.rows
    if rows:
        state.put(page, "place", place_ids[rows[0]])


def show_places(page: str, places: pd.DataFrame, events: pd.DataFrame, period_end: date) -> None:
    holders = data.month_state(period_end).set_index("place_id")["controller"].to_dict()
    table = places_table(places, events, holders, state.language(), data.atlas().sides)
    st.caption(
        state.text(f"{len(table)} places · click a row to see its history", f"{len(table)} plaatsen · klik op een rij voor de geschiedenis")
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config=_places_columns(),
        key=state.key(page, "places_table"),
        on_select=lambda: _on_row_selected(page, table["place_id"].tolist()),
        selection_mode="single-row",
    )


def show_events(events: pd.DataFrame, places: pd.DataFrame) -> None:
    table = events_table(events, places, state.language(), data.atlas().sides)
    st.caption(state.text(f"{len(table)} events, oldest first", f"{len(table)} gebeurtenissen, oudste eerst"))
    st.dataframe(table, hide_index=True, width="stretch", column_config=_events_columns())


def place_chooser(page: str, atlas: Atlas, places: pd.DataFrame) -> str | None:
    """A selectbox over the filtered places (spelling-tolerant labels); also set by clicking a table row."""
    lang = state.language()
    chosen = state.get(page, "place")
    shown = set(places["place_id"]) | ({chosen} if chosen else set())
    labels = {row["place_id"]: search_label(row, lang) for row in atlas.places[atlas.places["place_id"].isin(shown)].to_dict("records")}
    if chosen not in labels:
        state.put(page, "place", None)
    st.selectbox(
        state.text("Show the history of a place", "Toon de geschiedenis van een plaats"),
        sorted(labels, key=labels.get),
        index=None,
        key=state.key(page, "place"),
        format_func=labels.get,
        placeholder=state.text("Choose a place…", "Kies een plaats…"),
    )
    return state.get(page, "place")


def show_place_history(page: str, atlas: Atlas, place_id: str, period_end: date) -> None:
    """The provenance card and a button that opens the map on the place in the month of its last event."""
    last = last_event_months(atlas.events[atlas.events["place_id"] == place_id]).get(place_id, period_end)
    if st.button(
        state.text("🗺️ Open on the map", "🗺️ Open op de kaart"),
        key=state.key(page, "open_place"),
        type="primary",
        help=state.text("Shows the place in the month of its last event", "Toont de plaats in de maand van de laatste gebeurtenis"),
    ):
        state.handoff_to_map(last, place=place_id)
    states = data.month_state(period_end).set_index("place_id")
    show_place_card(atlas, place_id, states.loc[place_id].to_dict() if place_id in states.index else None, period_end)
