"""Place search box: matches English names, the article's Dutch spellings and aliases; syncs with map clicks."""

from __future__ import annotations

import streamlit as st

from components import data, state
from core.model.provenance import search_label


@st.cache_data(show_spinner=False)
def search_labels(lang: str) -> dict[str, str]:
    """place_id -> 'Mosul — Mosoel, al-Mawsil (IQ)' for the built-in atlas."""
    return {row["place_id"]: search_label(row, lang) for row in data.atlas().places.to_dict("records")}


def _on_pick(page: str) -> None:
    state.update_view(page, place=state.get(page, "place_select"))


def place_search(page: str, clicked: str | None) -> str | None:
    """The selected place id: a map click wins over the box; both change the page's view (and ?place=)."""
    if clicked and clicked != state.view(page).place:
        state.update_view(page, place=clicked)
    state.put(page, "place_select", state.view(page).place)
    labels = search_labels(state.language())
    st.selectbox(
        state.text("Find a place (English, Dutch or other spelling)", "Zoek een plaats (Nederlandse, Engelse of andere spelling)"),
        sorted(labels, key=labels.get),
        index=None,
        key=state.key(page, "place_select"),
        format_func=labels.get,
        placeholder=state.text("Mosul, Mosoel, Raqqa…", "Mosoel, Mosul, Raqqa…"),
        on_change=_on_pick,
        args=(page,),
    )
    return state.view(page).place
