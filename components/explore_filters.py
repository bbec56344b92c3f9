"""The search box and filters of the Explore and Export pages (one component, so both show the same rows).

Each page has its own widget keys; the chosen values are also kept under 'tables.filters' and every
filter widget starts from them, so the filters set on Explore are already set on Export.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import state
from core.codes.constants import EVENT_TYPES, PLACE_KINDS
from core.codes.dates import MONTH_KEYS, format_month_key, month_label, parse_month, timeline_months
from core.model.atlas import Atlas
from core.model.explore import Filters, apply_filters
from core.model.provenance import event_type_name
from core.text.labels import country_name, kind_name

SHARED = ("tables", "filters")
FIELDS = ("query", "countries", "kinds", "actors", "types", "period")


def _widget_key(page: str, name: str) -> str:
    return state.key(page, f"filter_{name}")


def _widget_values(filters: Filters) -> dict:
    period = (format_month_key(filters.first or timeline_months()[0]), format_month_key(filters.last or timeline_months()[-1]))
    return {
        "query": filters.query,
        "countries": list(filters.countries),
        "kinds": list(filters.kinds),
        "actors": list(filters.actors),
        "types": list(filters.types),
        "period": period,
    }


def _filters_from_widgets(page: str) -> Filters:
    values = {name: state.get(page, f"filter_{name}") for name in FIELDS}
    first, last = values["period"]
    return Filters(
        query=values["query"].strip(),
        countries=tuple(values["countries"]),
        kinds=tuple(values["kinds"]),
        actors=tuple(values["actors"]),
        types=tuple(values["types"]),
        first=None if first == MONTH_KEYS[0] else parse_month(first),
        last=None if last == MONTH_KEYS[-1] else parse_month(last),
    )


def _defaults() -> dict:
    """Widgets start from the filters last chosen on any page (or from nothing)."""
    return _widget_values(state.get(*SHARED) or Filters())


def _save(page: str) -> None:
    state.put(*SHARED, _filters_from_widgets(page))


def _clear(page: str) -> None:
    for name in FIELDS:
        state.forget(page, f"filter_{name}")
    state.put(*SHARED, Filters())


def filter_widgets(page: str, atlas: Atlas) -> Filters:
    """Search box, country, kind, actor, event type and period; returns what is chosen."""
    lang = state.language()
    start = _defaults()
    common = {"on_change": _save, "args": (page,)}
    any_value = {"placeholder": state.text("Any", "Alle")}
    with st.container(border=True, key=f"{page}-filters"):
        search, countries, kinds = st.columns([2, 1, 1])
        search.text_input(
            state.text("Search places and events (any spelling)", "Zoek plaatsen en gebeurtenissen (elke spelling)"),
            value=start["query"],
            key=_widget_key(page, "query"),
            placeholder=state.text("Mosul, Mosoel, al-Mawsil, siege…", "Mosoel, Mosul, al-Mawsil, beleg…"),
            **common,
        )
        countries.multiselect(
            state.text("Country", "Land"),
            sorted(atlas.places["country"].unique(), key=lambda code: country_name(code, lang)),
            default=start["countries"],
            key=_widget_key(page, "countries"),
            **any_value,
            format_func=lambda code: country_name(code, lang),
            **common,
        )
        present_kinds = set(atlas.places["kind"])
        kinds.multiselect(
            state.text("Kind of place", "Soort plaats"),
            [k for k in PLACE_KINDS if k in present_kinds],
            default=[k for k in start["kinds"] if k in present_kinds],
            key=_widget_key(page, "kinds"),
            **any_value,
            format_func=lambda code: kind_name(code, lang),
            **common,
        )
        actors, types, period = st.columns([1, 1, 2])
        actors.multiselect(
            state.text("Actor (before, after or opponent)", "Partij (voor, na of tegenstander)"),
            list(atlas.sides),
            default=start["actors"],
            key=_widget_key(page, "actors"),
            **any_value,
            format_func=lambda code: atlas.sides.name(code, lang),
            **common,
        )
        present_types = [t for t in EVENT_TYPES if t in set(atlas.events["event_type"])]
        types.multiselect(
            state.text("Event type", "Soort gebeurtenis"),
            present_types,
            default=[t for t in start["types"] if t in present_types],
            key=_widget_key(page, "types"),
            **any_value,
            format_func=lambda code: event_type_name(code, lang, atlas.sides),
            **common,
        )
        period.select_slider(
            state.text("Period", "Periode"),
            options=MONTH_KEYS,
            value=start["period"],
            key=_widget_key(page, "period"),
            format_func=lambda k: month_label(parse_month(k), lang),
            **common,
        )
        st.button(
            state.text("Clear filters", "Filters wissen"),
            key=state.key(page, "filter_clear"),
            on_click=_clear,
            args=(page,),
            type="tertiary",
        )
    return _filters_from_widgets(page)


def filtered(atlas: Atlas, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(places, events) the filters keep."""
    return apply_filters(atlas.places, atlas.events, filters)


def period_end(filters: Filters) -> date:
    """The last month of the chosen period (the end of the timeline when open)."""
    return filters.last or timeline_months()[-1]
