"""Compare two months: preset pairs, URL reading, gained/lost/held/never/changed-in-between per place and the change list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from core.codes.constants import CONTROL_EVENT_TYPES
from core.codes.dates import date_label, format_month_key, month_label
from core.codes.sides import Sides
from core.model.atlas import Atlas
from core.model.control import changes_between, control_at_dates, events_between
from core.model.period import ATLAS_PERIOD, Period
from core.model.provenance import event_type_name, followed_name
from core.text.i18n import escape, pick, place_name, status_name

CHANGE_KINDS = ("gained", "lost", "between", "held", "never")


@dataclass(frozen=True)
class ChangeStyle:
    """How one kind of change is drawn: a colour no holder uses (core.codes.sides.PALETTE is Okabe-Ito; these
    are Paul Tol's) plus a shape of its own, so colour is never the only cue."""

    kind: str
    name_en: str
    name_nl: str
    colour: str
    shape: str


CHANGE_STYLES: dict[str, ChangeStyle] = {
    s.kind: s
    for s in (
        ChangeStyle("gained", "gained by {side}", "gewonnen door {side}", "#882255", "triangle_up"),
        ChangeStyle("lost", "lost by {side}", "verloren door {side}", "#332288", "triangle_down"),
        ChangeStyle("between", "changed hands in between", "tussendoor van eigenaar gewisseld", "#44AA99", "hourglass"),
        ChangeStyle("held", "held by {side} on both dates", "op beide data in handen van {side}", "#555555", "square"),
        ChangeStyle("never", "not held by {side} on either date", "op geen van beide data in handen van {side}", "#BBBBBB", "circle"),
    )
}
_CHANGE_SHAPES = {
    "triangle_up": '<polygon points="12,2 22,20 2,20" fill="{c}" stroke="{o}" stroke-width="1.5"/>',
    "triangle_down": '<polygon points="2,4 22,4 12,22" fill="{c}" stroke="{o}" stroke-width="1.5"/>',
    "hourglass": '<polygon points="3,2 21,2 12,12 21,22 3,22 12,12" fill="{c}" stroke="{o}" stroke-width="1.5"/>',
    "square": '<rect x="5" y="5" width="14" height="14" fill="{c}" stroke="{o}" stroke-width="1.5"/>',
    "circle": '<circle cx="12" cy="12" r="5" fill="{c}" stroke="{o}" stroke-width="1"/>',
}


@dataclass(frozen=True)
class KeyMoment:
    """A month worth comparing, with a short reason shown beside it."""

    month: date
    note_en: str
    note_nl: str


KEY_MOMENTS: dict[str, KeyMoment] = {
    format_month_key(m.month): m
    for m in (
        KeyMoment(date(2014, 6, 1), "fall of Mosul", "val van Mosoel"),
        KeyMoment(date(2015, 1, 1), "near the peak", "rond het hoogtepunt"),
        KeyMoment(date(2016, 1, 1), "after Ramadi", "na Ramadi"),
        KeyMoment(date(2017, 1, 1), "battle of Mosul", "slag om Mosoel"),
        KeyMoment(date(2017, 10, 1), "fall of Raqqa", "val van Raqqa"),
        KeyMoment(date(2019, 3, 1), "Baghuz, the end", "Baghuz, het einde"),
    )
}
PRESETS: tuple[tuple[str, str], ...] = (
    ("2014-06", "2015-01"),
    ("2015-01", "2016-01"),
    ("2016-01", "2017-01"),
    ("2017-01", "2017-10"),
    ("2017-10", "2019-03"),
    ("2015-01", "2017-10"),
    ("2014-06", "2019-03"),
)
DEFAULT_PAIR = ("2015-01", "2017-10")


def change_symbol(kind: str) -> str:
    """Inline SVG for a change kind; the same drawing on the map and in the legend."""
    style = CHANGE_STYLES[kind]
    outline = "#000000"
    shape = _CHANGE_SHAPES[style.shape].format(c=style.colour, o=outline)
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">{shape}</svg>'


def change_name(kind: str, lang: str, sides: Sides) -> str:
    """'gained by Islamic State' / 'gewonnen door Geallieerden': the change from the followed side's point of view."""
    return pick(lang, CHANGE_STYLES[kind].name_en, CHANGE_STYLES[kind].name_nl).format(side=followed_name(sides, lang))


def preset_label(pair: tuple[str, str], lang: str) -> str:
    """'June 2014 (fall of Mosul) → January 2015 (near the peak)'."""
    parts = []
    for key in pair:
        moment = KEY_MOMENTS[key]
        parts.append(f"{month_label(moment.month, lang)} ({pick(lang, moment.note_en, moment.note_nl)})")
    return " → ".join(parts)


def preset_for(first: str, second: str) -> tuple[str, str] | None:
    """The preset matching a pair of month keys, if any."""
    return (first, second) if (first, second) in PRESETS else None


def month_changes(atlas: Atlas, first: date, second: date, period: Period = ATLAS_PERIOD) -> pd.DataFrame:
    """changes_between for the state shown on the slider (the end of each step: a month, or a day); a place the
    followed side held on both dates but lost for a while, or held on neither but took for a while, 'changed hands
    in between' (Palmyra)."""
    changes = changes_between(atlas, period.end(first), period.end(second))
    held_at_start = set(changes.loc[changes["controller_a"] == atlas.sides.focus, "place_id"])
    flipped = changes["place_id"].isin(flipped_between(atlas, first, second, held_at_start, period))
    changes.loc[flipped & changes["change"].isin(["held", "never"]), "change"] = "between"
    return changes


def flipped_between(atlas: Atlas, first: date, second: date, held_at_start: set[str], period: Period = ATLAS_PERIOD) -> set[str]:
    """Places whose 'held by IS' changed at some month end strictly between `first` and `second`, compared with
    `first` (the slider's months: a change and its reversal inside one month are not seen, as on the map)."""
    inner = [period.end(step) for step in period.between(first, second)][1:-1]
    if not inner:
        return set()
    table = control_at_dates(atlas, inner)
    is_days = table[table["controller"] == atlas.sides.focus].groupby("place_id").size()
    took = {place for place in is_days.index if place not in held_at_start}
    lost = {place for place in held_at_start if is_days.get(place, 0) < len(inner)}
    return took | lost


def difference_features(changes: pd.DataFrame, places: pd.DataFrame, lang: str, sides: Sides) -> pd.DataFrame:
    """Places with coordinates, their change kind and an escaped tooltip label, ready to draw."""
    drawn = places[["place_id", "name_en", "name_nl", "lat", "lon"]].merge(changes, on="place_id", how="inner")
    drawn["label"] = [
        f"{escape(place_name(row, lang))}: {escape(change_name(row['change'], lang, sides))}"
        f" ({escape(holder_text(row['controller_a'], row['status_a'], lang, sides))} → {escape(holder_text(row['controller_b'], row['status_b'], lang, sides))})"
        for row in drawn.to_dict("records")
    ]
    return drawn


def holder_text(controller: str, status: str, lang: str, sides: Sides) -> str:
    """'Islamic State', 'Islamic State (contested)' or '—' for no holder."""
    if not controller:
        return "—"
    if status in ("", "held"):
        return sides.name(controller, lang)
    return f"{sides.name(controller, lang)} ({status_name(status, lang)})"


def count_changes(changes: pd.DataFrame) -> dict[str, int]:
    """Number of places per change kind, in the legend's order."""
    counts = changes["change"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in CHANGE_KINDS}


def control_events_between(atlas: Atlas, first: date, second: date, period: Period = ATLAS_PERIOD) -> pd.DataFrame:
    """Control events after the end of step `first` up to the end of step `second` (months, or days)."""
    return events_between(atlas, period.end(first) + timedelta(days=1), period.end(second), types=CONTROL_EVENT_TYPES)


def change_table(atlas: Atlas, first: date, second: date, lang: str, period: Period = ATLAS_PERIOD) -> pd.DataFrame:
    """One row per place whose holder or state differs between the steps, with the events between."""
    changes = month_changes(atlas, first, second, period)
    changed = changes[changes["changed_hands"] | (changes["change"] == "between")]
    events = control_events_between(atlas, first, second, period)
    names = atlas.places.set_index("place_id")
    rows = []
    for row in changed.to_dict("records"):
        place_events = events[events["place_id"] == row["place_id"]]
        rows.append(
            {
                "place_id": row["place_id"],
                "place": place_name(names.loc[row["place_id"]], lang) if row["place_id"] in names.index else row["place_id"],
                "holder_a": holder_text(row["controller_a"], row["status_a"], lang, atlas.sides),
                "holder_b": holder_text(row["controller_b"], row["status_b"], lang, atlas.sides),
                "change": change_name(row["change"], lang, atlas.sides),
                "events": " · ".join(_event_line(e, lang, atlas.sides) for e in place_events.to_dict("records")),
                "evidence": " · ".join(f"“{e}”" for e in place_events["evidence"]),
            }
        )
    table = pd.DataFrame(rows, columns=["place_id", "place", "holder_a", "holder_b", "change", "events", "evidence"])
    return table.sort_values("place", kind="stable").reset_index(drop=True)


def _event_line(event: dict, lang: str, sides: Sides) -> str:
    """'10 June 2014: captured by IS' (approximate dates carry '~')."""
    return f"{date_label(event['date'].date(), event['date_precision'], lang)}: {event_type_name(event['event_type'], lang, sides)}"
