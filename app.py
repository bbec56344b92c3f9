"""Territory Atlas router: page config and navigation, nothing else."""

import streamlit as st

st.set_page_config(page_title="Territory Atlas", page_icon="🗺️", layout="wide")
navigation = st.navigation(
    [
        st.Page("pages/map.py", title="Map · Kaart", icon="🗺️", default=True, url_path="map"),
    ]
)
navigation.run()
