"""Compare page widgets: date pickers with presets, the change legend, IS area on both dates, the change list."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import data, state
from core.codes.dates import MONTH_KEYS, month_label, parse_month
from core.codes.sides import Sides
from core.model import compare
from core.render.label_placement import ranked_for_labels
from core.render.place_names import PlaceNames, ranked_names


def _keys(page: str) -> tuple[str, str, str]:
    return state.key(page, "a_key"), state.key(page, "b_key"), state.key(page, "preset")


def init_dates(page: str) -> None:
    """The preset box shows the pair of the page's view, if it is one (the sliders are seeded by state)."""
    a_key, b_key, preset_key = _keys(page)
    st.session_state.setdefault(preset_key, compare.preset_for(st.session_state[a_key], st.session_state[b_key]))


def _sync_url(page: str) -> None:
    a_key, b_key, _ = _keys(page)
    state.update_view(page, a=parse_month(st.session_state[a_key]), b=parse_month(st.session_state[b_key]))


def _on_preset(page: str) -> None:
    a_key, b_key, preset_key = _keys(page)
    pair = st.session_state[preset_key]
    if pair:
        st.session_state[a_key], st.session_state[b_key] = pair
        _sync_url(page)


def _on_date(page: str) -> None:
    """A later than B is swapped (with a notice) rather than refused."""
    a_key, b_key, preset_key = _keys(page)
    swapped = st.session_state[a_key] > st.session_state[b_key]
    if swapped:
        st.session_state[a_key], st.session_state[b_key] = st.session_state[b_key], st.session_state[a_key]
    st.session_state[preset_key] = compare.preset_for(st.session_state[a_key], st.session_state[b_key])
    _sync_url(page)
    if swapped:
        state.add_notice(page, "Date A was later than date B: swapped them.", "Datum A lag na datum B: omgewisseld.")


def date_pickers(page: str) -> tuple[date, date]:
    """A preset pair or two month sliders; returns (A, B) with A <= B."""
    init_dates(page)
    a_key, b_key, preset_key = _keys(page)
    lang = state.language()
    st.selectbox(
        state.text("Preset comparison", "Vaste vergelijking"),
        list(compare.PRESETS),
        key=preset_key,
        index=None,
        format_func=lambda pair: compare.preset_label(pair, lang),
        placeholder=state.text("Choose a pair of key moments…", "Kies twee sleutelmomenten…"),
        on_change=_on_preset,
        args=(page,),
    )
    left, right = st.columns(2)
    for column, widget_key, label in ((left, a_key, state.text("Date A", "Datum A")), (right, b_key, state.text("Date B", "Datum B"))):
        column.select_slider(
            label,
            options=MONTH_KEYS,
            key=widget_key,
            format_func=lambda k: month_label(parse_month(k), lang),
            on_change=_on_date,
            args=(page,),
        )
    return parse_month(st.session_state[a_key]), parse_month(st.session_state[b_key])


def month_heading(month: date, letter: str) -> None:
    st.markdown(
        f'<div class="atlas-date" data-testid="compare-date-{letter.lower()}">{letter} · {month_label(month, state.language())}</div>',
        unsafe_allow_html=True,
    )


CHANGE_ROW_HEIGHT = 104  # px: five lines of wrapped text (see show_change_table)


def month_changes(first: date, second: date) -> pd.DataFrame:
    return _month_changes(data.data_key(), first, second)


@st.cache_data(show_spinner=False)
def _month_changes(data_dir: str, first: date, second: date) -> pd.DataFrame:
    return compare.month_changes(data.atlas(), first, second)


def change_table(first: date, second: date, lang: str) -> pd.DataFrame:
    return _change_table(data.data_key(), first, second, lang)


@st.cache_data(show_spinner=False)
def _change_table(data_dir: str, first: date, second: date, lang: str) -> pd.DataFrame:
    return compare.change_table(data.atlas(), first, second, lang)


def month_names(month: date, lang: str) -> PlaceNames:
    """The names on a side map: the places drawn that month, ranked as on the main map."""
    atlas = data.atlas()
    return PlaceNames(ranked_names(ranked_for_labels(atlas.places, data.month_state(month), atlas.control_events), lang))


