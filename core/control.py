"""The control model: who held each place on a date, what changed between dates, a place's history."""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.atlas import Atlas
from core.dates import month_end, timeline_months

STATE_COLUMNS = ["place_id", "controller", "status", "opponent", "since", "since_precision", "last_event_id"]


def control_on(atlas: Atlas, day: date) -> pd.DataFrame:
    """State of every place that has a holder on `day` (vectorised: one filter, one drop_duplicates)."""
    control = atlas.control_events
    happened = control[control["effective_date"] <= pd.Timestamp(day)]
    latest = happened.drop_duplicates("place_id", keep="last").set_index("place_id")
    state = atlas.places[["place_id", "initial_controller", "initial_status"]].set_index("place_id")
    state = state.join(latest[["actor_after", "status_after", "opponent", "date", "date_precision", "event_id"]])
    changed = state["event_id"].notna()
    result = pd.DataFrame(
        {
            "controller": state["actor_after"].where(changed, state["initial_controller"]),
            "status": state["status_after"].where(changed, state["initial_status"]).replace("", "held"),
            "opponent": state["opponent"].where(changed, "").fillna(""),
            "since": state["date"],
            "since_precision": state["date_precision"].fillna(""),
            "last_event_id": state["event_id"].fillna(""),
        }
    ).reset_index()
    return result[result["controller"].fillna("") != ""][STATE_COLUMNS].reset_index(drop=True)


def control_in_month(atlas: Atlas, month: date) -> pd.DataFrame:
    """The state shown for a month on the slider: as it stood at the end of that month."""
    return control_on(atlas, month_end(month))


def classify_change(held_before: pd.Series, held_after: pd.Series) -> pd.Series:
    """gained / lost / held / never, from IS's point of view, for aligned boolean series."""
    return pd.Series(
        [
            ("held" if before else "gained") if after else ("lost" if before else "never")
            for before, after in zip(held_before, held_after, strict=True)
        ],
        index=held_before.index,
        dtype=str,
    )


def changes_between(atlas: Atlas, first: date, second: date) -> pd.DataFrame:
    """Per place: holder on each date and the change for IS (gained, lost, held, never)."""
    before = control_on(atlas, first).set_index("place_id")[["controller", "status"]]
    after = control_on(atlas, second).set_index("place_id")[["controller", "status"]]
    both = before.join(after, how="outer", suffixes=("_a", "_b")).fillna("")
    both["change"] = classify_change(both["controller_a"] == "IS", both["controller_b"] == "IS")
    both["changed_hands"] = (both["controller_a"] != both["controller_b"]) | (both["status_a"] != both["status_b"])
    return both.reset_index()


def events_between(atlas: Atlas, first: date, last: date, types: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Events whose effective date lies in [first, last]; optionally only some event types."""
    events = atlas.events
    mask = events["effective_date"].between(pd.Timestamp(first), pd.Timestamp(last))
    if types is not None:
        mask &= events["event_type"].isin(types)
    return events[mask]


def events_in_month(atlas: Atlas, month: date) -> pd.DataFrame:
    """Events that count in the given month (approximate ones by their effective date)."""
    return events_between(atlas, date(month.year, month.month, 1), month_end(month))


def place_history(atlas: Atlas, place_id: str) -> pd.DataFrame:
    """Every event at a place in order (effective date, then file order)."""
    return atlas.events[atlas.events["place_id"] == place_id]


def is_held_counts_by_month(atlas: Atlas) -> pd.DataFrame:
    """Number of places IS held (and contested/besieged) at the end of each timeline month."""
    rows = []
    for month in timeline_months():
        state = control_in_month(atlas, month)
        is_held = state[state["controller"] == "IS"]
        rows.append({"month": pd.Timestamp(month), "held": int((is_held["status"] == "held").sum()), "all": len(is_held)})
    return pd.DataFrame(rows)


def inconsistent_sequences(atlas: Atlas) -> pd.DataFrame:
    """Control events whose 'before' side is not who held the place then (unless the row has a note)."""
    control = atlas.control_events
    initial = atlas.places.set_index("place_id")["initial_controller"]
    previous_holder = control.groupby("place_id")["actor_after"].shift(1)
    expected = previous_holder.fillna(control["place_id"].map(initial))
    mismatch = (control["actor_before"] != "") & (control["actor_before"] != expected)
    return control[mismatch & (control["note"] == "")]
