"""The chapter on the map while it is edited: its month's (or day's) control, its highlighted places named, its view."""

from __future__ import annotations

import streamlit as st

from components import state
from components.lessons.lesson_map import LessonMap
from components.map_panel import show_map
from components.timeline import date_label
from core.lessons.editing import chapter_view
from core.lessons.model import Chapter
from core.render.map_scripts import highlight_labels
from core.render.mapping import build_base_map

MAP_HEIGHT = 520


def show_chapter_map(chapter: Chapter, mapped: LessonMap) -> None:
    step = mapped.step(chapter.month)
    if step is None:  # only a hand-made file can hold one; the checks name it
        st.info(state.text("Choose a month to see the chapter on the map.", "Kies een maand om het hoofdstuk op de kaart te zien."))
        return
    lang = state.language()
    layer = mapped.layer(step, lang, set(chapter.highlight))
    for label in highlight_labels(mapped.atlas.places, chapter.highlight, lang):
        label.add_to(layer)
    center, zoom = chapter_view(chapter, mapped.atlas.places)
    date_label(step, mapped.period)
    show_map(build_base_map(), layer, key=state.key("lessons", "map"), center=center, zoom=zoom, height=MAP_HEIGHT)
    mapped.legend()
