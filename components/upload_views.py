"""Your data as its own atlas: its months on the timeline, the in-map player with its own sides in the legend,
two of its dates compared, and several of its months on one sheet. Everything is kept in this session only."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import compare_view, data, state, timeline
from components.export_panel import PNG
from components.legend import show_legend
from components.map_panel import show_map
from components.upload_panel import PAGE, frames_fingerprint
from core.codes.dates import format_month_key, month_label
from core.model.atlas import Atlas
from core.model.compare import change_table, difference_features, month_changes
from core.model.control import control_by_step, events_between
from core.model.evidence import is_site
from core.model.period import ATLAS_PERIOD, MAX_STEPS, MONTH, Period, data_period
from core.model.territory import held_area_km2
from core.render.layers import attack_points, build_difference_layer
from core.render.map_scripts import FitRegion
from core.render.mapping import build_base_map
from core.render.multiples import PANEL_GRIDS, render_small_multiples
from core.render.player import MonthCue, TimelinePlayer, cue_layer
from core.render.rendering import controllers_in, render_png
from core.render.timeline_payload import TimelinePayload, build_timeline, timeline_payload

MAP_KEY = f"{PAGE}-map"
MIN_SPAN_DEGREES = 0.5  # a map of one town still shows its surroundings


def data_bounds(places: pd.DataFrame) -> tuple[float, float, float, float]:
    """West, south, east, north of the places (towns only), widened to at least MIN_SPAN_DEGREES each way."""
    towns = places[~is_site(places)] if not places.empty else places
    west, east, south, north = towns["lon"].min(), towns["lon"].max(), towns["lat"].min(), towns["lat"].max()
    pad_x, pad_y = max(0.0, (MIN_SPAN_DEGREES - (east - west)) / 2), max(0.0, (MIN_SPAN_DEGREES - (north - south)) / 2)
    return (float(west - pad_x), float(south - pad_y), float(east + pad_x), float(north + pad_y))


def session_period(combined: Atlas) -> Period:
    """Your data's steps (first to last event), with a plain message when there are none or too many."""
    period = data_period(combined)
    if not period.steps:
        st.info(
            state.text(
                "No event of yours has a date yet, so the map shows each place's holder at the start, on the atlas's "
                "timeline. Add an events file to see your places change.",
                "Nog geen gebeurtenis van jou heeft een datum, dus de kaart toont de eerste eigenaar van elke plaats, op "
                "de tijdlijn van de atlas. Voeg een bestand met gebeurtenissen toe om je plaatsen te zien veranderen.",
            )
        )
        return ATLAS_PERIOD
    if period.cut:
        first, last = period.steps[0], period.steps[-1]
        st.warning(
            state.text(
                f"Your data spans more than {MAX_STEPS} months; the timeline shows the first {MAX_STEPS} "
                f"({period.label(first, 'en')} – {period.label(last, 'en')}). Upload fewer years to see the rest.",
                f"Je data beslaan meer dan {MAX_STEPS} maanden; de tijdlijn toont de eerste {MAX_STEPS} "
                f"({period.label(first, 'nl')} – {period.label(last, 'nl')}). Upload minder jaren om de rest te zien.",
            ),
            icon="✂️",
        )
    return period


def _area_by_step(combined: Atlas, states: pd.DataFrame, steps: tuple[date, ...], cells: dict | None) -> list[float]:
    if not cells or combined.sides.focus is None:
        return [0.0] * len(steps)
    by_step = dict(tuple(states.groupby("month")))
    empty = states.iloc[0:0]
    return [held_area_km2(cells, by_step.get(pd.Timestamp(s), empty), combined.sides.focus) for s in steps]


def session_payload(combined: Atlas, period: Period, cells: dict | None, lang: str) -> TimelinePayload:
    """The whole timeline of your data for the in-map player, built once per version of your data, territory
    choice and language (kept in this session, embedded in the map: no file is written)."""
    signature = (frames_fingerprint(combined.places[["place_id", "lat", "lon"]], combined.timeline[["event_id"]]), lang, cells is not None)
    kept = state.get(PAGE, "payload")
    if kept and kept[0] == signature:
        return kept[1]
    payload = own_timeline(combined, period, cells, lang)
    state.put(PAGE, "payload", (signature, payload))
    return payload


def own_timeline(combined: Atlas, period: Period, cells: dict | None, lang: str) -> TimelinePayload:
    """The in-map player's timeline of a dataset's own steps (Your data, a lesson on its data): every step's
    holders, attacks, territory and area, worded in `lang`."""
    states = control_by_step(combined, period.steps, [period.end(s) for s in period.steps])
    attacks = events_between(combined, period.steps[0], period.end(period.steps[-1]), types=("attack",))
    timeline = build_timeline(
        combined.places,
        states,
        combined.events,
        attack_points(attacks, combined.places, lang),
        cells,
        _area_by_step(combined, states, period.steps, cells),
        list(period.steps),
        lang,
        combined.sides,
        period.unit,
    )
    return timeline_payload(timeline)


