"""A lesson on the Your data page's data: the teacher's checked, located places and events go into a new lesson
draft (core.lessons.dataset) and the Lessons page opens on it. Nothing is stored until the lesson is saved."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import state
from components.lessons import draft
from components.lessons.lesson_map import lesson_map
from core.ingest.uploads import UPLOAD_KINDS
from core.lessons.dataset import data_from_upload
from core.lessons.model import Lesson

LESSONS_PAGE = "pages/lessons.py"


def upload_name(page: str) -> str:
    """The uploaded files' names, as the teacher will recognise the data ('places.csv, events.csv')."""
    return ", ".join(f["name"] for kind in UPLOAD_KINDS if (f := state.get(page, f"{kind}_file")) and f.get("name"))


def lesson_from_upload(located: pd.DataFrame, events: pd.DataFrame, mode: str, name: str) -> Lesson:
    """A new lesson draft on these data: one chapter on the data's first date, all its places in view."""
    lesson_data = data_from_upload(located, events, mode, name)
    return Lesson(chapters=(lesson_map(Lesson(data=lesson_data)).first,), data=lesson_data)


def offer_lesson(page: str, located: pd.DataFrame, events: pd.DataFrame, mode: str) -> None:
    """'Make a lesson of these data': the draft opens in the lesson editor; saving it there is what stores the data."""
    st.subheader(state.text("A lesson on your data", "Een les over je data"), anchor=False)
    st.caption(
        state.text(
            "Your files stay yours: they are kept only in this browser session. Make a lesson of them and save it to "
            "keep them on the server with the lesson: then the teacher link opens them anywhere, and pupils with the "
            "lesson's code see them on their map.",
            "Je bestanden blijven van jou: ze staan alleen in deze browsersessie. Maak er een les van en bewaar die om "
            "ze met de les op de server te bewaren: dan opent de docentenlink ze overal, en zien leerlingen met de "
            "code van de les ze op hun kaart.",
        )
    )
    if st.button(state.text("Make a lesson of these data", "Maak een les van deze data"), key=state.key(page, "make_lesson"), icon="📝"):
        draft.load(lesson_from_upload(located, events, mode, upload_name(page)))
        st.switch_page(LESSONS_PAGE)
