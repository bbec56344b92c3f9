"""Explore page: search and filter the places and events, a place's history, charts over time, the article against
other sources, data quality."""

import streamlit as st

from components import data, explore_charts, explore_filters, explore_quality, explore_sources, explore_tables, state
from components.attribution import show_attribution
from components.style import apply_style

PAGE = "explore"

lang = state.language_switch()
apply_style()
atlas = data.atlas_or_stop()

st.title(state.text("Explore the places and events", "Verken de plaatsen en gebeurtenissen"), anchor=False)
filters = explore_filters.filter_widgets(PAGE, atlas)
places, events = explore_filters.filtered(atlas, filters)
period_end = explore_filters.period_end(filters)

# Lazy tabs: only the open tab runs (the charts and quality counts cost seconds on a cold cache).
places_tab, events_tab, charts_tab, sources_tab, quality_tab = st.tabs(
    [
        state.text("Places", "Plaatsen"),
        state.text("Events", "Gebeurtenissen"),
        state.text("Over time", "In de tijd"),
        state.text("Article vs. other sources", "Artikel vs. andere bronnen"),
        state.text("Data quality", "Datakwaliteit"),
    ],
    key=state.key(PAGE, "tab"),
    on_change="rerun",
)
if places_tab.open:
    with places_tab:
        explore_tables.show_places(PAGE, places, events, period_end)
        chooser, history = st.columns([1, 2], gap="large")
        with chooser:
            place_id = explore_tables.place_chooser(PAGE, atlas, places)
        if place_id:
            with history:
                explore_tables.show_place_history(PAGE, atlas, place_id, period_end)
if events_tab.open:
    with events_tab:
        explore_tables.show_events(events, atlas.places)
if charts_tab.open:
    with charts_tab:
        explore_charts.show_charts(PAGE, events)
if sources_tab.open:
    with sources_tab:
        explore_sources.show_sources(PAGE, atlas)
if quality_tab.open:
    with quality_tab:
        explore_quality.show_quality(PAGE, atlas)
show_attribution()
