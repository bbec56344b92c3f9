"""Lessons as CSV files: import one (a story file works too) and export the draft (core.lessons.lesson_csv)."""

from __future__ import annotations

import streamlit as st

from components import state
from components.lessons import draft
from core.ingest.csv_text import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from core.ingest.story import StoryError, StoryProblem
from core.lessons.lesson_csv import read_lesson, write_lesson
from core.text.i18n import markdown_escape


def _on_import() -> None:
    """A readable file replaces the draft; a broken one changes nothing and its problems are shown."""
    uploaded = st.session_state.get(draft.widget_key("import"))
    state.put(draft.PAGE, "import_problems", [])
    if uploaded is None:
        return
    raw = uploaded.getvalue()
    if len(raw) > MAX_UPLOAD_BYTES:
        too_large = StoryProblem(None, f"the file is larger than {MAX_UPLOAD_MB} MB", f"het bestand is groter dan {MAX_UPLOAD_MB} MB")
        state.put(draft.PAGE, "import_problems", [too_large])
        return
    try:
        lesson = read_lesson(raw, uploaded.name)
    except StoryError as error:
        state.put(draft.PAGE, "import_problems", list(error.problems))
        return
    keep_token, keep_code = draft.token(), draft.code()
    draft.load(lesson)
    if keep_token:  # importing into a saved lesson: saving replaces it, the links stay the same
        draft.mark_saved(None, keep_token, keep_code)


def csv_panel() -> None:
    problems = state.get(draft.PAGE, "import_problems", [])
    with st.expander(state.text("Import or export as CSV", "Importeren of exporteren als CSV"), expanded=bool(problems)):
        st.file_uploader(
            state.text("Import a lesson or story file (CSV)", "Importeer een les- of verhaalbestand (CSV)"),
            type=["csv"],
            key=draft.widget_key("import"),
            on_change=_on_import,
        )
        if problems:
            lines = "\n".join(f"- {markdown_escape(p.text(state.language()))}" for p in problems)
            st.error(
                state.text("This file cannot be used; nothing was changed:", "Dit bestand kan niet gebruikt worden; er is niets veranderd:")
                + "\n\n"
                + lines
            )
        lesson = draft.draft()
        if lesson is not None and lesson.chapters:
            st.download_button(
                state.text("Export this lesson (CSV)", "Exporteer deze les (CSV)"),
                write_lesson(lesson).encode("utf-8"),
                file_name="lesson.csv",
                mime="text/csv",
                key=draft.widget_key("export"),
            )
            st.caption(
                state.text(
                    "The file opens in a spreadsheet and can be imported here again.",
                    "Het bestand opent in een spreadsheet en kan hier weer geïmporteerd worden.",
                )
            )
