"""The chapter on the map while it is edited: its month's control, its highlighted places named, its view."""

from __future__ import annotations

import streamlit as st

from components import data, state
from components.control_map import month_layer
from components.legend import show_legend
from components.map_panel import show_map
from components.timeline import date_label
from core.codes.dates import parse_month
from core.lessons.editing import chapter_view
from core.lessons.model import Chapter
from core.render.map_scripts import highlight_labels
from core.render.mapping import build_base_map

MAP_HEIGHT = 520


def show_chapter_map(chapter: Chapter) -> None:
    month = parse_month(chapter.month)
    if month is None:  # only a hand-made file can hold one; the checks name it
        st.info(state.text("Choose a month to see the chapter on the map.", "Kies een maand om het hoofdstuk op de kaart te zien."))
        return
    lang = state.language()
    atlas = data.atlas()
    layer = month_layer(month, lang, highlighted=set(chapter.highlight))
    for label in highlight_labels(atlas.places, chapter.highlight, lang):
        label.add_to(layer)
    center, zoom = chapter_view(chapter, atlas.places)
    date_label(month)
    show_map(build_base_map(), layer, key=state.key("lessons", "map"), center=center, zoom=zoom, height=MAP_HEIGHT)
    show_legend(data.core_holders(), events=False)
