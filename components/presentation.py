"""Classroom presentation: projector styling, chapter stepping (buttons, arrows, clicker keys), the presenter
view in a second window, story upload."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import streamlit as st

from components import state
from components.timeline import date_label
from components.uploader_text import localise_uploaders
from core.ingest.csv_text import MAX_UPLOAD_MB
from core.ingest.story import Chapter, StoryError, load_story, parse_story, unknown_place_warnings
from core.model.period import ATLAS_PERIOD, Period
from core.model.views import PresentView
from core.render.map_scripts import KEY_MESSAGE, NEXT_KEYS, PREVIOUS_KEYS
from core.text.i18n import markdown_escape

MAP_HEIGHT = 600  # px the component asks for; PRESENT_CSS sizes the frame to the window instead
BUILT_IN_SOURCE = "data/story.csv"
SLIDE, PRESENTER = PresentView.MODES  # ?view=presenter: the teacher's window (notes and what comes next)
KEYS_SCRIPT = Path(__file__).with_name("present_keys.js")

# Projector mode: no header toolbar, no sidebar (the teacher tools can bring them back), big type.
CHROME_CSS = """
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {display: none !important;}
[data-testid="stMainBlockContainer"] {padding-top: 0.5rem;}
"""
# The map frame is sized to the window (st_folium only takes pixels): the whole slide fits from 1024x768 up.
PRESENT_CSS = """
[data-testid="stMainBlockContainer"] {max-width: 100%; color: #000; padding-left: 1.5rem; padding-right: 1.5rem;}
.st-key-present-head h1 {font-size: clamp(1.9rem, 3vw, 3rem); line-height: 1.15; padding: 0; color: #000;}
.st-key-present-text p, .st-key-present-text li {font-size: clamp(1.2rem, 1.35vw + 0.5rem, 1.6rem); line-height: 1.4; color: #000;}
.st-key-present-text {max-height: calc(100vh - 6.5rem); overflow-y: auto;}
.st-key-present-map iframe {height: calc(100vh - 19rem) !important; min-height: 320px;}
.st-key-present-map .atlas-legend {display: contents; font-size: 1.125rem; color: #000;}
.st-key-present-map [data-testid="stMarkdownContainer"]:has(.atlas-legend) {line-height: 1.5;}
.st-key-present-nav button {min-height: 3.2rem;}
.st-key-present-nav button p {font-size: clamp(1rem, 1.4vw, 1.4rem); font-weight: 600;}
.st-key-present-nav [data-testid="stProgress"] p {font-size: 1.3rem; color: #000;}
.st-key-present-notes p, .st-key-present-notes li {font-size: 1.5rem; line-height: 1.4;}
.st-key-present-keys {display: none;}
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


def story_channel(chapters: list[Chapter]) -> str:
    """The BroadcastChannel name of a story: two windows follow each other only when they show the same one."""
    digest = hashlib.sha256("\n".join(f"{c.id}|{c.month}|{c.title_en}" for c in chapters).encode()).hexdigest()[:12]
    return f"territory-atlas-present-{digest}"


@cache
def _keys_component():
    return st.components.v2.component("atlas_present_keys", js=KEYS_SCRIPT.read_text(encoding="utf-8"))


def _on_turn(page: str, count: int) -> None:
    """A chapter the browser counted to (keys, clicker, the other window): adopt it and remember its number."""
    turn = (st.session_state.get(state.key(page, "keys")) or {}).get("turn") or {}
    if isinstance(turn.get("chapter"), int) and isinstance(turn.get("seq"), int):
        state.put(page, "seq", turn["seq"])
        _go_to(page, _clamp(turn["chapter"], count))


def key_turner(page: str, chapters: list[Chapter]) -> None:
    """Invisible: turns chapters with the arrows, PageUp/PageDown and Space, even after a click on the map,
    without losing quick presses, and keeps a presenter window and the projected window on one chapter."""
    count = len(chapters)
    keys = {**dict.fromkeys(NEXT_KEYS, 1), **dict.fromkeys(PREVIOUS_KEYS, -1)}
    data = {
        "chapter": _clamp(state.view(page).chapter, count),
        "seq": state.get(page, "seq", 0),
        "count": count,
        "keys": keys,
        "field": KEY_MESSAGE,
        "channel": story_channel(chapters),
        "text_name": state.text("Chapter text", "Hoofdstuktekst"),
    }
    with st.container(key="present-keys"):
        _keys_component()(key=state.key(page, "keys"), data=data, on_turn_change=lambda: _on_turn(page, count), height=0)


def leave_link() -> None:
    """Always visible: back to the map page, in the same language."""
    st.page_link("pages/map.py", label=state.text("Leave present mode", "Presentatie verlaten"), icon="✖️")


def chapter_nav(page: str, count: int) -> int:
    """Previous/Next buttons, progress and the way out; returns the 1-based chapter."""
    number = _clamp(state.view(page).chapter, count)
    with st.container(key="present-nav"):
        back, progress, forward, leave = st.columns([1.4, 4.6, 1.4, 1.6], vertical_alignment="center")
        back.button(
            state.text("◀ Previous", "◀ Vorige"),
            key=state.key(page, "previous"),
            on_click=_step,
            args=(page, -1, count),
            disabled=number == 1,
            width="stretch",
        )
        forward.button(
            state.text("Next ▶", "Volgende ▶"),
            key=state.key(page, "next"),
            on_click=_step,
            args=(page, 1, count),
            disabled=number == count,
            type="primary",
            width="stretch",
        )
        progress.progress(number / count, text=state.text(f"Chapter {number} of {count}", f"Hoofdstuk {number} van {count}"))
        with leave:
            leave_link()
    return number


def chapter_title(chapter: Chapter) -> None:
    with st.container(key="present-head"):
        st.title(markdown_escape(chapter.title(state.language())), anchor=False)


def show_chapter(chapter: Chapter, period: Period = ATLAS_PERIOD) -> None:
    """The title, the month (or day, on a lesson's own timeline) in big type and the chapter text (the teacher note is
    on the presenter view only)."""
    lang = state.language()
    with st.container(key="present-text"):
        chapter_title(chapter)
        date_label(chapter.month, period)
        st.markdown(markdown_escape(chapter.text(lang)))


def presenter_view(chapters: list[Chapter], number: int, period: Period = ATLAS_PERIOD) -> None:
    """The teacher's window: this chapter's note and what comes next (the projector shows the clean slide)."""
    lang = state.language()
    chapter = chapters[number - 1]
    with st.container(key="present-notes"):
        chapter_title(chapter)
        date_label(chapter.month, period)
        st.subheader(state.text("Teacher note", "Notitie voor de docent"), anchor=False)
        note = chapter.teacher_note(lang)
        st.markdown(markdown_escape(note) if note else state.text("No note for this chapter.", "Geen notitie bij dit hoofdstuk."))
        st.subheader(state.text("Next", "Volgende"), anchor=False)
        if number < len(chapters):
            following = chapters[number]
            st.markdown(f"**{markdown_escape(following.title(lang))}** · {markdown_escape(following.text(lang))}")
        else:
            st.markdown(state.text("This is the last chapter.", "Dit is het laatste hoofdstuk."))


def window_links(page: str, view: str, number: int) -> None:
    """Open the other window of the pair on this chapter; both then turn together (same browser)."""
    params = f"chapter={number}" + ("" if state.language() == "en" else f"&lang={state.language()}")
    if view == PRESENTER:
        label, url = state.text("Open the slide window (for the projector)", "Open het dia-venster (voor de beamer)"), f"{page}?{params}"
    else:
        label = state.text("Open the presenter view (notes, next chapter)", "Open de presentatorweergave (notities, volgend hoofdstuk)")
        url = f"{page}?{params}&view={PRESENTER}"
    st.link_button(label, url, icon="🪟")
    st.caption(
        state.text(
            "Drag one window to the projector; turning a chapter in either window turns both.",
            "Sleep één venster naar de beamer; een hoofdstuk verder in het ene venster gaat ook in het andere verder.",
        )
    )


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


def teacher_tools(page: str, place_ids: set[str], view: str, number: int) -> None:
    """Folded away at the bottom: the other window, the menu toggle, story upload with its errors and warnings."""
    with st.expander(state.text("Teacher tools", "Docententools"), expanded=view == PRESENTER):
        window_links(page, view, number)
        st.toggle(
            state.text("Show the menu and sidebar (language, pages)", "Toon menu en zijbalk (taal, pagina's)"),
            key=state.key(page, "chrome"),
        )
        st.caption(
            state.text(
                "Step with the ◀ ▶ buttons, the arrow keys, Page Up/Page Down or Space (what presenter clickers send). "
                "Share the address bar: it opens this chapter (add &lang=nl for Dutch).",
                "Blader met de knoppen ◀ ▶, de pijltjestoetsen, Page Up/Page Down of de spatiebalk (wat een presentatieklikker stuurt). "
                "Deel de adresbalk: die opent dit hoofdstuk (voeg &lang=nl toe voor Nederlands).",
            )
        )
        localise_uploaders(MAX_UPLOAD_MB, ("CSV",))
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
