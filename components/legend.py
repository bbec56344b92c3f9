"""The legend, drawn in Streamlit (branca legends would pull d3 from a CDN); entries from core.render.legend."""

from __future__ import annotations

import streamlit as st

from components import data
from components.state import language
from core.codes.sides import Sides
from core.render.legend import HOLDER, entry_svg, legend_entries
from core.text.i18n import escape


def _item(svg: str, label: str) -> str:
    return f'<span style="display:inline-flex;align-items:center;margin:0 14px 6px 0">{svg}<span style="margin-left:4px">{escape(label)}</span></span>'


def show_legend(
    controllers: list[str] | None = None,
    events: bool = True,
    territory: bool = True,
    sides: Sides | None = None,
    supporting: bool | None = None,
) -> None:
    """Holders (colour + shape), states (outline), the month's events, attacks and the territory shading
    (present mode leaves out what its slide does not draw); `sides`: the dataset's (default: the atlas's, with its
    supporting places unless `supporting` is False); only our own SVG reaches HTML."""
    supporting = sides is None if supporting is None else supporting
    entries = legend_entries(
        language(), sides or data.atlas().sides, controllers, events=events, territory=territory, supporting=supporting
    )
    holders = "".join(_item(entry_svg(e), e.label) for e in entries if e.kind == HOLDER)
    others = "".join(_item(entry_svg(e), e.label) for e in entries if e.kind != HOLDER)
    st.markdown(f'<div class="atlas-legend">{holders}</div><div class="atlas-legend">{others}</div>', unsafe_allow_html=True)
