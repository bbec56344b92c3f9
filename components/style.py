"""Page styling shared by every page: the big date label, legend rows, presentation type sizes."""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
.atlas-date {font-size: 2.4rem; font-weight: 700; line-height: 1.1; margin: 0.2rem 0 0.4rem 0;}
.atlas-legend {display: flex; flex-wrap: wrap; font-size: 0.9rem;}
.atlas-symbol {background: none; border: none;}
</style>
"""


def apply_style(extra_css: str = "") -> None:
    st.markdown(CSS + (f"<style>{extra_css}</style>" if extra_css else ""), unsafe_allow_html=True)
