"""The lesson's problems as plain messages in the user's language (core.lessons.check), or that there are none."""

from __future__ import annotations

import streamlit as st

from components import data, state
from components.lessons.lesson_map import lesson_map
from core.lessons.check import check_lesson
from core.lessons.model import Lesson
from core.text.i18n import markdown_escape


def show_checks(lesson: Lesson) -> None:
    mapped = lesson_map(lesson)
    atlas = mapped.atlas
    if mapped.own:  # the data's places, sides and timeline; `expect` is the built-in story's
        problems = check_lesson(lesson, set(atlas.places["place_id"]), None, atlas.sides, mapped.period)
    else:
        problems = check_lesson(lesson, set(atlas.places["place_id"]), data.month_state, atlas.sides)
    lang = state.language()
    with st.container(key="lesson-checks"):
        if not problems:
            st.success(state.text("Checked: no problems found.", "Gecontroleerd: geen problemen gevonden."), icon="✅")
            return
        intro = state.text(f"{len(problems)} thing(s) to fix before class:", f"{len(problems)} punt(en) om te verbeteren voor de les:")
        st.warning(intro + "\n\n" + "\n".join(f"- {markdown_escape(p.text(lang))}" for p in problems))
