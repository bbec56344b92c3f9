"""Data quality: how many rows, how precise their dates and coordinates, what the data flags or leaves out.

Pure counting over an Atlas; the Explore page shows the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from core.codes.constants import PRECISIONS, TIMELINE_END
from core.codes.dates import date_label
from core.codes.sides import Sides
from core.model.atlas import Atlas
from core.model.control import control_on
from core.model.provenance import event_type_name
from core.model.tables import read_csv_text
from core.text.i18n import pick
from core.text.labels import coordinate_precision_name, coordinate_source_name, country_name, date_precision_name

UNMAPPED_FILE = "unmapped.csv"
UNMAPPED_COLUMNS = ["name", "reason", "evidence"]


@dataclass(frozen=True)
class RecordCounts:
    places: int
    events: int
    events_applied: int
    events_not_applied: int
    attacks: int


def record_counts(atlas: Atlas) -> RecordCounts:
    events = atlas.events
    not_applied = int((events["in_model"] == "no").sum())
    return RecordCounts(
        places=len(atlas.places),
        events=len(events),
        events_applied=len(events) - not_applied,
        events_not_applied=not_applied,
        attacks=int((events["event_type"] == "attack").sum()),
    )


def count_by(values: pd.Series, order: tuple[str, ...] = (), label: str = "value", name=None) -> pd.DataFrame:
    """(label, count) rows: the values of `order` first (zeros included), then any others by frequency; '' -> 'unknown'.

    With `name` (code -> display name) the label column holds the names instead of the codes."""
    counts = values.replace("", "unknown").value_counts()
    known = [(value, int(counts.get(value, 0))) for value in order]
    others = [(value, int(count)) for value, count in counts.items() if value not in order]
    return pd.DataFrame([(name(value) if name else value, count) for value, count in known + others], columns=[label, "count"])


def _namer(name_in, lang: str | None):
    return (lambda code: name_in(code, lang)) if lang else None


def precision_counts(events: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """How exactly the events are dated: day, month, season, year (every level listed, zeros too); named in `lang` if given."""
    return count_by(events["date_precision"], PRECISIONS, "precision", _namer(date_precision_name, lang))


def coordinate_source_counts(places: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """Where the coordinates come from (geonames, manual, nominatim, upload…)."""
    return count_by(places["coord_source"], label="source", name=_namer(coordinate_source_name, lang))


def coordinate_precision_counts(places: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """How precise the coordinates are (locality, site, approximate, region…)."""
    return count_by(places["coord_precision"], label="precision", name=_namer(coordinate_precision_name, lang))


def _event_rows(events: pd.DataFrame, places: pd.DataFrame, lang: str, sides: Sides) -> pd.DataFrame:
    names = places.set_index("place_id")["name_nl" if lang == "nl" else "name_en"]
    return pd.DataFrame(
        {
            "date": [date_label(d.date(), p, lang) for d, p in zip(events["date"], events["date_precision"], strict=True)],
            "place": events["place_id"].map(names).fillna(events["place_id"]),
            "what": [event_type_name(t, lang, sides) for t in events["event_type"]],
            "note": events["note"],
            "evidence": events["evidence"],
        }
    ).reset_index(drop=True)


def contradictions(atlas: Atlas, lang: str) -> pd.DataFrame:
    """Events the data flags as contradicting the article itself or known history, with the note and evidence."""
    return _event_rows(atlas.events[atlas.events["flag"] == "contradiction"], atlas.places, lang, atlas.sides)


def not_applied(atlas: Atlas, lang: str) -> pd.DataFrame:
    """Rows kept in the histories but not applied to the map (in_model = no); the note says why."""
    return _event_rows(atlas.events[atlas.events["in_model"] == "no"], atlas.places, lang, atlas.sides)


def still_held_by_is(atlas: Atlas, lang: str, day: date = TIMELINE_END) -> pd.DataFrame:
    """Places IS holds on `day` by the article's account (it never says IS lost them), with since when."""
    state = control_on(atlas, day)
    held = state[state["controller"] == atlas.sides.focus].merge(atlas.places[["place_id", "name_en", "name_nl", "country"]], on="place_id")
    return pd.DataFrame(
        {
            "place": held["name_nl"] if lang == "nl" else held["name_en"],
            "country": [country_name(code, lang) for code in held["country"]],
            "since": [
                date_label(s.date(), p, lang) if pd.notna(s) else pick(lang, "start", "begin")
                for s, p in zip(held["since"], held["since_precision"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def load_unmapped(data_dir: Path) -> pd.DataFrame:
    """What the article names but the table does not map (name, reason, evidence); empty when there is no file.

    Raises DataError when the file cannot be read."""
    path = Path(data_dir) / UNMAPPED_FILE
    if not path.is_file() or path.stat().st_size == 0:
        return pd.DataFrame(columns=UNMAPPED_COLUMNS)
    frame = read_csv_text(path)
    return frame.reindex(columns=UNMAPPED_COLUMNS, fill_value="")
