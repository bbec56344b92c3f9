"""A story checks itself: each chapter states what the map must show in its month, and the data must agree.

`expect` holds `place=WHO` items separated by `;`: WHO is a side's code as the tables write it, a state
(held, contested, besieged, uncertain) or both as `CODE/state`, e.g. `raqqa=IS; kobani=SDF/contested`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.codes.constants import STATUS_LOOKS
from core.ingest.story import Chapter


@dataclass(frozen=True)
class Expectation:
    place_id: str
    controller: str  # '' = any holder
    status: str  # '' = any state


def parse_expectations(text: str) -> tuple[list[Expectation], list[str]]:
    """(expectations, problems) from an `expect` cell; every malformed item is a problem, none fatal."""
    found, problems = [], []
    for item in (part.strip() for part in text.split(";")):
        if not item:
            continue
        place, _, who = (piece.strip() for piece in item.partition("="))
        parts = [p for p in who.split("/") if p]
        controller = next((p for p in parts if p not in STATUS_LOOKS), "")  # a side of the dataset, as its tables write it
        status = next((p for p in parts if p in STATUS_LOOKS), "")
        if not place or not parts or len(parts) != bool(controller) + bool(status):
            problems.append(f"'{item}' is not place=HOLDER, place=state or place=HOLDER/state (e.g. raqqa=IS/held)")
            continue
        found.append(Expectation(place, controller, status))
    return found, problems


def chapter_mismatches(chapter: Chapter, state: pd.DataFrame) -> list[str]:
    """What the chapter expects that the map does not show at the end of its month (`state` as control_in_month)."""
    expectations, problems = parse_expectations(chapter.expect)
    shown = state.set_index("place_id")
    mismatches = [f"{chapter.id}: {p}" for p in problems]
    for wanted in expectations:
        controller, status = shown.loc[wanted.place_id, ["controller", "status"]] if wanted.place_id in shown.index else ("", "")
        if (wanted.controller and wanted.controller != controller) or (wanted.status and wanted.status != status):
            expected = "/".join(p for p in (wanted.controller, wanted.status) if p)
            mismatches.append(f"{chapter.id}: {wanted.place_id} should be {expected}, the map shows {controller or '—'}/{status or '—'}")
    return mismatches
