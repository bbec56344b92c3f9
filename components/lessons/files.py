"""Lessons as CSV files: import one (a story file works too) and export the draft (core.lessons.lesson_csv)."""

from __future__ import annotations

import streamlit as st

from components import state
from components.lessons import draft
from core.ingest.csv_text import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from core.ingest.story import StoryError, StoryProblem
from core.lessons.lesson_bundle import is_bundle, read_bundle, write_bundle
from core.lessons.lesson_csv import read_lesson, write_lesson
from core.lessons.model import Lesson
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
        lesson = read_bundle(raw, uploaded.name) if is_bundle(raw) else read_lesson(raw, uploaded.name)
    except StoryError as error:
        state.put(draft.PAGE, "import_problems", list(error.problems))
        return
    keep_token, keep_code = draft.token(), draft.code()
    draft.load(lesson)
    if keep_token:  # importing into a saved lesson: saving replaces it, the links stay the same
        draft.mark_saved(None, keep_token, keep_code)


def csv_panel() -> None:
    problems = state.get(draft.PAGE, "import_problems", [])
    with st.expander(state.text("Import or export as a file", "Importeren of exporteren als bestand"), expanded=bool(problems)):
        st.file_uploader(
            state.text(
                "Import a lesson or story file (CSV, or ZIP with its data)",
                "Importeer een les- of verhaalbestand (CSV, of ZIP met de data)",
            ),
            type=["csv", "zip"],
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
            _export(lesson)


def _export(lesson: Lesson) -> None:
    """A lesson on the atlas as CSV; one on its own data as a ZIP with the data, so importing it loses nothing."""
    if lesson.data is None:
        label, content, name, mime = (
            state.text("Export this lesson (CSV)", "Exporteer deze les (CSV)"),
            write_lesson(lesson).encode("utf-8"),
            "lesson.csv",
            "text/csv",
        )
        note = state.text(
            "The file opens in a spreadsheet and can be imported here again.",
            "Het bestand opent in een spreadsheet en kan hier weer geïmporteerd worden.",
        )
    else:
        label, content, name, mime = (
            state.text("Export this lesson with its data (ZIP)", "Exporteer deze les met de data (ZIP)"),
            write_bundle(lesson),
            "lesson.zip",
            "application/zip",
        )
        note = state.text(
            "The ZIP holds the lesson (lesson.csv) and your data (places.csv, events.csv); import it here again as it is.",
            "De ZIP bevat de les (lesson.csv) en je data (places.csv, events.csv); importeer hem hier weer zoals hij is.",
        )
    st.download_button(label, content, file_name=name, mime=mime, key=draft.widget_key("export"))
    st.caption(note)
