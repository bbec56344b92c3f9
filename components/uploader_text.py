"""The file uploader's own words (its button and its size line) in the page's language.

Stack note (streamlit 1.67): `st.file_uploader` has no parameter for its built-in strings ("Upload" on the button,
"2MB per file • CSV, TXT" under it); a request to add one is open (streamlit/streamlit#13500) and a pull request
that added `browseButtonText`/`dragAndDropText` was closed unmerged (#10042). So the built-in text is set to size 0
and CSS generated content (`::after`) shows ours; the selectors are Streamlit's test ids, which a browser test
(tests/e2e/test_reading_browser.py) checks, so an upgrade that renames them fails loudly."""

from __future__ import annotations

import json

import streamlit as st

from components import state
from core.text.i18n import pick

DROPZONE = '[data-testid="stFileUploaderDropzone"]'


def uploader_css(lang: str, max_mb: int, types: tuple[str, ...]) -> str:
    """CSS that replaces the uploader's button text and size line (JSON-quoted, so no text can end the rule)."""
    button = json.dumps(pick(lang, "Choose a file", "Kies een bestand"), ensure_ascii=False)
    limit = json.dumps(
        pick(lang, f"at most {max_mb} MB per file", f"hooguit {max_mb} MB per bestand") + " • " + ", ".join(types), ensure_ascii=False
    )
    return (
        f'{DROPZONE} button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}'
        f'{DROPZONE} button [data-testid="stMarkdownContainer"] p::after {{ content: {button}; font-size: 1rem; }}'
        f'{DROPZONE} [data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}'
        f'{DROPZONE} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: {limit}; font-size: 0.875rem; }}'
    )


def localise_uploaders(max_mb: int, types: tuple[str, ...]) -> None:
    """Put before the page's uploaders: their built-in English words in the page's language."""
    st.html(f"<style>{uploader_css(state.language(), max_mb, types)}</style>")
