"""Compare page: two months side by side, what IS gained and lost between them, the evidence, and several years at once."""

import streamlit as st

from components import compare_view, data, multiples_view, state
from components.attribution import show_attribution
from components.control_map import month_layer
from components.legend import show_legend
from components.map_panel import show_map
from components.style import apply_style
from core.model.compare import difference_features
from core.render.layers import build_difference_layer
from core.render.map_scripts import FitRegion, SyncViews
from core.render.mapping import build_base_map
from core.render.rendering import REGION_BOUNDS

PAGE = "compare"
SIDE_HEIGHT, DIFFERENCE_HEIGHT = 480, 520


def compare_base(lang: str):
    """Every map of this page opens on the whole of Iraq and Syria and pans and zooms with the others."""
    return build_base_map(lang=lang).add_child(FitRegion(REGION_BOUNDS)).add_child(SyncViews(PAGE))


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
        layer = month_layer(month, lang, name=f"control-{letter.lower()}").add_child(compare_view.month_names(month, lang))
        show_map(compare_base(lang), layer, key=f"{PAGE}-map-{letter.lower()}", height=SIDE_HEIGHT)
show_legend()

st.subheader(state.text("What changed for IS between A and B", "Wat er voor IS veranderde tussen A en B"), anchor=False)
changes = compare_view.month_changes(first, second)
difference = build_difference_layer(difference_features(changes, atlas.places, lang, atlas.sides)).add_child(
    compare_view.difference_names(changes, lang)
)
show_map(compare_base(lang), difference, key=f"{PAGE}-map-difference", height=DIFFERENCE_HEIGHT)
compare_view.show_change_legend(changes)
compare_view.show_area_change(first, second)
compare_view.show_change_table(compare_view.change_table(first, second, lang))
multiples_view.show_small_multiples(PAGE)
show_attribution()
