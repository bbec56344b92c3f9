"""The control model: who held each place on a date, what changed between dates, a place's history."""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.codes.constants import FIGHTING_EVIDENCE_DAYS, FIGHTING_STATUSES, UNCERTAIN, UNCERTAIN_AFTER_DAYS
from core.codes.dates import month_end, timeline_months
from core.model.atlas import Atlas
from core.model.evidence import ARTICLE

STATE_COLUMNS = ["place_id", "controller", "status", "opponent", "since", "since_precision", "last_event_id", "basis"]


def control_on(atlas: Atlas, day: date) -> pd.DataFrame:
    """State of every place that has a holder on `day`."""
    return control_at_dates(atlas, [day]).drop(columns="day")


def control_at_dates(atlas: Atlas, days: list[date]) -> pd.DataFrame:
    """State of every place with a holder on each of `days`, in one vectorised pass (merge_asof per place).

    The last control event with effective date <= the day wins (ties keep file order); before a place's
    first event its initial state holds. The followed side holding that nothing confirms for more than a year, and
    fighting (contested, besieged) that no solid event in the last FIGHTING_EVIDENCE_DAYS says went on, become
    `uncertain`. Columns: day + STATE_COLUMNS; basis says what the state rests on: article, source or initial.
    """
    control = atlas.control_events[
        ["place_id", "effective_date", "actor_after", "status_after", "opponent", "date", "date_precision", "event_id", "basis"]
    ]
    last_solid = _solid(atlas.control_events).groupby("place_id")["effective_date"].max()
    grid = atlas.places[["place_id", "initial_controller", "initial_status"]].merge(
        pd.DataFrame({"day": pd.to_datetime(sorted(set(days))).astype("datetime64[ns]")}), how="cross"
    )
    state = pd.merge_asof(
        grid.astype({"place_id": str}).sort_values("day", kind="stable"),
        control.astype({"place_id": str, "effective_date": "datetime64[ns]"}).sort_values("effective_date", kind="stable"),
        left_on="day",
        right_on="effective_date",
        by="place_id",
        direction="backward",
    )
    changed = state["event_id"].notna()
    result = pd.DataFrame(
        {
            "day": state["day"],
            "place_id": state["place_id"],
            "controller": state["actor_after"].where(changed, state["initial_controller"]).fillna(""),
            "status": state["status_after"].where(changed, state["initial_status"]).fillna("").replace("", "held"),
            "opponent": state["opponent"].where(changed, "").fillna(""),
            "since": state["date"],
            "since_precision": state["date_precision"].fillna(""),
            "last_event_id": state["event_id"].fillna(""),
            "basis": state["basis"].where(changed, "initial").fillna("initial"),
        }
    )
    stale = _unconfirmed(state, last_solid) & (result["controller"] == atlas.sides.focus) & (result["status"] == "held")
    fighting = result["status"].isin(FIGHTING_STATUSES)
    result.loc[stale | (fighting & ~_fighting_confirmed(state, _solid(atlas.control_events))), "status"] = UNCERTAIN
    held = result[result["controller"] != ""]
    order = held["place_id"].map({p: i for i, p in enumerate(atlas.places["place_id"])})
    return held.assign(order=order).sort_values(["day", "order"], kind="stable").drop(columns="order").reset_index(drop=True)


def _solid(timeline: pd.DataFrame) -> pd.DataFrame:
    """Events that confirm what came before them: cited ones (or ones a cited source agrees with), and the
    article's own (not inferred) ones."""
    return timeline[(timeline["basis"] != ARTICLE) | (timeline["flag"] != "inferred") | (timeline["cited"] == "yes")]


def _unconfirmed(state: pd.DataFrame, last_solid: pd.Series) -> pd.Series:
    """Rows older than UNCERTAIN_AFTER_DAYS whose state no later solid event confirms (an inferred article
    row, e.g. a general statement applied to a place, still changes the holder but confirms nothing)."""
    if state.empty:
        return pd.Series(False, index=state.index)
    later_solid = state["place_id"].map(last_solid.to_dict()).astype("datetime64[ns]")
    unconfirmed = state["effective_date"].notna() & ~(later_solid > state["effective_date"])
    return unconfirmed & ((state["day"] - state["effective_date"]).dt.days > UNCERTAIN_AFTER_DAYS)


