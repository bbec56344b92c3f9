"""Present page: a guided story for the classroom that fills the projector; clicker keys turn chapters, and
?view=presenter is the teacher's window (notes, next chapter) kept on the same chapter."""

import streamlit as st

from components import data, presentation, state
from components.attribution import show_attribution
from components.join_code import show_join_code
from components.lessons import run_panel
from components.lessons.lesson_map import lesson_map
from components.map_panel import show_map
from components.style import apply_style
from core.render.map_scripts import ClearLabels, FillFrame, PresenterKeys, highlight_labels
from core.render.mapping import build_base_map

PAGE = "present"

lang = state.language_switch()
apply_style(presentation.present_css(PAGE))
data.ensure_static_files()
data.atlas_or_stop()
lesson = run_panel.open_lesson(PAGE)  # /present?teacher=TOKEN: a saved lesson, run with the class
mapped = lesson_map(lesson.lesson if lesson else None)  # the atlas, or the lesson's own data
chapters = run_panel.lesson_slides(lesson, mapped) if lesson else presentation.story_or_stop(PAGE)
if lesson:
    run_panel.resume_chapter(PAGE, lesson)
state.open_view(PAGE, chapters=len(chapters))
view = state.view(PAGE).mode

state.show_notices(PAGE)
show_join_code()
presentation.key_turner(PAGE, chapters)
number = presentation.chapter_nav(PAGE, len(chapters))
chapter = chapters[number - 1]
run = run_panel.lead(lesson, number) if lesson else None

if view == presentation.PRESENTER:
    presentation.presenter_view(chapters, number, mapped.period)
    if lesson:
        run_panel.presenter_panel(PAGE, lesson, number, run)
else:
    left, right = st.columns([2.3, 1], gap="medium")
    with left, st.container(key="present-map"):
        layer = mapped.layer(chapter.month, lang, set(chapter.highlight))
        for label in highlight_labels(mapped.atlas.places, chapter.highlight, lang):
            label.add_to(layer)
        base = build_base_map(lang=lang).add_child(PresenterKeys()).add_child(FillFrame()).add_child(ClearLabels())
        show_map(base, layer, key=f"{PAGE}-map", center=chapter.center, zoom=chapter.zoom, height=presentation.MAP_HEIGHT)
        # the slide rings the chapter's places, not the month's events; a 1024x768 slide has no room for more rows
        mapped.legend(supporting=False)
    with right:
        presentation.show_chapter(chapter, mapped.period)
        if lesson:
            run_panel.controls(PAGE, lesson, number, run)
            run_panel.projector_panel(PAGE, lesson, number, run)
            run_panel.presenter_link(PAGE, lesson, number)

presentation.teacher_tools(PAGE, set(mapped.atlas.places["place_id"]), view, number)
show_attribution()
