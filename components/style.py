"""Page styling shared by every page: the big date label, legend rows, presentation type sizes."""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
.atlas-date {font-size: 2.4rem; font-weight: 700; line-height: 1.1; margin: 0.2rem 0 0.4rem 0;}
.atlas-legend {display: flex; flex-wrap: wrap; font-size: 0.9rem;}
.atlas-symbol {background: none; border: none;}
/* Readable and reachable (issue 16): captions at AA contrast; from 360 px up the map page shows the map and its
   player in the first screen (the frame follows the window's height, core.render.map_scripts.FillFrame). */
div[data-testid="stCaptionContainer"] {opacity: 1;}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color: #4d505b;}
[data-testid="stMainBlockContainer"] {padding-top: 4rem;}
[data-testid="stMainBlockContainer"] h1 {font-size: clamp(1.5rem, 2.2vw, 2.5rem); padding-top: 0.25rem;}
.st-key-map-frame iframe {height: clamp(320px, calc(100svh - 9.5rem), 620px) !important;}
@media (max-width: 640px) {.atlas-date {font-size: 1.7rem;}}
</style>
"""


def apply_style(extra_css: str = "") -> None:
    st.markdown(CSS + (f"<style>{extra_css}</style>" if extra_css else ""), unsafe_allow_html=True)
