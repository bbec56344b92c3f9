"""Territory Atlas router: page config and navigation, nothing else."""

import streamlit as st

from components.menu import leave_legacy_pages_mode
from components.readiness import gate
from components.state import open_map_alias, text

leave_legacy_pages_mode()  # before anything else: the first run after a start may be Streamlit's legacy pages/ run
gate()  # in the script health check only: readiness (data, static files, cache, database)

st.set_page_config(page_title="Territory Atlas", page_icon="🗺️", layout="wide")
navigation = st.navigation(
    [
        st.Page("pages/map.py", title=text("Map", "Kaart"), icon="🗺️", default=True, url_path="atlas"),
        st.Page(open_map_alias, title=text("Map", "Kaart"), url_path="map", visibility="hidden"),  # /map is the map too
        st.Page("pages/compare.py", title=text("Compare", "Vergelijk"), icon="🔀", url_path="compare"),
        st.Page("pages/present.py", title=text("Present", "Presenteer"), icon="🎓", url_path="present"),
        st.Page("pages/lessons.py", title=text("Lessons", "Lessen"), icon="📝", url_path="lessons"),
        st.Page("pages/join.py", title=text("Join a lesson", "Doe mee"), icon="🙋", url_path="join"),
        st.Page("pages/explore.py", title=text("Explore", "Verken"), icon="🔎", url_path="explore"),
        st.Page("pages/export.py", title=text("Export", "Exporteer"), icon="⬇️", url_path="export"),
        st.Page("pages/upload.py", title=text("Your data", "Eigen data"), icon="📤", url_path="upload"),
    ]
)
navigation.run()
