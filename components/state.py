"""The one owner of st.session_state and st.query_params; keys are namespaced per page ('map.month')."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from core.dates import format_month_key
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, markdown_escape, pick
from core.urlstate import read_language

LANG_KEY = "lang"


def key(page: str, name: str) -> str:
    return f"{page}.{name}"


def get(page: str, name: str, default=None):
    return st.session_state.get(key(page, name), default)


def put(page: str, name: str, value) -> None:
    st.session_state[key(page, name)] = value


def url_params() -> dict[str, str]:
    return {name: st.query_params.get(name) for name in st.query_params}


def seed_from_url(page: str, read: Callable[[dict[str, str], list[str]], dict]) -> None:
    """Once per session and page: read the URL into session state; keep notices for what was ignored."""
    if st.session_state.get(key(page, "_seeded")):
        return
    notices: list[str] = []
    for name, value in read(url_params(), notices).items():
        put(page, name, value)
    put(page, "_notices", notices)
    st.session_state[key(page, "_seeded")] = True


def show_notices(page: str) -> None:
    """Short, dismissable-by-navigation notices for URL parameters that were ignored (escaped: a link or
    image someone put in the URL shows as text, never as Markdown)."""
    for notice in get(page, "_notices", []):
        st.info(markdown_escape(notice), icon="ℹ️")


def write_url(values: dict[str, str | None]) -> None:
    """Update the address bar so a link reproduces the view (None removes a parameter)."""
    for name, value in values.items():
        if value is None or value == "":
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = str(value)


def language() -> str:
    """The UI language, seeded from ?lang= once, shared by all pages."""
    if LANG_KEY not in st.session_state:
        notices: list[str] = []
        st.session_state[LANG_KEY] = read_language(url_params(), notices)
    return st.session_state[LANG_KEY]


def text(en: str, nl: str) -> str:
    """UI text in the current language."""
    return pick(language(), en, nl)


def language_switch() -> str:
    """Sidebar radio EN/NL; writes ?lang= back to the URL."""
    language()
    st.sidebar.radio(
        "Language / Taal",
        LANGUAGES,
        key=LANG_KEY,
        format_func=lambda code: {"en": "English", "nl": "Nederlands"}[code],
        horizontal=True,
        on_change=lambda: write_url({"lang": None if st.session_state[LANG_KEY] == DEFAULT_LANGUAGE else st.session_state[LANG_KEY]}),
    )
    return st.session_state[LANG_KEY]


MAP_PAGE = "map"
MAP_PAGE_FILE = "pages/map.py"


def handoff_to_map(month: date, place: str | None = None, switch: bool = True) -> None:
    """Open the map page on `month` (a date) and optionally a place: its session keys and its URL.

    Writes 'map.month', 'map.month_key' (the slider) and 'map.place', so the map shows them whether or
    not it was opened before; with `switch`, goes there with ?date=&place= in the address bar.
    """
    month_key = format_month_key(month)
    put(MAP_PAGE, "month", month)
    put(MAP_PAGE, "month_key", month_key)
    if place is not None:
        put(MAP_PAGE, "place", place)
    params = {"date": month_key} | ({"place": place} if place else {})
    if language() != DEFAULT_LANGUAGE:
        params["lang"] = language()
    if switch:
        st.switch_page(MAP_PAGE_FILE, query_params=params)


def forget(page: str, name: str) -> None:
    """Drop a value (a widget then starts again from its default)."""
    st.session_state.pop(key(page, name), None)
