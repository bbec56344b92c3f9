"""Territory Atlas router: page config and navigation, nothing else."""

import streamlit as st

from components.state import open_map_alias

st.set_page_config(page_title="Territory Atlas", page_icon="🗺️", layout="wide")
navigation = st.navigation(
    [
        st.Page("pages/map.py", title="Map · Kaart", icon="🗺️", default=True, url_path="atlas"),
        st.Page(open_map_alias, title="Map · Kaart", url_path="map", visibility="hidden"),  # /map is the map too
        st.Page("pages/compare.py", title="Compare · Vergelijk", icon="🔀", url_path="compare"),
        st.Page("pages/present.py", title="Present · Presenteer", icon="🎓", url_path="present"),
        st.Page("pages/lessons.py", title="Lessons · Lessen", icon="📝", url_path="lessons"),
        st.Page("pages/join.py", title="Join a lesson · Doe mee", icon="🙋", url_path="join"),
        st.Page("pages/explore.py", title="Explore · Verken", icon="🔎", url_path="explore"),
        st.Page("pages/export.py", title="Export · Exporteer", icon="⬇️", url_path="export"),
        st.Page("pages/upload.py", title="Your data · Eigen data", icon="📤", url_path="upload"),
    ]
)
navigation.run()