def used_sides(combined: Atlas) -> list[str]:
    """The sides that hold one of the places at some time (the legend needs no others)."""
    return controllers_in(combined, set(combined.places["place_id"]))


def show_player_map(combined: Atlas, period: Period, cells: dict | None, show_territory: bool) -> date:
    """The month controls over your data's own months and the in-map player (scrub, step, play in the browser)."""
    lang = state.language()
    timeline.init_month(PAGE, period.steps[0], period)
    timeline.follow_player(PAGE, MAP_KEY, period)
    month = timeline.month_controls(PAGE, period)
    timeline.date_label(month, period)
    base = build_base_map(lang=lang).add_child(FitRegion(data_bounds(combined.places)))
    player = TimelinePlayer(period.key(month), payload=session_payload(combined, period, cells, lang), report=True)
    player.add_to(base)
    cue = cue_layer(MonthCue(period.key(month), [], show_territory, True, timeline.player_heard(PAGE)))
    show_map(base, cue, key=MAP_KEY)
    show_legend(used_sides(combined), territory=show_territory, sides=combined.sides)
    return month


def _month_select(label: tuple[str, str], keys: tuple[str, ...], labels: dict[str, str], name: str, default: int) -> str:
    return st.selectbox(state.text(*label), keys, index=default, key=state.key(PAGE, name), format_func=labels.get)


def show_compare(combined: Atlas, period: Period) -> None:
    """Two of your months: what the followed side gained and lost between them, on a map and as a list."""
    lang = state.language()
    st.subheader(state.text("Compare two of your dates", "Vergelijk twee van je data"), anchor=False)
    keys = period.keys
    labels = {key: period.label(step, lang) for key, step in zip(keys, period.steps, strict=True)}
    left, right = st.columns(2)
    with left:
        first = _month_select(("Date A", "Datum A"), keys, labels, "compare_a", 0)
    with right:
        second = _month_select(("Date B", "Datum B"), keys, labels, "compare_b", len(keys) - 1)
    a, b = sorted((period.steps[keys.index(first)], period.steps[keys.index(second)]))
    changes = month_changes(combined, a, b, period)
    layer = build_difference_layer(difference_features(changes, combined.places, lang, combined.sides))
    base = build_base_map(lang=lang).add_child(FitRegion(data_bounds(combined.places)))
    show_map(base, layer, key=f"{PAGE}-map-difference", height=460)
    compare_view.show_change_legend(changes, combined.sides)
    compare_view.show_change_table(change_table(combined, a, b, lang, period))


def spread_months(period: Period, count: int) -> tuple[date, ...]:
    """`count` months spread evenly from the first to the last of your timeline (fewer when it is shorter)."""
    months = period.steps
    if len(months) <= count:
        return months
    return tuple(months[round(i * (len(months) - 1) / (count - 1))] for i in range(count))


def show_multiples(combined: Atlas, period: Period, cells: dict | None) -> None:
    """Several of your months on one sheet at one scale, fitted to your places; downloadable as a PNG."""
    lang = state.language()
    st.subheader(state.text("Several of your dates at once", "Meerdere van je data tegelijk"), anchor=False)
    if period.unit != MONTH:
        st.caption(
            state.text(
                "The sheet of small maps shows months; your data spans only a few weeks, so step through its days on the map above.",
                "Het blad met kleine kaarten toont maanden; je data beslaan maar een paar weken, dus stap door de dagen op de kaart hierboven.",
            )
        )
        return
    count = st.radio(
        state.text("Number of maps", "Aantal kaarten"), list(PANEL_GRIDS), index=1, key=state.key(PAGE, "multiples_count"), horizontal=True
    )
    months = spread_months(period, count)
    if len(months) not in PANEL_GRIDS:
        st.caption(state.text("Your timeline has too few months for this sheet.", "Je tijdlijn heeft te weinig maanden voor dit blad."))
        return
    signature = (
        frames_fingerprint(combined.places[["place_id", "lat", "lon"]], combined.timeline[["event_id"]]),
        months,
        lang,
        cells is not None,
    )
    kept = state.get(PAGE, "multiples")
    if not kept or kept[0] != signature:
        with st.spinner(state.text("Drawing the maps…", "Kaarten tekenen…")):
            image = render_small_multiples(combined, cells, data.countries(), months, lang, bounds=data_bounds(combined.places))
        kept = (signature, render_png(image))
        state.put(PAGE, "multiples", kept)
    names = ", ".join(month_label(m, lang) for m in months)
    st.image(kept[1], width="stretch", output_format="PNG", caption=names)
    name = "your-maps-" + "_".join(format_month_key(m) for m in months) + ".png"
    st.download_button(
        state.text("Download the PNG", "Download de PNG"), kept[1], name, PNG, key=state.key(PAGE, "multiples_download"), icon="🖼️"
    )
