"""Compare page: two months side by side, what IS gained and lost between them, and the evidence."""

import streamlit as st

from components import compare_view, data, state
from components.attribution import show_attribution
from components.control_map import month_layer
from components.legend import show_legend
from components.map_panel import show_map
from components.style import apply_style
from core.compare import difference_features
from core.constants import MAP_VIEWS
from core.mapping import build_base_map, build_difference_layer

PAGE = "compare"
VIEW = MAP_VIEWS["core"]
SIDE_HEIGHT, DIFFERENCE_HEIGHT = 430, 520

lang = state.language_switch()
apply_style()
data.ensure_static_files()
atlas = data.atlas_or_stop()
state.open_view(PAGE)

st.title(state.text("Compare two moments", "Vergelijk twee momenten"), anchor=False)
state.show_notices(PAGE)
first, second = compare_view.date_pickers(PAGE)

for column, month, letter in zip(st.columns(2), (first, second), "AB", strict=True):
    with column:
        compare_view.month_heading(month, letter)
        layer = month_layer(month, lang, name=f"control-{letter.lower()}")
        show_map(build_base_map(), layer, key=f"{PAGE}-map-{letter.lower()}", center=VIEW.center, zoom=VIEW.zoom, height=SIDE_HEIGHT)
show_legend()

st.subheader(state.text("What changed for IS between A and B", "Wat er voor IS veranderde tussen A en B"), anchor=False)
changes = compare_view.month_changes(first, second)
difference = build_difference_layer(difference_features(changes, atlas.places, lang))
show_map(build_base_map(), difference, key=f"{PAGE}-map-difference", center=VIEW.center, zoom=VIEW.zoom, height=DIFFERENCE_HEIGHT)
compare_view.show_change_legend(changes)
compare_view.show_area_change(first, second)
compare_view.show_change_table(compare_view.change_table(first, second, lang))
show_attribution()
