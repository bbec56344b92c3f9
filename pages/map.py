"""Main page: the map and its month timeline, events of the month and the provenance card."""

import streamlit as st

from components import data, state, timeline
from components.attribution import show_attribution
from components.control_map import month_cue, timeline_player
from components.events_list import show_month_events
from components.legend import show_legend
from components.map_panel import clicked_place, show_map
from components.place_card import show_place_card
from components.place_search import fly_to, place_search
from components.style import apply_style
from components.territory_panel import show_area
from core.codes.constants import DEFAULT_MONTH, MAP_VIEWS
from core.render.map_scripts import FillFrame
from core.render.mapping import build_base_map
from core.text.i18n import pick

PAGE = "map"

lang = state.language_switch()
apply_style()
data.ensure_static_files()
atlas = data.atlas_or_stop()
timeline.init_month(PAGE, state.open_view(PAGE, places=data.place_names()).month)

st.sidebar.selectbox(
    state.text("Region", "Gebied"),
    list(MAP_VIEWS),
    key=state.key(PAGE, "view"),
    format_func=lambda code: pick(lang, MAP_VIEWS[code].name_en, MAP_VIEWS[code].name_nl),
    on_change=lambda: state.update_view(PAGE, region=state.get(PAGE, "view")),
)
show_territory = st.sidebar.toggle(state.text("Approximate territory", "Geschat grondgebied"), value=True, key=state.key(PAGE, "territory"))
show_attacks = st.sidebar.toggle(state.text("Attacks", "Aanslagen"), value=True, key=state.key(PAGE, "attacks"))
TILE_CHOICES = ["offline", "osm", "carto"]
state.keep_choice(PAGE, "tiles", TILE_CHOICES, "offline")
tiles = st.sidebar.selectbox(
    state.text("Background (tiles need internet)", "Achtergrond (tegels vragen internet)"),
    TILE_CHOICES,
    format_func={"offline": state.text("Offline borders", "Offline grenzen"), "osm": "OpenStreetMap", "carto": "CARTO light"}.get,
    key=state.key(PAGE, "tiles"),
)

st.title(state.text("Territory Atlas: Islamic State 2014–2019", "Territoriumatlas: Islamitische Staat 2014–2019"))
state.show_notices(PAGE)
MAP_KEY = f"{PAGE}-map"


@st.fragment
def map_and_timeline() -> None:
    state.rerun_if_notices_cleared(PAGE)
    # Scrubbing, stepping and playing happen in the map (core/render/player.js); it reports the month when it
    # rests, and the slider (the server's copy) follows before it is drawn.
    timeline.follow_player(PAGE, MAP_KEY)
    view = MAP_VIEWS[state.view(PAGE).region]
    left, right = st.columns([3, 1.3])
    with left:
        map_frame = st.container(key="map-frame")  # first, so the map and its player are in the first screen
        month = timeline.month_controls(PAGE)
        timeline.date_label(month)
        base = build_base_map(tiles, lang=lang).add_child(FillFrame())
        timeline_player(lang, DEFAULT_MONTH).add_to(base)
        ring, heard = {state.view(PAGE).place} - {None}, timeline.player_heard(PAGE)
        cue = month_cue(month, ring, show_territory, show_attacks, heard, fly_to(PAGE, atlas.places))
        with map_frame:
            show_map(base, cue, key=MAP_KEY, center=view.center, zoom=view.zoom)
        clicked = clicked_place(PAGE, MAP_KEY, set(atlas.places["place_id"]))
    with right:
        place_id = place_search(PAGE, clicked)
        show_area(month)
        if place_id:
            states = data.month_state(month).set_index("place_id")
            show_place_card(atlas, place_id, states.loc[place_id].to_dict() if place_id in states.index else None, month)
        show_month_events(month, PAGE)


map_and_timeline()
show_legend()  # outside the fragment: drawn once per page run, not sent again on every slider move
show_attribution(tiles)
