"""Place search: a text box ranked by core.model.search (exact names and aliases first, near misses found) and the
list of every place; both sync with map clicks, and a chosen place moves the map to it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data, state
from core.model.evidence import is_site
from core.model.place_rank import place_ranks
from core.model.provenance import search_label
from core.model.search import SearchName, search_names, search_places
from core.render.mapping import SITE_MIN_ZOOM
from core.render.player import FLY_ZOOM, FlyTo
from core.text.i18n import markdown_escape

MORE_MATCHES = 4  # other matches offered under the box


def search_hint(names: list[str] | None = None) -> str:
    """The search box's example: three of `names` (a dataset's own places), or the atlas's spellings of Mosul."""
    if names:
        return ", ".join(names[:3]) + "…"
    return state.text("Mosul, Mosoel, Raqqa…", "Mosoel, Mosul, Raqqa…")


def search_labels(lang: str) -> dict[str, str]:
    """place_id -> 'Mosul — Mosoel, al-Mawsil (IQ)' for the built-in atlas."""
    return _search_labels(data.data_key(), lang)


@st.cache_data(show_spinner=False)
def _search_labels(data_dir: str, lang: str) -> dict[str, str]:
    return {row["place_id"]: search_label(row, lang) for row in data.atlas().places.to_dict("records")}


def search_index() -> tuple[list[SearchName], dict[str, int]]:
    """Every folded name of every place, and the places' ranks (ties go to the more important place)."""
    return _search_index(data.data_key())


@st.cache_data(show_spinner=False)
def _search_index(data_dir: str) -> tuple[list[SearchName], dict[str, int]]:
    atlas = data.atlas()
    return search_names(atlas.places), place_ranks(atlas.places, atlas.events).to_dict()


def matches(query: str) -> list[str]:
    return search_places(query, *search_index(), limit=MORE_MATCHES + 1)


def choose_place(page: str, place_id: str) -> None:
    """A place chosen in the search or the events list: select it and move the map to it (once)."""
    state.update_view(page, place=place_id)
    state.put(page, "fly", (place_id, state.get(page, "fly", ("", 0))[1] + 1))


def fly_to(page: str, places: pd.DataFrame) -> FlyTo | None:
    """Where the map should move for the last choice (the player moves once per choice number)."""
    place_id, number = state.get(page, "fly", ("", 0))
    chosen = places[places["place_id"] == place_id]
    if not number or chosen.empty:
        return None
    zoom = SITE_MIN_ZOOM if bool(is_site(chosen).iloc[0]) else FLY_ZOOM
    return FlyTo(float(chosen["lat"].iloc[0]), float(chosen["lon"].iloc[0]), zoom, number)


def _on_query(page: str) -> None:
    found = matches(state.get(page, "place_query") or "")
    if found:
        choose_place(page, found[0])


def _on_pick(page: str) -> None:
    if state.get(page, "place_select"):
        choose_place(page, state.get(page, "place_select"))


def _other_matches(page: str, labels: dict[str, str]) -> None:
    query = state.get(page, "place_query") or ""
    if not query.strip():
        return
    found = matches(query)
    if not found:
        st.caption(state.text("No place matches this name.", "Geen plaats heeft deze naam."))
        return
    others = [place_id for place_id in found if place_id != state.view(page).place][:MORE_MATCHES]
    if others:
        st.caption(state.text("Other matches:", "Andere treffers:"))
    for place_id in others:
        st.button(
            markdown_escape(labels[place_id]),
            key=state.key(page, f"match_{place_id}"),
            type="tertiary",
            on_click=choose_place,
            args=(page, place_id),
        )


def place_search(page: str, clicked: str | None) -> str | None:
    """The selected place id: a map click wins over the boxes; every choice changes the page's view (and ?place=)."""
    if clicked and clicked != state.view(page).place:
        state.update_view(page, place=clicked)
    state.put(page, "place_select", state.view(page).place)
    labels = search_labels(state.language())
    st.text_input(
        state.text("Search a place (any spelling), then Enter", "Zoek een plaats (elke spelling), dan Enter"),
        key=state.key(page, "place_query"),
        placeholder=search_hint(),
        on_change=_on_query,
        args=(page,),
    )
    _other_matches(page, labels)
    st.selectbox(
        state.text("Or choose from every place", "Of kies uit alle plaatsen"),
        sorted(labels, key=labels.get),
        index=None,
        key=state.key(page, "place_select"),
        format_func=labels.get,
        placeholder=state.text("Every place, A–Z", "Alle plaatsen, A–Z"),
        on_change=_on_pick,
        args=(page,),
    )
    return state.view(page).place
