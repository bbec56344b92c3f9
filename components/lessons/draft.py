"""The lesson being edited in this session: the draft, the chapter shown, and the keys of the form's widgets.

Widget keys carry a generation number that changes whenever chapters are added, removed, moved or a whole
lesson is loaded, so every widget is seeded again from the draft instead of showing another chapter's text.
"""

from __future__ import annotations

from components import state
from core.lessons.model import Lesson

PAGE = "lessons"


def draft() -> Lesson | None:
    return state.get(PAGE, "draft")


def chapter_index() -> int:
    lesson = draft()
    count = len(lesson.chapters) if lesson else 0
    return min(max(state.get(PAGE, "chapter", 0), 0), max(count - 1, 0))


def generation() -> int:
    return state.get(PAGE, "generation", 0)


def widget_key(name: str, index: int | None = None) -> str:
    """The session key of a form widget: the same across reruns, new when the chapters change."""
    return state.key(PAGE, f"g{generation()}." + (f"{index}." if index is not None else "") + name)


def put_draft(lesson: Lesson, chapter: int | None = None, reseed: bool = True) -> None:
    """The draft changed: keep it; with `reseed` (chapters added, moved, loaded) the form starts again from it."""
    state.put(PAGE, "draft", lesson)
    if chapter is not None:
        state.put(PAGE, "chapter", chapter)
    if reseed:
        state.put(PAGE, "generation", generation() + 1)


def load(lesson: Lesson, token: str | None = None, code: str | None = None) -> None:
    """A whole lesson arrives (started, imported, opened from a teacher link): it replaces the draft."""
    put_draft(lesson, chapter=0)
    state.put(PAGE, "token", token)
    state.put(PAGE, "code", code)
    state.put(PAGE, "saved", lesson if token else None)


def token() -> str | None:
    return state.get(PAGE, "token")


def code() -> str | None:
    return state.get(PAGE, "code")


def mark_saved(lesson: Lesson, token: str, code: str) -> None:
    state.put(PAGE, "token", token)
    state.put(PAGE, "code", code)
    state.put(PAGE, "saved", lesson)


def unsaved() -> bool:
    return draft() is not None and draft() != state.get(PAGE, "saved")