def difference_names(changes: pd.DataFrame, lang: str) -> PlaceNames:
    """The names on the difference map: places IS gained or lost first (ranked among themselves as on the main map:
    the article's places, cities, most events), then the others drawn there."""
    atlas = data.atlas()
    changed = changes.loc[changes["change"].isin(("gained", "lost")), ["place_id"]]
    first = ranked_for_labels(atlas.places, changed, atlas.control_events)["place_id"].tolist()
    ranked = ranked_for_labels(atlas.places, changes[["place_id"]], atlas.control_events, first)
    return PlaceNames(ranked_names(ranked, lang))


def show_change_legend(changes: pd.DataFrame, sides: Sides | None = None) -> None:
    """Colour + shape per change kind, with the number of places of each kind (told from `sides`' followed side:
    the atlas's unless given)."""
    lang, sides = state.language(), sides or data.atlas().sides
    counts = compare.count_changes(changes)
    items = "".join(
        f'<span style="display:inline-flex;align-items:center;margin:0 16px 6px 0">{compare.change_symbol(kind)}'
        f'<span style="margin-left:4px">{compare.change_name(kind, lang, sides)} ({counts[kind]})</span></span>'
        for kind in compare.CHANGE_KINDS
    )
    st.markdown(f'<div class="atlas-legend" data-testid="change-legend">{items}</div>', unsafe_allow_html=True)


def _km2(value: float) -> str:
    return f"{value:,.0f} km²".replace(",", " ")


def show_area_change(first: date, second: date) -> None:
    """Estimated IS area on A and B, and the difference."""
    area_a, area_b = data.is_area(first), data.is_area(second)
    lang = state.language()
    col_a, col_b, col_diff = st.columns(3)
    col_a.metric(state.text("IS area on A (estimate)", "IS-gebied op A (schatting)"), _km2(area_a), help=month_label(first, lang))
    col_b.metric(state.text("IS area on B (estimate)", "IS-gebied op B (schatting)"), _km2(area_b), help=month_label(second, lang))
    change = area_b - area_a
    percent = f"{change / area_a:+.0%}" if area_a else None
    col_diff.metric(
        state.text("Change A → B", "Verschil A → B"),
        ("+" if change > 0 else "") + _km2(change),
        delta=percent,
        delta_color="inverse",
    )


def show_change_table(table: pd.DataFrame) -> None:
    """The places that changed hands between A and B, each with its events and the article's words."""
    st.subheader(state.text("Places whose holder or state changed", "Plaatsen waarvan de eigenaar of toestand veranderde"), anchor=False)
    if table.empty:
        st.caption(
            state.text(
                "No place changed holder or state between these two months.",
                "Geen plaats veranderde van eigenaar of toestand tussen deze twee maanden.",
            )
        )
        return
    # Stack note (streamlit 1.67): cell text wraps only when row_height is above 4rem (64 px): the DataFrame bundle
    # sets isWrappingAllowed = rowHeight > 4rem (undocumented). Narrow columns plus wrapping keep every column in view
    # at 1024 px and up; a click on a cell shows all of it.
    st.dataframe(
        table.drop(columns="place_id"),
        hide_index=True,
        width="stretch",
        row_height=CHANGE_ROW_HEIGHT,
        column_config={
            "place": st.column_config.TextColumn(state.text("Place", "Plaats"), width="small", pinned=True),
            "holder_a": st.column_config.TextColumn(state.text("Holder on A", "In handen op A"), width="small"),
            "holder_b": st.column_config.TextColumn(state.text("Holder on B", "In handen op B"), width="small"),
            "change": st.column_config.TextColumn(state.text("Change for IS", "Verandering voor IS"), width="small"),
            "events": st.column_config.TextColumn(
                state.text("Events between (~ = approximate date)", "Gebeurtenissen ertussen (~ = bij benadering)"), width="medium"
            ),
            "evidence": st.column_config.TextColumn(state.text("The article's words", "Woorden uit het artikel"), width="medium"),
        },
    )
    st.caption(
        state.text(
            "A place with the same holder on A and B that changed hands in between (at the end of some month) is listed too.",
            "Een plaats met dezelfde eigenaar op A en B die tussendoor (aan het eind van een maand) van eigenaar wisselde, staat er ook in.",
        )
    )
