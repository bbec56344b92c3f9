"""Uploaded events: each row's place found by id or any of its names, dates read, ids made stable and unique
(linear in the rows), the holder filled in where the event type says it."""

from __future__ import annotations

import pandas as pd

from core.codes.constants import CONTROL_EVENT_TYPES, PRECISIONS
from core.ingest.upload_dates import normalise_dates
from core.ingest.upload_frames import (
    UPLOAD_EVENTS_SCHEMA,
    _column,
    _first_filled,
    _schema_shaped,
    place_id_for,
    side_codes,
    slugify,
)
from core.model.tables import Problem
from core.text.names import name_keys, place_names

# Status a place has after an event, when the file does not say.
DEFAULT_STATUS_AFTER = {
    "captured": "held",
    "retaken": "held",
    "siege_begun": "besieged",
    "siege_lifted": "held",
    "contested": "contested",
    "withdrawal": "held",
    "other_control": "held",
    "attack": "",
}


def _place_index(known_places: pd.DataFrame) -> dict[str, set[str]]:
    """Name key (of every name and the id, see core.ingest.geocoding.name_keys) -> the place_ids it may mean."""
    index: dict[str, set[str]] = {}
    for _, place in known_places.iterrows():
        for name in [place["place_id"], *place_names(place)]:
            for key in name_keys(name):
                index.setdefault(key, set()).add(place["place_id"])
    return index


def _resolve_place(reference: str, known_ids: set[str], index: dict[str, set[str]]) -> tuple[str, tuple[str, str] | None]:
    """(place_id, problem message in English and Dutch) for what a row wrote as its place."""
    if reference in known_ids:
        return reference, None
    matches = sorted(set().union(*(index.get(key, set()) for key in name_keys(reference))))
    if len(matches) == 1:
        return matches[0], None
    if matches:
        return "", (
            f"'{reference}' may be any of {', '.join(matches)}; write the place_id instead",
            f"'{reference}' kan elk van deze zijn: {', '.join(matches)}; schrijf liever de place_id",
        )
    return "", (
        f"unknown place '{reference}'; use a place_id from the places table or add the place to your places file",
        f"onbekende plaats '{reference}'; gebruik een place_id uit de tabel met plaatsen of voeg de plaats toe aan je plaatsenbestand",
    )


NO_PLACE = ("no place given; fill in place_id or place", "geen plaats opgegeven; vul place_id of place in")


def _event_place_ids(frame: pd.DataFrame, known_places: pd.DataFrame | None, file_name: str) -> tuple[pd.Series, list[Problem]]:
    references = _first_filled(frame, ("place_id", "place"))
    if known_places is None:
        return references.where(references.str.fullmatch(r"[a-z0-9_]+"), references.map(place_id_for)), []
    known_ids, index = set(known_places["place_id"]), _place_index(known_places)
    resolved, problems = [], []
    column = "place_id" if "place_id" in frame else "place"
    for row_index, reference in references.items():
        place_id, message = _resolve_place(reference, known_ids, index) if reference else ("", NO_PLACE)
        resolved.append(place_id)
        if message:
            problems.append(Problem(file_name, int(row_index) + 2, column, *message))
    return pd.Series(resolved, index=frame.index, dtype=str), problems


def _precision(frame: pd.DataFrame, derived: pd.Series) -> pd.Series:
    """The file's own date_precision counts only for a date written to the day (e.g. 2015-06-01 + season)."""
    given = _column(frame, "date_precision").str.lower()
    return given.where(given.isin(PRECISIONS) & (derived == "day"), derived)


def _event_ids(frame: pd.DataFrame, place_ids: pd.Series, dates: pd.Series, event_types: pd.Series) -> pd.Series:
    """The file's event_id, else `<place_id>_<yyyy>_<mm>_<event_type>` (numbered when repeated)."""
    given = _column(frame, "event_id")
    used = set(given[given != ""])
    last_number: dict[str, int] = {}  # per base: numbering resumes where it stopped (linear, not quadratic)
    ids = []
    for existing, place_id, day, event_type in zip(given, place_ids, dates, event_types, strict=True):
        if existing:
            ids.append(existing)
            continue
        base = slugify(f"{place_id}_{day[:7]}_{event_type}")
        number = last_number.get(base, 0)
        candidate = base
        while candidate in used:
            number += 1
            candidate = f"{base}_{number}" if number > 1 else base
        last_number[base] = number
        used.add(candidate)
        ids.append(candidate)
    return pd.Series(ids, index=frame.index, dtype=str)


def _missing_holder_problems(events: pd.DataFrame, file_name: str) -> list[Problem]:
    needs_holder = events["event_type"].isin(CONTROL_EVENT_TYPES) & (events["actor_after"] == "")
    return [
        Problem(
            file_name,
            int(index) + 2,
            "actor_after",
            "say who holds the place after this event (actor_after): a side's name or code, written as in your other rows",
            "zeg wie de plaats na deze gebeurtenis heeft (actor_after): de naam of code van een partij, zoals in je andere regels",
        )
        for index in events.index[needs_holder]
    ]


def _default_for(values: pd.Series, applies, default) -> pd.Series:
    """`values`, with `default` in the empty cells where `applies` (a boolean or boolean Series)."""
    return values.where((values != "") | ~pd.Series(applies, index=values.index, dtype=bool), default)


def _prepare_events(frame: pd.DataFrame, known_places: pd.DataFrame | None, file_name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Events in the shape of events.csv, with defaults for what the file leaves out."""
    place_ids, problems = _event_place_ids(frame, known_places, file_name)
    dated, date_problems = normalise_dates(frame["date"], file_name)
    event_type = frame["event_type"].str.lower().str.replace(r"[\s-]+", "_", regex=True)
    events = pd.DataFrame(
        {
            "event_id": _event_ids(frame, place_ids, dated["date"], event_type),
            "place_id": place_ids,
            "date": dated["date"],
            "date_precision": _precision(frame, dated["date_precision"]),
            "date_text": _column(frame, "date_text").where(_column(frame, "date_text") != "", frame["date"]),
            "event_type": event_type,
            "actor_before": side_codes(_column(frame, "actor_before")),
            "actor_after": side_codes(_column(frame, "actor_after")),
            "status_after": _default_for(_column(frame, "status_after").str.lower(), True, event_type.map(DEFAULT_STATUS_AFTER).fillna("")),
            "opponent": side_codes(_column(frame, "opponent")),
        },
        index=frame.index,
    )
    events = _schema_shaped(events, frame, UPLOAD_EVENTS_SCHEMA)
    return events, problems + date_problems + _missing_holder_problems(events, file_name)
