"""Builds the date-dependent layer for a month from cached data; shared by map, compare and present pages."""

from __future__ import annotations

from datetime import date

import folium
import pandas as pd

from components import data
from core.constants import TIMELINE_START
from core.control import events_between
from core.dates import month_end
from core.mapping import build_control_layer, place_features


def attacks_until(month: date) -> pd.DataFrame:
    """Attacks from the start of the timeline to the end of `month` (cumulative layer)."""
    return events_between(data.atlas(), TIMELINE_START, month_end(month), types=("attack",))


def month_layer(
    month: date,
    lang: str,
    highlighted: set[str] | None = None,
    show_territory: bool = True,
    show_attacks: bool = True,
    name: str = "control",
) -> folium.FeatureGroup:
    """Places by holder on `month` (events of the month ringed), territory and attacks."""
    atlas = data.atlas()
    month_events = data.month_events(month)
    ringed = set(month_events["place_id"]) | (highlighted or set())
    drawn = place_features(atlas.places, data.month_state(month), lang, ringed)
    territory = data.month_territory(month) if show_territory else []
    attacks = attacks_until(month) if show_attacks else attacks_until(month).iloc[0:0]
    return build_control_layer(drawn, territory, attacks, atlas.places, lang, name=name)