def _fighting_confirmed(state: pd.DataFrame, solid: pd.DataFrame) -> pd.Series:
    """True where a solid event at the place showed fighting (contested, besieged) at most FIGHTING_EVIDENCE_DAYS
    before the day: a fight stands as long as a source says it went on, and no longer."""
    if state.empty:
        return pd.Series(False, index=state.index)
    days = state[["place_id", "day"]].reset_index()
    fights = solid.loc[solid["status_after"].isin(FIGHTING_STATUSES), ["place_id", "effective_date"]]
    fights = fights.astype({"place_id": str, "effective_date": "datetime64[ns]"}).rename(columns={"effective_date": "seen"})
    seen = pd.merge_asof(days, fights.sort_values("seen"), left_on="day", right_on="seen", by="place_id", direction="backward")
    confirmed = (seen["day"] - seen["seen"]) <= pd.Timedelta(days=FIGHTING_EVIDENCE_DAYS)
    return pd.Series(confirmed.to_numpy(), index=days["index"].to_numpy()).reindex(state.index)


def control_by_month(atlas: Atlas, months: list[date] | tuple[date, ...] | None = None) -> pd.DataFrame:
    """The state at the end of every timeline month (the slider's states), keyed by the month's first day;
    `months`: another timeline's (an uploaded dataset's own), else the atlas's."""
    months = list(months) if months is not None else timeline_months()
    return control_by_step(atlas, months, [month_end(m) for m in months])


def control_by_step(atlas: Atlas, steps: list[date] | tuple[date, ...], ends: list[date]) -> pd.DataFrame:
    """The state on each of `ends`, keyed (column `month`) by the step it closes (a month's first day, or a day)."""
    keyed = {pd.Timestamp(end): pd.Timestamp(step) for step, end in zip(steps, ends, strict=True)}
    table = control_at_dates(atlas, list(ends))
    return table.assign(month=table["day"].map(keyed)).drop(columns="day")


def place_state(states: pd.DataFrame, place_id: str) -> tuple[str, str] | None:
    """(holder, status) of a place in one month's state table (control_in_month, or one month of
    control_by_month): what the map draws and the card says; None when the place has no holder then."""
    rows = states[states["place_id"] == place_id]
    return None if rows.empty else (rows["controller"].iloc[0], rows["status"].iloc[0])


def control_in_month(atlas: Atlas, month: date) -> pd.DataFrame:
    """The state shown for a month on the slider: as it stood at the end of that month."""
    return control_on(atlas, month_end(month))


def classify_change(held_before: pd.Series, held_after: pd.Series) -> pd.Series:
    """gained / lost / held / never, from the followed side's point of view, for aligned boolean series."""
    return pd.Series(
        [
            ("held" if before else "gained") if after else ("lost" if before else "never")
            for before, after in zip(held_before, held_after, strict=True)
        ],
        index=held_before.index,
        dtype=str,
    )


def changes_between(atlas: Atlas, first: date, second: date) -> pd.DataFrame:
    """Per place: holder on each date and the change for the followed side (gained, lost, held, never)."""
    before = control_on(atlas, first).set_index("place_id")[["controller", "status"]]
    after = control_on(atlas, second).set_index("place_id")[["controller", "status"]]
    both = before.join(after, how="outer", suffixes=("_a", "_b")).fillna("")
    both["change"] = classify_change(both["controller_a"] == atlas.sides.focus, both["controller_b"] == atlas.sides.focus)
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
    """Number of places the followed side (IS) held (and held, contested or besieged) at the end of each month."""
    table = control_by_month(atlas)
    is_rows = table[table["controller"] == atlas.sides.focus]
    counts = pd.DataFrame({"month": [pd.Timestamp(m) for m in timeline_months()]})
    held = is_rows[is_rows["status"] == "held"].groupby("month").size()
    every = is_rows.groupby("month").size()
    counts["held"] = counts["month"].map(held).fillna(0).astype(int)
    counts["all"] = counts["month"].map(every).fillna(0).astype(int)
    return counts


def inconsistent_sequences(atlas: Atlas) -> pd.DataFrame:
    """Control events whose 'before' side is not who held the place then (unless the row has a note)."""
    control = atlas.control_events
    initial = atlas.places.set_index("place_id")["initial_controller"]
    previous_holder = control.groupby("place_id")["actor_after"].shift(1)
    expected = previous_holder.fillna(control["place_id"].map(initial))
    mismatch = (control["actor_before"] != "") & (control["actor_before"] != expected)
    return control[mismatch & (control["note"] == "")]
