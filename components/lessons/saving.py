"""Saving the lesson: the first save gives a pupil code and a secret teacher link (/lessons?teacher=TOKEN);
opening that link in any browser brings the whole lesson back for editing."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from components import state
from components.lessons import draft
from components.lessons.store import lesson_store, unavailable
from core.lessons.codes import token_digest
from core.lessons.store import LessonTooLargeError, StoreUnavailableError
from core.text.i18n import escape

LINK_PARAM = "teacher"


def open_from_link() -> None:
    """?teacher=TOKEN: load that lesson once per token (a wrong or old link says so and changes nothing)."""
    _load_link(state.url_params().get(LINK_PARAM))
    if state.get(draft.PAGE, "link_unknown"):
        st.error(
            state.text(
                "No lesson belongs to this teacher link. Check that the whole link was copied.",
                "Bij deze docentenlink hoort geen les. Controleer of de hele link gekopieerd is.",
            )
        )


def _load_link(token: str | None) -> None:
    if not token or token == state.get(draft.PAGE, "link_opened"):
        return
    state.put(draft.PAGE, "link_opened", token)
    if token_digest(token) is None:  # cannot be a teacher token: no database work
        state.put(draft.PAGE, "link_unknown", True)
        return
    store = lesson_store()
    if store is None:
        return
    try:
        stored = store.for_teacher(token)
    except StoreUnavailableError:
        unavailable()
        return
    if stored is None:
        state.put(draft.PAGE, "link_unknown", True)
        return
    state.put(draft.PAGE, "link_unknown", False)
    draft.load(stored.lesson, token, stored.code)


def _save() -> None:
    lesson, token = draft.draft(), draft.token()
    store = lesson_store()
    state.put(draft.PAGE, "save_error", None)
    if store is None:
        return
    try:
        if token and store.save(token, lesson):
            draft.mark_saved(lesson, token, draft.code())
        else:
            keys = store.create(lesson)
            draft.mark_saved(lesson, keys.teacher_token, keys.code)
        state.put(draft.PAGE, "link_unknown", False)
    except StoreUnavailableError:
        state.put(draft.PAGE, "save_error", "unavailable")
    except LessonTooLargeError:
        state.put(draft.PAGE, "save_error", "too_large")


def teacher_link(token: str) -> str:
    """The address of this page with ?teacher=TOKEN (absolute when the browser's address is known)."""
    address = urlsplit(st.context.url or "")
    path = address.path if address.path.endswith("/lessons") else "/lessons"
    return urlunsplit((address.scheme, address.netloc, path, f"{LINK_PARAM}={token}", ""))


def save_panel() -> None:
    lesson = draft.draft()
    if lesson is None:
        return
    st.button(
        state.text("Save the lesson", "Les bewaren"),
        key=draft.widget_key("save"),
        on_click=_save,
        type="primary",
        disabled=not lesson.chapters,
        icon="💾",
    )
    error = state.get(draft.PAGE, "save_error")
    if error == "unavailable":
        unavailable()
    elif error == "too_large":
        st.error(state.text("The lesson is too large to save: make it shorter.", "De les is te groot om te bewaren: maak hem korter."))
    token = draft.token()
    state.write_url({LINK_PARAM: token})  # a new, unsaved lesson has no link yet
    if token:
        _keys(token, draft.code())
    if draft.unsaved() and token:
        st.caption(state.text("Changes not saved yet.", "Wijzigingen nog niet bewaard."))


def _keys(token: str, code: str) -> None:
    with st.container(key="lesson-keys", border=True):
        st.markdown(state.text("**Pupil code** (pupils type it to join):", "**Leerlingcode** (leerlingen typen die om mee te doen):"))
        st.markdown(f'<p class="lesson-code" data-testid="lesson-code">{escape(code)}</p>', unsafe_allow_html=True)
        st.markdown(
            state.text(
                "**Your teacher link** (open it at school to present or edit):",
                "**Je docentenlink** (open die op school om te presenteren of te bewerken):",
            )
        )
        st.code(teacher_link(token), language=None)
        st.link_button(state.text("▶ Present this lesson to the class", "▶ Presenteer deze les aan de klas"), f"present?teacher={token}")
        st.caption(
            state.text(
                "Keep the teacher link to yourself: anyone who has it can change the lesson and see the answers. "
                "The pupil code only lets pupils follow and answer.",
                "Houd de docentenlink voor jezelf: wie hem heeft, kan de les veranderen en de antwoorden zien. "
                "Met de leerlingcode kunnen leerlingen alleen meekijken en antwoorden.",
            )
        )
