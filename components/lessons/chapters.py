"""Starting a lesson (from the built-in story or from nothing), its title, and the list of chapters with the
buttons that add, move and delete them."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from components import state
from components.lessons import draft
from components.lessons.lesson_map import lesson_map
from core.lessons.editing import add_chapter, built_in_lesson, move_chapter, remove_chapter
from core.lessons.model import Lesson


def _start(from_story: bool) -> None:
    draft.load(built_in_lesson() if from_story else add_chapter(Lesson()))


def start_choices() -> None:
    """Two ways to begin; with a lesson open they sit folded away, as they replace it."""
    has_draft = draft.draft() is not None
    box = st.expander(state.text("Start a new lesson", "Begin een nieuwe les")) if has_draft else st.container()
    with box:
        if has_draft:
            st.caption(
                state.text(
                    "This replaces the lesson shown here (a saved lesson stays saved).",
                    "Dit vervangt de les die hier staat (een bewaarde les blijft bewaard).",
                )
            )
        left, right = st.columns(2)
        left.button(
            state.text("Start from the built-in story", "Begin met het ingebouwde verhaal"),
            key=draft.widget_key("from_story"),
            on_click=_start,
            args=(True,),
            width="stretch",
        )
        right.button(
            state.text("Start from nothing", "Begin met een lege les"),
            key=draft.widget_key("from_nothing"),
            on_click=_start,
            args=(False,),
            width="stretch",
        )


def _title_edited() -> None:
    lesson = draft.draft()
    en, nl = (st.session_state.get(draft.widget_key(f"lesson_title_{lang}"), "").strip() for lang in ("en", "nl"))
    draft.put_draft(replace(lesson, title_en=en, title_nl=nl), reseed=False)


def lesson_title() -> None:
    lesson = draft.draft()
    for lang, value in (("en", lesson.title_en), ("nl", lesson.title_nl)):
        key = draft.widget_key(f"lesson_title_{lang}")
        if key not in st.session_state:
            st.session_state[key] = value
    english, dutch = st.columns(2)
    english.text_input("Lesson title (English)", key=draft.widget_key("lesson_title_en"), max_chars=200, on_change=_title_edited)
    dutch.text_input("Titel van de les (Nederlands)", key=draft.widget_key("lesson_title_nl"), max_chars=200, on_change=_title_edited)


def _pick() -> None:
    state.put(draft.PAGE, "chapter", st.session_state[draft.widget_key("picker")])


def _change(step: str) -> None:
    lesson, index = draft.draft(), draft.chapter_index()
    if step == "add":
        draft.put_draft(add_chapter(lesson, index, lesson_map(lesson).first), chapter=index + 1)
    elif step == "delete":
        draft.put_draft(remove_chapter(lesson, index), chapter=max(index - 1, 0))
    else:
        by = -1 if step == "up" else 1
        moved = move_chapter(lesson, index, by)
        draft.put_draft(moved, chapter=index + by if moved is not lesson else index)


def chapter_picker() -> int | None:
    """The chapter being edited (0-based), chosen from the list; None when the lesson has no chapters."""
    lesson, index = draft.draft(), draft.chapter_index()
    lang = state.language()
    count = len(lesson.chapters)
    if count:
        st.session_state[draft.widget_key("picker")] = index
        st.selectbox(
            state.text(f"Chapter ({count} in this lesson)", f"Hoofdstuk ({count} in deze les)"),
            range(count),
            key=draft.widget_key("picker"),
            format_func=lambda i: f"{i + 1}. {lesson.chapters[i].title(lang) or state.text('(no title yet)', '(nog geen titel)')}",
            on_change=_pick,
        )
    buttons = st.columns(4)
    steps = (
        ("add", state.text("Add a chapter", "Hoofdstuk toevoegen"), ":material/add:", False),
        ("up", state.text("Earlier", "Eerder"), ":material/arrow_upward:", not count or index == 0),
        ("down", state.text("Later", "Later"), ":material/arrow_downward:", not count or index == count - 1),
        ("delete", state.text("Delete this chapter", "Dit hoofdstuk verwijderen"), ":material/delete:", not count),
    )
    for column, (step, label, icon, disabled) in zip(buttons, steps, strict=True):
        column.button(
            label, key=draft.widget_key(f"step_{step}"), icon=icon, on_click=_change, args=(step,), disabled=disabled, width="stretch"
        )
    return index if count else None
