"""The data-quality panel: counts, date and coordinate precision, contradictions, what is left off the map."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data, state
from core.model import quality
from core.model.atlas import Atlas
from core.model.tables import DataError
from core.text.i18n import markdown_escape


def _count_table(frame: pd.DataFrame, label_en: str, label_nl: str) -> None:
    first = frame.columns[0]
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            first: state.text(label_en, label_nl),
            "count": st.column_config.ProgressColumn(
                state.text("Count", "Aantal"), format="%d", min_value=0, max_value=max(int(frame["count"].max()), 1) if len(frame) else 1
            ),
        },
    )


EVENT_COLUMNS = {
    "date": ("Date (~ = approximate)", "Datum (~ = bij benadering)", None),
    "place": ("Place", "Plaats", None),
    "what": ("What", "Wat", None),
    "note": ("Note (why)", "Opmerking (waarom, in het Engels)", "large"),
    "evidence": ("The article's words", "Woorden uit het artikel", "large"),
}
UNMAPPED_COLUMNS = {
    "name": ("Name in the article", "Naam in het artikel", None),
    "reason": ("Why it is not mapped", "Waarom niet op de kaart (in het Engels)", "large"),
    "evidence": ("The article's words", "Woorden uit het artikel", "large"),
}


def _rows_table(frame: pd.DataFrame, empty: tuple[str, str], unit: tuple[str, str], key: str, columns: dict) -> None:
    """A counted table, or a short sentence when there is nothing to list."""
    if frame.empty:
        st.caption(state.text(*empty))
        return
    st.caption(state.text(f"{len(frame)} {unit[0]}", f"{len(frame)} {unit[1]}"))
    config = {name: st.column_config.TextColumn(state.text(en, nl), width=width) for name, (en, nl, width) in columns.items()}
    st.dataframe(frame, hide_index=True, width="stretch", key=key, column_config=config)


def _event_rows(frame: pd.DataFrame, empty_en: str, empty_nl: str, key: str) -> None:
    _rows_table(frame, (empty_en, empty_nl), ("rows", "rijen"), key, EVENT_COLUMNS)


def _show_counts(atlas: Atlas) -> None:
    counts = quality.record_counts(atlas)
    places, events, applied, attacks = st.columns(4)
    places.metric(state.text("Places", "Plaatsen"), counts.places)
    events.metric(state.text("Events", "Gebeurtenissen"), counts.events)
    applied.metric(
        state.text("Applied to the map", "Op de kaart verwerkt"),
        counts.events_applied,
        help=state.text("Events minus the rows left off the map", "Gebeurtenissen min de rijen die niet op de kaart staan"),
    )
    attacks.metric(state.text("Attacks", "Aanslagen"), counts.attacks)


def _show_precision(atlas: Atlas) -> None:
    dates, sources, precisions = st.columns(3)
    with dates:
        st.markdown(f"**{state.text('How exactly events are dated', 'Hoe precies gebeurtenissen gedateerd zijn')}**")
        _count_table(quality.precision_counts(atlas.events, state.language()), "Dated", "Gedateerd")
    with sources:
        st.markdown(f"**{state.text('Where coordinates come from', 'Waar de coördinaten vandaan komen')}**")
        _count_table(quality.coordinate_source_counts(atlas.places, state.language()), "Source", "Bron")
    with precisions:
        st.markdown(f"**{state.text('How precise the coordinates are', 'Hoe precies de coördinaten zijn')}**")
        _count_table(quality.coordinate_precision_counts(atlas.places, state.language()), "Precision", "Precisie")


def _show_still_held(page: str, atlas: Atlas) -> None:
    st.markdown(
        f"**{state.text('Places IS still holds at the end of 2019 on the map', 'Plaatsen die IS eind 2019 op de kaart nog bezit')}**"
    )
    still = quality.still_held_by_is(atlas, state.language())
    if still.empty:
        st.caption(
            state.text(
                "None: by the article and the other sources, IS lost every place it took.",
                "Geen: volgens het artikel en de andere bronnen verloor IS elke ingenomen plaats.",
            )
        )
        return
    st.caption(
        state.text(
            "No evidence says IS lost these, so the map keeps them with IS (drawn as uncertain a year after the last news).",
            "Geen bron zegt dat IS deze verloor, dus de kaart laat ze bij IS (onzeker getekend een jaar na het laatste bericht).",
        )
    )
    st.dataframe(
        still,
        hide_index=True,
        key=state.key(page, "q_still_held"),
        column_config={
            "place": state.text("Place", "Plaats"),
            "country": state.text("Country", "Land"),
            "since": state.text("Held by IS since", "In handen van IS sinds"),
        },
    )


def _show_unmapped(page: str) -> None:
    st.markdown(f"**{state.text('Named in the article but not on the map', 'Genoemd in het artikel maar niet op de kaart')}**")
    empty = ("No list of unmapped names for these tables.", "Geen lijst van niet-gekarteerde namen voor deze tabellen.")
    try:
        unmapped = data.unmapped()
    except DataError as error:
        reason = markdown_escape("; ".join(p.text(state.language()) for p in error.problems[:3]))
        st.warning(
            state.text(
                f"The list of unmapped names cannot be read: {reason}", f"De lijst van niet-gekarteerde namen is onleesbaar: {reason}"
            )
        )
        return
    _rows_table(unmapped, empty, ("names", "namen"), state.key(page, "q_unmapped"), UNMAPPED_COLUMNS)


def show_quality(page: str, atlas: Atlas) -> None:
    """Counts, precision, contradictions, rows left off the map, places still held, names not mapped."""
    lang = state.language()
    _show_counts(atlas)
    _show_precision(atlas)
    st.markdown(
        f"**{state.text('Where the article contradicts itself or known history', 'Waar het artikel zichzelf of de bekende geschiedenis tegenspreekt')}**"
    )
    _event_rows(
        quality.contradictions(atlas, lang),
        "The data flags no contradiction.",
        "De data markeren geen tegenspraak.",
        state.key(page, "q_contradictions"),
    )
    st.markdown(f"**{state.text('Rows not applied to the map, and why', 'Rijen die niet op de kaart verwerkt zijn, en waarom')}**")
    _event_rows(
        quality.not_applied(atlas, lang),
        "Every row is applied to the map.",
        "Elke rij is op de kaart verwerkt.",
        state.key(page, "q_not_applied"),
    )
    _show_still_held(page, atlas)
    _show_unmapped(page)
