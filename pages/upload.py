"""Your data page: upload places and events, see what is wrong, look up coordinates, see them on the map."""

import streamlit as st

from components import data, state, timeline, upload_export, upload_lookup, upload_panel
from components.attribution import show_attribution
from components.control_map import month_layer
from components.legend import show_legend
from components.map_panel import show_map
from components.style import apply_style
from core.codes.constants import DEFAULT_MONTH
from core.render.mapping import build_base_map

PAGE = upload_panel.PAGE

lang = state.language_switch()
apply_style()
data.ensure_static_files()
atlas = data.atlas_or_stop()

st.title(state.text("Your own data", "Je eigen data"), anchor=False)
st.caption(
    state.text(
        "Your files stay in this browser session: they are not saved on the server and no one else sees them.",
        "Je bestanden blijven in deze browsersessie: ze worden niet op de server bewaard en niemand anders ziet ze.",
    )
)
# Fixed slots: messages and tables that come and go above the map never move it (a moved map remounts blank).
files_slot, lookup_slot, map_slot, rows_slot = st.container(), st.container(), st.container(), st.container()
with files_slot:
    upload_panel.uploaders()
    results = upload_panel.checked_upload(atlas)
    upload_panel.show_problems(results)
with lookup_slot:
    located = upload_lookup.located_places(results["places"])
if located.empty and upload_panel.good_rows(results["events"]).empty:
    st.info(
        state.text(
            "Upload a places or events file to see it on the map.",
            "Upload een bestand met plaatsen of gebeurtenissen om het op de kaart te zien.",
        )
    )
    st.stop()

with map_slot:
    st.subheader(state.text("On the map", "Op de kaart"), anchor=False)
    mode = upload_panel.mode_choice()
    combined = upload_panel.session_atlas(atlas, located, results["events"], mode)
    show_territory = st.toggle(state.text("Approximate territory", "Geschat grondgebied"), value=False, key=state.key(PAGE, "territory"))
    timeline.init_month(PAGE, DEFAULT_MONTH)
    month = timeline.month_controls(PAGE)
    timeline.date_label(month)
    cells = upload_panel.session_cells(combined) if show_territory else None
    layer = month_layer(month, lang, show_territory=show_territory, atlas=combined, cells=cells, name="upload-control")
    center, zoom = upload_panel.view_for(located)
    show_map(build_base_map(lang=lang), layer, key=f"{PAGE}-map", center=center, zoom=zoom)
    show_legend()
    upload_panel.show_unplaced(combined, month, located)
    show_attribution()
with rows_slot:
    upload_panel.show_rows(results)
    upload_export.downloads(combined, located, upload_panel.good_rows(results["events"]), month, show_territory, cells)
