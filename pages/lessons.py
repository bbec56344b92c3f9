"""Lessons page: build a lesson chapter by chapter (month, view, places, text in EN/NL, teacher note, question),
see each chapter on the map as it is edited, check it, save it (pupil code + secret teacher link), CSV in and out."""

import streamlit as st

from components import data, state
from components.attribution import show_attribution
from components.lessons import chapter_form, chapters, draft, saving
from components.lessons.chapter_map import show_chapter_map
from components.lessons.checks import show_checks
from components.lessons.files import csv_panel
from components.lessons.lesson_map import lesson_map, show_data_note
from components.style import apply_style

LESSON_CSS = """
.lesson-code {font-size: 2.6rem; font-weight: 700; letter-spacing: 0.3rem; font-family: monospace; margin: 0;}
[data-testid="stCaptionContainer"] {opacity: 1 !important; color: #4a4c55 !important;}
"""  # captions without Streamlit's fading: 4.5:1 contrast (WCAG AA)

state.language_switch()
apply_style(LESSON_CSS)
data.ensure_static_files()
data.atlas_or_stop()
st.title(state.text("Lessons", "Lessen"), anchor=False)
st.caption(
    state.text(
        "Build a lesson at home, save it, and open your teacher link at school to present it.",
        "Maak thuis een les, bewaar hem en open op school je docentenlink om hem te presenteren.",
    )
)

saving.open_from_link()
chapters.start_choices()
lesson = draft.draft()
if lesson is not None:
    mapped = lesson_map(lesson)  # the atlas, or the lesson's own data (places, dates, sides)
    show_data_note(lesson)
    chapters.lesson_title()
    index = chapters.chapter_picker()
    if index is not None:
        form, preview = st.columns([1, 1.15], gap="medium")
        with form:
            chapter = chapter_form.edit_chapter(index, mapped)
        with preview:
            show_chapter_map(chapter, mapped)
    show_checks(draft.draft())
    saving.save_panel()
csv_panel()
show_attribution()
