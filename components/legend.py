"""The legend, drawn in Streamlit (branca legends would pull d3 from a CDN)."""

from __future__ import annotations

import streamlit as st

from components.state import language, text
from core.constants import CONTROLLERS, STATUS_LOOKS
from core.i18n import pick, status_legend
from core.symbols import ATTACK_SYMBOL, place_symbol


def _item(svg: str, label: str) -> str:
    return (
        f'<span style="display:inline-flex;align-items:center;margin:0 14px 6px 0">{svg}<span style="margin-left:4px">{label}</span></span>'
    )


def show_legend(controllers: list[str] | None = None) -> None:
    """Holders (colour + shape), states (outline) and attacks; only our own SVG reaches HTML."""
    lang = language()
    codes = controllers or [c for c in CONTROLLERS if c != "GOV"]
    holders = "".join(_item(place_symbol(c), pick(lang, CONTROLLERS[c].name_en, CONTROLLERS[c].name_nl)) for c in codes)
    states = "".join(
        [
            *(_item(place_symbol("IQ" if status == "besieged" else "IS", status), status_legend(status, lang)) for status in STATUS_LOOKS),
            _item(place_symbol("IS", "held", highlighted=True), text("event this month (red ring)", "gebeurtenis deze maand (rode ring)")),
            _item(ATTACK_SYMBOL, text("attack", "aanslag")),
        ]
    )
    st.markdown(f'<div class="atlas-legend">{holders}</div><div class="atlas-legend">{states}</div>', unsafe_allow_html=True)
