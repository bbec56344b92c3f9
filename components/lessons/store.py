"""The lessons database for this server process: one LessonStore per database URL, opened on first use."""

from __future__ import annotations

import streamlit as st

from components import state
from core.lessons.store import LessonStore, StoreUnavailableError, database_url

ANSWERS_PURGE_EVERY = 3600  # seconds


@st.cache_resource(show_spinner=False)
def _store(url: str) -> LessonStore:
    return LessonStore(url)


@st.cache_data(ttl=ANSWERS_PURGE_EVERY, show_spinner=False)
def _purge_old_answers(url: str) -> int:
    """Answers older than core.lessons.store.ANSWERS_KEPT_DAYS go; at most once per ANSWERS_PURGE_EVERY per process."""
    return _store(url).purge_answers()


def lesson_store() -> LessonStore | None:
    """The store, or None after telling the user (in their language) that lessons cannot be saved or opened now."""
    url = database_url()
    try:
        store = _store(url)
        _purge_old_answers(url)
    except StoreUnavailableError:
        unavailable()
        return None
    return store


def unavailable() -> None:
    st.error(
        state.text(
            "The lessons database cannot be reached right now, so lessons cannot be saved or opened. "
            "Your lesson is still here: export it as CSV to keep it, and try again later.",
            "De lessendatabase is nu niet bereikbaar, dus lessen kunnen niet bewaard of geopend worden. "
            "Je les staat er nog: exporteer hem als CSV om hem te bewaren, en probeer het later opnieuw.",
        ),
        icon="⚠️",
    )
