"""Explore charts (Altair, drawn by Streamlit's own bundled Vega: no CDN): IS places, IS area, events per month.

Clicking a month on a chart chooses it for the map; the button opens the map there.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from components import data, state
from core.codes.constants import ARTICLE_AREA_REFERENCE, EVENT_TYPES, TIMELINE_END, TIMELINE_START
from core.codes.dates import MONTH_KEYS, format_month_key, month_label, parse_month
from core.model.explore import events_per_month, month_from_selection
from core.model.source_check import ihs_series
from core.model.territory import METHOD_TEXT, RADIUS_KM
from core.text.i18n import pick

PICK = "month_pick"  # the point selection's name in every chart
CHART_HEIGHT = 260


def focus_colour() -> str:
    """The colour of the side the atlas follows (its lines in the charts)."""
    sides = data.atlas().sides
    side = sides.get(sides.focus)
    return side.colour if side else "#000000"


# Okabe-Ito, then two greys: colour-blind safe; the tooltip names the type as a second cue.
TYPE_COLOURS = ["#000000", "#0072B2", "#D55E00", "#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#999999", "#555555"]


def _pick() -> alt.Parameter:
    return alt.selection_point(name=PICK, fields=["month_key"], on="click", nearest=True, empty=False)


def _x(title: str, field: str = "month:T") -> alt.X:
    """The timeline as the x axis of every chart, so the three line up month for month."""
    domain = [alt.DateTime(year=d.year, month=d.month, date=d.day) for d in (TIMELINE_START, TIMELINE_END)]
    return alt.X(field, title=title, axis=alt.Axis(format="%Y", tickCount="year"), scale=alt.Scale(domain=domain))


def _month_tooltip() -> alt.Tooltip:
    """The month by name in the UI language (Vega's own '%B' would name it in English)."""
    return alt.Tooltip("month_name:N", title=state.text("Month", "Maand"))


def _with_month_names(frame: pd.DataFrame) -> pd.DataFrame:
    lang = state.language()
    return frame.assign(month_name=[month_label(stamp.date(), lang) for stamp in frame["month"]])


def _chosen_key(page: str) -> str:
    return state.key(page, "chart_month")


def _on_pick(page: str, chart_key: str) -> None:
    """A clicked month becomes the month to open, and the map's month (without leaving this page)."""
    month = month_from_selection(st.session_state.get(chart_key), PICK)
    if month is not None:
        state.put(page, "chart_month", format_month_key(month))
        state.handoff_to_map(month, switch=False)


def _show(page: str, chart: alt.TopLevelMixin, name: str) -> None:
    chart_key = state.key(page, f"chart_{name}")
    st.altair_chart(chart, key=chart_key, on_select=lambda: _on_pick(page, chart_key), selection_mode=PICK, width="stretch")


def held_chart(counts: pd.DataFrame) -> alt.LayerChart:
    long = counts.melt(id_vars="month", value_vars=["held", "all"], var_name="measure", value_name="places")
    long["month_key"] = long["month"].dt.strftime("%Y-%m")
    long = _with_month_names(long)
    long["measure"] = long["measure"].map(
        {
            "held": state.text("held", "in handen"),
            "all": state.text("held, contested or besieged", "in handen, betwist of belegerd"),
        }
    )
    base = alt.Chart(long).encode(
        x=_x(state.text("Month", "Maand")),
        y=alt.Y("places:Q", title=state.text("Places held by IS", "Plaatsen in handen van IS")),
        strokeDash=alt.StrokeDash("measure:N", title=None, legend=alt.Legend(orient="top")),
        tooltip=[
            _month_tooltip(),
            alt.Tooltip("measure:N", title=state.text("Counted", "Geteld")),
            alt.Tooltip("places:Q", title=state.text("Places", "Plaatsen")),
        ],
    )
    return (
        base.mark_line(color=focus_colour()) + base.mark_point(color=focus_colour(), size=18, filled=True).add_params(_pick())
    ).properties(height=CHART_HEIGHT)


PUBLISHED_COLOUR = "#CC79A7"


def area_chart(areas: pd.DataFrame, published: pd.DataFrame) -> alt.LayerChart:
    """Estimated IS area per month, the published IHS figures as triangles, and the article's own figure
    marked as a diamond with a dashed line."""
    areas = _with_month_names(areas.assign(month_key=areas["month"].dt.strftime("%Y-%m"), area_km2=areas["area_km2"].round(-2)))
    reference_day, reference_km2 = ARTICLE_AREA_REFERENCE
    label = state.text(
        f"Article: about {reference_km2:,} km² at the end of {reference_day.year}",
        f"Artikel: ongeveer {reference_km2:,} km² eind {reference_day.year}",
    ).replace(",", " ")
    reference = pd.DataFrame(
        {"month": [pd.Timestamp(reference_day.year, reference_day.month, 1)], "area_km2": [reference_km2], "label": [label]}
    )
    base = alt.Chart(areas).encode(
        x=_x(state.text("Month", "Maand")),
        y=alt.Y("area_km2:Q", title=state.text("Estimated area held by IS (km²)", "Geschat gebied van IS (km²)")),
        tooltip=[
            _month_tooltip(),
            alt.Tooltip("area_km2:Q", format=",.0f", title="km²"),
        ],
    )
    line = base.mark_line(color=focus_colour()) + base.mark_point(color=focus_colour(), size=18, filled=True).add_params(_pick())
    rule = alt.Chart(reference).mark_rule(strokeDash=[4, 4], color="#D55E00").encode(y="area_km2:Q")
    point = alt.Chart(reference).mark_point(shape="diamond", size=160, filled=True, color="#D55E00").encode(x="month:T", y="area_km2:Q")
    text = (
        alt.Chart(reference)
        .mark_text(align="left", dx=10, dy=-12, color="#000000", fontWeight="bold")
        .encode(x="month:T", y="area_km2:Q", text="label:N")
    )
    figures = published.assign(source=[f"{p} ({d:%d-%m-%Y})" for p, d in zip(published["publisher"], published["date"], strict=True)])
    published_points = (
        alt.Chart(figures)
        .mark_point(shape="triangle-up", size=140, filled=True, color=PUBLISHED_COLOUR, stroke="#000000", strokeWidth=0.8)
        .encode(
            x="date:T",
            y="km2:Q",
            tooltip=[
                alt.Tooltip("km2:Q", format=",.0f", title="km²"),
                alt.Tooltip("source:N", title=state.text("Published", "Gepubliceerd")),
            ],
        )
    )
    return (line + rule + point + text + published_points).properties(height=CHART_HEIGHT)


def events_chart(events: pd.DataFrame, lang: str) -> alt.Chart:
    counted = _with_month_names(events_per_month(events, lang, data.atlas().sides))
    present = [t for t in EVENT_TYPES if t in set(counted["event_type"])]
    names = counted.drop_duplicates("event_type").set_index("event_type")["type_name"]
    return (
        alt.Chart(counted)
        .mark_bar(width={"band": 0.85})
        .encode(
            x=_x(state.text("Month", "Maand"), "yearmonth(month):T"),
            y=alt.Y("sum(events):Q", title=state.text("Events", "Gebeurtenissen")),
            color=alt.Color(
                "type_name:N",
                title=state.text("Event type", "Soort gebeurtenis"),
                scale=alt.Scale(domain=[names[t] for t in present], range=TYPE_COLOURS[: len(present)]),
                legend=alt.Legend(orient="right"),
            ),
            order=alt.Order("event_type:N"),
            tooltip=[
                _month_tooltip(),
                alt.Tooltip("type_name:N", title=state.text("Type", "Soort")),
                alt.Tooltip("events:Q", title=state.text("Events", "Gebeurtenissen")),
            ],
        )
        .add_params(_pick())
        .properties(height=CHART_HEIGHT)
    )


def show_charts(page: str, events: pd.DataFrame) -> date:
    """The three charts; returns the month chosen (by a click on a chart or on the slider below them)."""
    lang = state.language()
    st.markdown(f"**{state.text('Places held by IS at the end of each month', 'Plaatsen in handen van IS aan het eind van elke maand')}**")
    _show(page, held_chart(data.is_held_counts()), "held")
    st.markdown(f"**{state.text('Estimated area held by IS', 'Geschat gebied in handen van IS')}**")
    _show(page, area_chart(data.is_area_series(), ihs_series(data.published_area())), "area")
    st.caption(
        pick(lang, *METHOD_TEXT).format(radius=RADIUS_KM)
        + " "
        + state.text(
            "Black line: the estimate. Pink triangles: published IHS Conflict Monitor figures. Orange diamond: the article's own figure.",
            "Zwarte lijn: de schatting. Roze driehoeken: gepubliceerde cijfers van IHS Conflict Monitor. Oranje ruit: het cijfer van het artikel.",
        )
    )
    st.markdown(
        f"**{state.text('Events per month, by type (follows the filters)', 'Gebeurtenissen per maand, per soort (volgt de filters)')}**"
    )
    shown = events[events["effective_date"].between(pd.Timestamp(TIMELINE_START), pd.Timestamp(TIMELINE_END))]
    if shown.empty:
        st.caption(state.text("No events in 2014–2019 match the filters.", "Geen gebeurtenissen in 2014–2019 voldoen aan de filters."))
    else:
        _show(page, events_chart(shown, lang), "events")
    outside = len(events) - len(shown)
    if outside:
        st.caption(
            state.text(
                f"{outside} events dated outside 2014–2019 are in the Events table only.",
                f"{outside} gebeurtenissen buiten 2014–2019 staan alleen in de tabel Gebeurtenissen.",
            )
        )
    return month_to_open(page)


def month_to_open(page: str) -> date:
    """'Open this month on the map': the month clicked on a chart, or chosen on the slider."""
    if state.get(page, "chart_month") is None:
        state.put(page, "chart_month", format_month_key(ARTICLE_AREA_REFERENCE[0]))
    lang = state.language()
    picked, button = st.columns([2.6, 1.4], vertical_alignment="bottom")
    picked.select_slider(
        state.text("Month (click a chart to choose it)", "Maand (klik op een grafiek om te kiezen)"),
        options=MONTH_KEYS,
        key=_chosen_key(page),
        format_func=lambda k: month_label(parse_month(k), lang),
    )
    month = parse_month(state.get(page, "chart_month"))
    if button.button(
        state.text("🗺️ Open this month on the map", "🗺️ Open deze maand op de kaart"), key=state.key(page, "open_month"), type="primary"
    ):
        state.handoff_to_map(month)
    return month
