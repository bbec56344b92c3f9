"""Join page (/join?code=…): a pupil follows the teacher's lesson on their own device and answers its questions."""

import streamlit as st

from components import data, state
from components.lessons import pupil
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
pupil.nickname_box()
screen = pupil.current_screen(code, lesson)
state.put(pupil.PAGE, "shown", screen)
state.put(pupil.PAGE, "ticked", False)
pupil.follow(code, lesson)  # the chapter, its question and the map's cue: a timed fragment
if screen is not None:
    pupil.pupil_map(lesson)  # drawn once per page run; it follows the chapter in the browser
pupil.privacy_statement()
