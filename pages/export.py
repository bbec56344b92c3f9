"""Export page: the filtered tables as CSV/GeoJSON, a map that opens without internet, an image or an animation."""

import streamlit as st

from components import data, explore_filters, export_panel, state
from components.attribution import show_attribution
from components.style import apply_style

PAGE = "export"

lang = state.language_switch()
apply_style()
atlas = data.atlas_or_stop()
state.open_view(PAGE)

st.title(state.text("Take it away", "Neem het mee"), anchor=False)
state.show_notices(PAGE)
export_panel.uploaded_data_hint()

st.subheader(state.text("Tables", "Tabellen"), anchor=False)
st.caption(state.text("The same filters as on Explore (they carry over).", "Dezelfde filters als bij Verken (ze gaan mee)."))
filters = explore_filters.filter_widgets(PAGE, atlas)
places, events = explore_filters.filtered(atlas, filters)
export_panel.table_downloads(PAGE, places, events, atlas.places)
export_panel.holder_table_downloads(PAGE, places)

st.subheader(state.text("One month as a map or image", "Eén maand als kaart of afbeelding"), anchor=False)
month = export_panel.month_picker(PAGE)
with_territory = st.toggle(
    state.text("Shade the estimated territory", "Geschat grondgebied inkleuren"), value=True, key=state.key(PAGE, "territory")
)
html_column, png_column = st.columns(2, gap="large")
with html_column:
    st.markdown(f"**{state.text('Interactive HTML map', 'Interactieve HTML-kaart')}**")
    st.caption(
        state.text(
            "One file with everything inside: it opens in any browser without internet (zoom, hover for names).",
            "Eén bestand met alles erin: het opent in elke browser zonder internet (zoomen, namen bij aanwijzen).",
        )
    )
    export_panel.html_download(PAGE, month, with_territory)
with png_column:
    st.markdown(f"**{state.text('Still image (PNG)', 'Stilstaand beeld (PNG)')}**")
    st.caption(
        state.text(
            "For slides and worksheets: date, legend and sources are drawn in.",
            "Voor dia's en werkbladen: datum, legenda en bronnen staan erin.",
        )
    )
    export_panel.png_download(PAGE, month, with_territory)

st.subheader(state.text("A period as an animation (GIF)", "Een periode als animatie (GIF)"), anchor=False)
first, last = export_panel.period_picker(PAGE)
export_panel.gif_download(PAGE, first, last, with_territory)
show_attribution()
