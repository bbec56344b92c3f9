"""Source attribution shown under every map (the credits themselves live in core/text/attribution.py)."""

from __future__ import annotations

import streamlit as st

from components.state import language
from core.text.attribution import credits_markdown


def show_attribution(tiles: str | None = None) -> None:
    st.caption(credits_markdown(language(), tiles))
