"""Cached wrappers around the pure loaders: data is loaded once per process, not per rerun."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from components import state
from core.codes.constants import BASEMAP_DIR, CORE_COUNTRIES, DATA_DIR, tables_dir
from core.codes.dates import timeline_months
from core.model.atlas import Atlas, load_atlas
from core.model.control import control_by_month, is_held_counts_by_month
from core.model.quality import load_unmapped
from core.model.source_check import agreement_by_place, load_published_area, load_source_gaps, overall_agreement
from core.model.tables import DataError
from core.model.territory import ShapeMemo, held_area_km2
from core.model.views import place_lookup
from core.render import timeline_build
from core.render.assets import missing_static
from core.render.rendering import controllers_in
from core.text.i18n import markdown_escape

COUNTRIES_FILE = BASEMAP_DIR / "countries.geojson"
RIVERS_FILE = BASEMAP_DIR / "rivers.geojson"


def ensure_static_files() -> None:
    """The files the map loads from static/ (Leaflet, borders): checked on every run (someone cleaned static/
    while the app runs), a message instead of a blank map. Never written here: the app's folder may be read-only;
    `make static` (the image build) puts them there."""
    missing = missing_static()
    if missing:
        files = markdown_escape(", ".join(f"static/{name}" for name in missing))
        st.error(
            state.text(
                f"The map cannot be drawn: the server is missing {files}. Run `make static` on the server and reload.",
                f"De kaart kan niet getekend worden: de server mist {files}. Voer `make static` uit op de server en laad opnieuw.",
            ),
            icon="🧩",
        )
        st.stop()


def data_key() -> str:
    """The tables directory (ATLAS_DATA_DIR or data/): the first argument of every cache built from the tables,
    so two data directories in one process (tests, a second server config) never share a cached value."""
    return str(tables_dir())


def atlas() -> Atlas:
    """The validated tables, shared read-only by every session (a resource: unpickling a copy on every
    call cost ~5 ms each, several times per rerun; nothing in the app writes to these frames)."""
    return _atlas(data_key())


@st.cache_resource(show_spinner="Loading the atlas…")
def _atlas(data_dir: str) -> Atlas:
    return load_atlas(Path(data_dir))


def place_names() -> dict[str, tuple[str, ...]]:
    """Folded name -> place ids: what ?place= accepts (the names the place search accepts); read-only."""
    return _place_names(data_key())


@st.cache_resource(show_spinner=False)
def _place_names(data_dir: str) -> dict[str, tuple[str, ...]]:
    return place_lookup(_atlas(data_dir).places)


def atlas_or_stop() -> Atlas:
    """The atlas, or a clear message listing what is wrong with the tables (never a traceback)."""
    try:
        return atlas()
    except DataError as error:
        st.error(
            state.text(
                "The data tables have problems, so the map cannot be drawn. Fix these and reload:",
                "De datatabellen hebben fouten, dus de kaart kan niet getekend worden. Verbeter deze en laad opnieuw:",
            )
        )
        st.code("\n".join(str(p) for p in error.problems[:50]))
        st.stop()


@st.cache_data(show_spinner=False)
def countries() -> dict:
    with COUNTRIES_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


@st.cache_resource(show_spinner=False, max_entries=64)
def country_borders(country_codes: tuple[str, ...] = CORE_COUNTRIES):
    """These countries' borders by code, Iraq and Syria unless told (the atlas's territory is estimated only
    there); read-only; None when none of them is in the basemap."""
    return timeline_build.country_borders(countries(), country_codes)


def cells() -> dict:
    """Date-independent territory cells for the places in Iraq and Syria (read-only geometries)."""
    return _cells(data_key())


@st.cache_resource(show_spinner=False)
def _cells(data_dir: str) -> dict:
    return timeline_build.core_cells(_atlas(data_dir), country_borders())


def states_by_month() -> pd.DataFrame:
    """Every place's state at the end of every timeline month, computed in one pass.

    A resource, not data, because copying 9,000 rows on every read cost more than the work it saves;
    read-only by contract: month_state() hands out copies of its slices."""
    return _states_by_month(data_key())


@st.cache_resource(show_spinner=False)
def _states_by_month(data_dir: str) -> pd.DataFrame:
    return control_by_month(_atlas(data_dir))


def month_state(month: date) -> pd.DataFrame:
    return _month_state(data_key(), month)


@st.cache_data(show_spinner=False)
def _month_state(data_dir: str, month: date) -> pd.DataFrame:
    return timeline_build.month_rows(_states_by_month(data_dir), _atlas(data_dir), month)


def union_memo() -> ShapeMemo:
    """Merged territory per set of places, shared by all months (many months hold the same sets); bounded.
    One per data directory: the same place ids stand for other cells in other tables."""
    return _union_memo(data_key())


@st.cache_resource(show_spinner=False)
def _union_memo(data_dir: str) -> ShapeMemo:
    return ShapeMemo()


def is_area(month: date) -> float:
    return _is_area(data_key(), month)


@st.cache_data(show_spinner=False)
def _is_area(data_dir: str, month: date) -> float:
    return held_area_km2(_cells(data_dir), _month_state(data_dir, month), _atlas(data_dir).sides.focus, _union_memo(data_dir))


def is_held_counts() -> pd.DataFrame:
    """Places held (and held or contested/besieged) by IS at the end of every timeline month."""
    return _is_held_counts(data_key())


@st.cache_data(show_spinner="Counting the places IS held each month…")
def _is_held_counts(data_dir: str) -> pd.DataFrame:
    return is_held_counts_by_month(_atlas(data_dir))


def is_area_series() -> pd.DataFrame:
    """Estimated km² held by IS at the end of every timeline month (reuses the cached month states)."""
    return _is_area_series(data_key())


@st.cache_data(show_spinner="Estimating the area IS held each month…")
def _is_area_series(data_dir: str) -> pd.DataFrame:
    months = timeline_months()
    return pd.DataFrame({"month": [pd.Timestamp(m) for m in months], "area_km2": [_is_area(data_dir, m) for m in months]})


def unmapped() -> pd.DataFrame:
    return _unmapped(data_key())


@st.cache_data(show_spinner=False)
def _unmapped(data_dir: str) -> pd.DataFrame:
    return load_unmapped(Path(data_dir))


def source_gaps() -> pd.DataFrame:
    return _source_gaps(data_key())


@st.cache_data(show_spinner=False)
def _source_gaps(data_dir: str) -> pd.DataFrame:
    return load_source_gaps(Path(data_dir))


def source_agreement() -> float:
    """Share of the cited place-months on which the map agrees with the cited dates alone."""
    return _source_agreement(data_key())


@st.cache_data(show_spinner=False)
def _source_agreement(data_dir: str) -> float:
    return overall_agreement(agreement_by_place(_atlas(data_dir)))


def core_holders() -> list[str]:
    """The sides that ever hold a place in Iraq or Syria (a legend for maps of that region needs no others)."""
    return _core_holders(data_key())


@st.cache_data(show_spinner=False)
def _core_holders(data_dir: str) -> list[str]:
    atlas = _atlas(data_dir)
    places = atlas.places
    return controllers_in(atlas, set(places.loc[places["country"].isin(CORE_COUNTRIES), "place_id"]))


@st.cache_data(show_spinner=False)
def published_area() -> pd.DataFrame:
    """Published estimates of the area IS held (data/area_published.csv)."""
    return load_published_area(DATA_DIR)


@st.cache_data(show_spinner=False)
def rivers() -> dict:
    with RIVERS_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)
