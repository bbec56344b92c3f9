"""Spells: runs of months in which a place stays in one unsettled state (contested, besieged, uncertain), how
long each lasts and the events it rests on. `make agreement` prints the longest; tests hold the rule to them."""

from __future__ import annotations

import pandas as pd

from core.codes.constants import FIGHTING_STATUSES, UNCERTAIN
from core.model.atlas import Atlas
from core.model.control import control_by_month

UNSETTLED = (*FIGHTING_STATUSES, UNCERTAIN)
SPELL_COLUMNS = ["place_id", "controller", "status", "first", "last", "months", "rests_on", "site"]


def event_kinds(atlas: Atlas) -> dict[str, str]:
    """event id -> what it is as evidence: 'cited', 'article, cited' (a source agrees), 'article' or
    'article, inferred' (a general statement applied to the place: it confirms nothing)."""
    timeline = atlas.timeline
    kinds = {}
    for row in timeline[["event_id", "basis", "cited", "flag"]].itertuples(index=False):
        if row.basis != "article":
            kinds[row.event_id] = "cited"
        elif row.cited == "yes":
            kinds[row.event_id] = "article, cited"
        else:
            kinds[row.event_id] = "article, inferred" if row.flag == "inferred" else "article"
    return kinds


def state_spells(atlas: Atlas, statuses: tuple[str, ...] = UNSETTLED) -> pd.DataFrame:
    """Every run of consecutive months in which a place keeps one holder and one of `statuses`, longest first.

    rests_on: the events the months' states come from, each as (event id, kind) (see event_kinds; an empty id
    is the place's initial state); site: the place follows its town (not counted separately).
    """
    table = control_by_month(atlas).sort_values(["place_id", "month"], kind="stable").reset_index(drop=True)
    if table.empty:
        return pd.DataFrame(columns=SPELL_COLUMNS)
    step = table["month"].diff().dt.days.fillna(999) > 31  # a month without a holder breaks a run
    new_run = step | (table["place_id"] != table["place_id"].shift()) | (table["status"] != table["status"].shift())
    new_run |= table["controller"] != table["controller"].shift()
    runs = table.assign(run=new_run.cumsum())
    runs = runs[runs["status"].isin(statuses)]
    kinds = event_kinds(atlas)
    followers = set(atlas.places.loc[atlas.places["follows"] != "", "place_id"]) if "follows" in atlas.places else set()
    rows = [
        {
            "place_id": group["place_id"].iloc[0],
            "controller": group["controller"].iloc[0],
            "status": group["status"].iloc[0],
            "first": group["month"].min(),
            "last": group["month"].max(),
            "months": len(group),
            "rests_on": tuple((event_id, kinds.get(event_id, "initial")) for event_id in dict.fromkeys(group["last_event_id"])),
            "site": group["place_id"].iloc[0] in followers,
        }
        for _, group in runs.groupby("run", sort=False)
    ]
    spells = pd.DataFrame(rows, columns=SPELL_COLUMNS)
    return spells.sort_values(["months", "place_id", "first"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def rests_on_text(rests_on: tuple[tuple[str, str], ...]) -> str:
    """'kobani_20150625_contested (cited); kobani_2015_06_retaken (article, cited)'."""
    return "; ".join(f"{event_id or 'initial state'} ({kind})" for event_id, kind in rests_on)
