"""Which places matter most on a map: cities before towns before the rest, then the places with more events.

Labels are placed in this order (core/render/timeline_player/), clicks prefer higher ranks, and search breaks ties with it."""

from __future__ import annotations

import pandas as pd

from core.model.evidence import is_site

KIND_TIERS = {"city": 3, "town": 2}  # any other kind: 1; a site inside a town: 0


def kind_tier(kind: str, site: bool) -> int:
    """3 city, 2 town, 1 other kinds, 0 sites (drawn only when zoomed in)."""
    return 0 if site else KIND_TIERS.get(kind, 1)


def place_ranks(places: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """place_id -> rank (0 = most important), ordered by kind tier, then number of events, then name."""
    counts = events["place_id"].value_counts()
    table = pd.DataFrame(
        {
            "place_id": places["place_id"].to_numpy(),
            "tier": [kind_tier(k, s) for k, s in zip(places["kind"], is_site(places), strict=True)],
            "events": places["place_id"].map(counts).fillna(0).astype(int).to_numpy(),
            "name": places["name_en"].to_numpy(),
        }
    )
    ordered = table.sort_values(["tier", "events", "name"], ascending=[False, False, True], kind="stable")
    return pd.Series(range(len(ordered)), index=ordered["place_id"].to_numpy())


def place_tiers(places: pd.DataFrame) -> pd.Series:
    """place_id -> kind tier (see kind_tier)."""
    return pd.Series([kind_tier(k, s) for k, s in zip(places["kind"], is_site(places), strict=True)], index=places["place_id"].to_numpy())
