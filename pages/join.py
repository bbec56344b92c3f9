"""Join page (/join?code=…): a pupil follows the teacher's lesson on their own device and answers its questions."""

import streamlit as st

from components import data, state
from components.lessons import pupil
from components.lessons.lesson_map import lesson_map
from components.style import apply_style

lang = state.language_switch()
apply_style()
data.ensure_static_files()
data.atlas_or_stop()

st.title(state.text("Join the lesson", "Doe mee met de les"), anchor=False)
joined = pupil.joined_lesson()
pupil.show_problem()
if joined is None:
    pupil.code_box()
    pupil.privacy_statement()
    st.stop()

code, lesson = joined
mapped = lesson_map(lesson)  # what the pupil's map is given: the atlas, or the lesson's own data
nickname = pupil.nickname_box()
screen = pupil.current_screen(code, lesson)
state.put(pupil.PAGE, "shown", screen.signature if screen else None)
pupil.follow(code, lesson)
if screen is None:
    st.info(pupil.message("not_started", lang), icon="⏳")
else:
    chapter = pupil.show_chapter(lesson, screen, mapped)
    pupil.answer_form(code, chapter, screen, nickname, mapped)
pupil.privacy_statement()
