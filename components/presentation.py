"""Classroom presentation: projector styling, chapter stepping (buttons and arrow keys), story upload."""

from __future__ import annotations

import streamlit as st

from components import state
from components.timeline import date_label
from core.i18n import markdown_escape
from core.story import Chapter, StoryError, load_story, parse_story, unknown_place_warnings

MAP_HEIGHT = 600  # px; about 70% of a 1366x768 or 1280x800 projector once the title row is shown
BUILT_IN_SOURCE = "data/story.csv"

# Projector mode: no header toolbar, no sidebar (the teacher tools can bring them back), big type.
CHROME_CSS = """
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {display: none !important;}
[data-testid="stMainBlockContainer"] {padding-top: 1.2rem;}
"""
PRESENT_CSS = """
[data-testid="stMainBlockContainer"] {max-width: 100%; color: #000;}
.st-key-present-head h1 {font-size: 3rem; line-height: 1.15; padding: 0; color: #000;}
.st-key-present-text p, .st-key-present-text li {font-size: 1.6rem; line-height: 1.4; color: #000;}
.st-key-present-text [data-testid="stExpander"] p {font-size: 1.4rem;}
.st-key-present-nav button {min-height: 3.2rem;}
.st-key-present-nav button p {font-size: 1.4rem; font-weight: 600;}
.st-key-present-nav [data-testid="stProgress"] p {font-size: 1.3rem; color: #000;}
"""


def present_css(page: str) -> str:
    """Big, high-contrast type always; chrome hidden unless the teacher asked for the menu."""
    return PRESENT_CSS + ("" if state.get(page, "chrome", False) else CHROME_CSS)


@st.cache_data(show_spinner=False)
def built_in_story() -> list[Chapter]:
    return load_story()


def _show_problems(intro: str, problems: list[str]) -> None:
    st.error(intro + "\n\n" + "\n".join(f"- {markdown_escape(p)}" for p in problems))


def story_or_stop(page: str) -> list[Chapter]:
    """The uploaded story of this session if any, else the built-in one (a broken file stops with its problems)."""
    uploaded = state.get(page, "story")
    if uploaded:
        return uploaded
    try:
        return built_in_story()
    except StoryError as error:
        _show_problems(
            state.text(f"The story file {BUILT_IN_SOURCE} has problems:", f"Het verhaalbestand {BUILT_IN_SOURCE} heeft fouten:"),
            [p.text(state.language()) for p in error.problems],
        )
        st.stop()


def _clamp(number: int, count: int) -> int:
    return min(max(number, 1), count)


def _go_to(page: str, number: int) -> None:
    state.update_view(page, chapter=number)


def _step(page: str, delta: int, count: int) -> None:
    _go_to(page, _clamp(state.view(page).chapter + delta, count))


def chapter_nav(page: str, count: int) -> int:
    """Previous/Next buttons (also the Left/Right arrow keys) and progress; returns the 1-based chapter."""
    number = _clamp(state.view(page).chapter, count)
    with st.container(key="present-nav"):
        back, progress, forward = st.columns([1.2, 6, 1.2], vertical_alignment="center")
        back.button(
            state.text("◀ Previous", "◀ Vorige"),
            key=state.key(page, "previous"),
            on_click=_step,
            args=(page, -1, count),
            disabled=number == 1,
            shortcut="Left",
            width="stretch",
        )
        forward.button(
            state.text("Next ▶", "Volgende ▶"),
            key=state.key(page, "next"),
            on_click=_step,
            args=(page, 1, count),
            disabled=number == count,
            shortcut="Right",
            type="primary",
            width="stretch",
        )
        progress.progress(number / count, text=state.text(f"Chapter {number} of {count}", f"Hoofdstuk {number} van {count}"))
    return number


def chapter_title(chapter: Chapter) -> None:
    with st.container(key="present-head"):
        st.title(markdown_escape(chapter.title(state.language())), anchor=False)


def show_chapter(chapter: Chapter) -> None:
    """The month in big type, the chapter text, and the teacher note folded away for the projector."""
    lang = state.language()
    with st.container(key="present-text"):
        date_label(chapter.month)
        st.markdown(markdown_escape(chapter.text(lang)))
        note = chapter.teacher_note(lang)
        if note:
            with st.expander(state.text("Teacher note", "Notitie voor de docent"), expanded=False):
                st.markdown(markdown_escape(note))


def _on_upload(page: str) -> None:
    """Validate an uploaded story; keep it for this session only, or keep its problems to show."""
    uploaded = st.session_state.get(state.key(page, "upload"))
    state.put(page, "upload_problems", [])
    try:
        story = parse_story(uploaded.getvalue(), uploaded.name) if uploaded is not None else None
    except StoryError as error:
        state.put(page, "upload_problems", list(error.problems))  # told in the language shown when drawn
        return  # a broken file changes nothing: the class keeps the story and chapter it was on
    state.put(page, "story", story)
    _go_to(page, 1)


def teacher_tools(page: str, place_ids: set[str]) -> None:
    """Folded away at the bottom: the menu toggle, story upload with its errors and warnings."""
    with st.expander(state.text("Teacher tools", "Docententools"), expanded=False):
        st.toggle(
            state.text("Show the menu and sidebar (language, pages)", "Toon menu en zijbalk (taal, pagina's)"),
            key=state.key(page, "chrome"),
        )
        st.caption(
            state.text(
                "Step with the ◀ ▶ buttons or the Left/Right arrow keys (click beside the map first). "
                "Share the address bar: it opens this chapter (add &lang=nl for Dutch).",
                "Blader met de knoppen ◀ ▶ of de pijltjestoetsen links/rechts (klik eerst naast de kaart). "
                "Deel de adresbalk: die opent dit hoofdstuk (voeg &lang=nl toe voor Nederlands).",
            )
        )
        st.file_uploader(
            state.text("Your own story (CSV, see data/STORY.md)", "Je eigen verhaal (CSV, zie data/STORY.md)"),
            type=["csv"],
            key=state.key(page, "upload"),
            on_change=_on_upload,
            args=(page,),
        )
        problems = state.get(page, "upload_problems", [])
        if problems:
            _show_problems(
                state.text("This story cannot be used:", "Dit verhaal kan niet gebruikt worden:"),
                [p.text(state.language()) for p in problems],
            )
        source = state.text("your uploaded story", "je geüploade verhaal") if state.get(page, "story") else BUILT_IN_SOURCE
        st.caption(state.text(f"Showing {source}.", f"Getoond: {source}."))
        warnings = unknown_place_warnings(story_or_stop(page), place_ids, state.language())
        if warnings:
            st.warning("\n".join(f"- {markdown_escape(w)}" for w in warnings))
