"""'Join this map': the class address and its QR code, shown when the app is served to a class (`make class`)."""

from __future__ import annotations

import os

import streamlit as st

from components.state import text
from core.render.join import JOIN_URL_VARIABLE, qr_svg
from core.text.i18n import escape


@st.cache_data(show_spinner=False)
def _code(url: str) -> str:
    return qr_svg(url)


def show_join_code() -> None:
    """Nothing under `make run`; under `make class` a folded panel with the address and a QR code to scan."""
    url = os.environ.get(JOIN_URL_VARIABLE, "")
    if not url.startswith("http://") and not url.startswith("https://"):
        return
    with st.expander(text("📱 Join this map: scan the code", "📱 Doe mee: scan de code"), expanded=False):
        st.markdown(f'<div data-testid="atlas-join-code" style="max-width:320px">{_code(url)}</div>', unsafe_allow_html=True)
        st.markdown(f"**{escape(url)}**")
        st.caption(
            text(
                "Same Wi-Fi as this computer; nothing is loaded from the internet.",
                "Zelfde wifi als deze computer; er wordt niets van internet geladen.",
            )
        )
