"""The app's menu from a server's very first run: Streamlit's legacy `pages/` mode, switched off at its root.

Streamlit decides at its first session whether the app is a legacy multipage app: `PagesManager.uses_pages_directory`
becomes True because `pages/` sits beside app.py, and that session's first run executes a generated menu of file
names (`app, compare, …`) with app.py as one of its pages; only `st.navigation` clears the flag, too late for
that visitor. The router calls `leave_legacy_pages_mode()` first: in such a run it clears the flag and runs again,
so the first visitor after any start (a bare `streamlit run`, a restart, a replica) gets the app's own menu.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

SEEN_KEY = "_menu_seen"  # the session had a run: only a session's first run (no clicks in it yet) is run again


def leave_legacy_pages_mode() -> None:
    first_run = not st.session_state.get(SEEN_KEY)
    st.session_state[SEEN_KEY] = True
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        if first_run:
            st.rerun()
