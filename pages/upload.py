"""Your data page: upload places and events, see what is wrong, look up coordinates, see them on the map."""

import streamlit as st

from components import data, state, upload_export, upload_lookup, upload_panel, upload_views
from components.attribution import show_attribution
from components.lessons.from_upload import offer_lesson
from components.style import apply_style

PAGE = upload_panel.PAGE

lang = state.language_switch()
apply_style()
data.ensure_static_files()
atlas = data.atlas_or_stop()

st.title(state.text("Your own data", "Je eigen data"), anchor=False)
st.caption(
    state.text(
        "Your files stay in this browser session: they are not saved on the server and no one else sees them, "
        "unless you make a lesson of them and save it.",
        "Je bestanden blijven in deze browsersessie: ze worden niet op de server bewaard en niemand anders ziet ze, "
        "tenzij je er een les van maakt en die bewaart.",
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
    mode = upload_panel.mode_choice(upload_panel.default_mode(atlas, located, results["events"]))
    combined = upload_panel.session_atlas(atlas, located, results["events"], mode)
    period = upload_views.session_period(combined)
    show_territory = st.toggle(state.text("Approximate territory", "Geschat grondgebied"), value=False, key=state.key(PAGE, "territory"))
    cells = upload_panel.session_cells(combined) if show_territory else None
    month = upload_views.show_player_map(combined, period, cells, show_territory)
    upload_panel.show_unplaced(combined, month, located)
    show_attribution()
with rows_slot:
    upload_views.show_compare(combined, period)
    upload_views.show_multiples(combined, period, cells)
    upload_panel.show_rows(results)
    upload_export.downloads(combined, located, upload_panel.good_rows(results["events"]), month, show_territory, cells)
    offer_lesson(PAGE, located, upload_panel.good_rows(results["events"]), mode)
