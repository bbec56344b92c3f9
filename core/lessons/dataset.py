"""A lesson built on a teacher's own data: made from what the Your data page checked, and read back through the
same checks and limits as an upload every time the lesson opens (a stored dataset is trusted no more than a file).

What follows from the data: the atlas the lesson's maps show (their places, events and sides), the timeline its
chapters pick months or days from, and the first chapter's view (all the data's places in sight).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.codes.dates import parse_step_key
from core.ingest.csv_text import MAX_UPLOAD_BYTES
from core.ingest.own_data import MODES, check_upload, combined_atlas, known_places
from core.ingest.uploads import COORDINATE_COLUMNS, geocode_missing
from core.lessons.editing import chapter_view
from core.lessons.model import Chapter, LessonData
from core.model.atlas import Atlas
from core.model.period import ATLAS_PERIOD, Period, data_period

PLACES_NAME, EVENTS_NAME = "places.csv", "events.csv"  # as problems name the stored files
MAX_DATASET_BYTES = 2 * MAX_UPLOAD_BYTES  # the two files, each at most an upload's size


class DatasetTooLargeError(ValueError):
    """A file of the data is larger than an upload may be, or the data's mode is unknown."""


@dataclass(frozen=True)
class OpenedData:
    """The lesson's data read back: the atlas its maps show, its timeline, and how many rows no longer pass the
    upload's checks (left out, as an upload leaves them out; 0 for data saved by this version)."""

    atlas: Atlas
    period: Period
    left_out: int = 0


class _NoLookup:
    """Stored places carry their coordinates: nothing is looked up again (no network, no gazetteer)."""

    def lookup(self, names, country):
        return None


def data_from_upload(located: pd.DataFrame, events: pd.DataFrame, mode: str, name: str = "") -> LessonData:
    """The Your data page's checked, located places and checked events as a lesson's data (CSV text)."""
    places = located.drop(columns=[c for c in COORDINATE_COLUMNS if c not in ("lat", "lon")], errors="ignore")
    return LessonData(
        places.to_csv(index=False) if not places.empty else "",
        events.to_csv(index=False) if not events.empty else "",
        mode,
        name[:200],
    )


def check_size(data: LessonData) -> None:
    """Raises DatasetTooLargeError past the upload's limit per file (the row and column limits are read_upload's)."""
    for text in (data.places_csv, data.events_csv):
        if len(text.encode()) > MAX_UPLOAD_BYTES:
            raise DatasetTooLargeError(f"a file of a lesson's data is at most {MAX_UPLOAD_BYTES // 1_000_000} MB")
    if data.mode not in MODES:
        raise DatasetTooLargeError(f"mode must be one of {MODES}")


def open_data(data: LessonData, built_in: Atlas) -> OpenedData:
    """The lesson's atlas and timeline, from its data read through the upload's checks (no lookups)."""
    check_size(data)
    places = check_upload(data.places_csv.encode(), "places", PLACES_NAME) if data.places_csv else None
    good_places = places.good if places is not None else pd.DataFrame()
    located, missing = geocode_missing(good_places, _NoLookup(), PLACES_NAME) if not good_places.empty else (good_places, [])
    events = (
        check_upload(data.events_csv.encode(), "events", EVENTS_NAME, known_places(built_in.places, located)) if data.events_csv else None
    )
    left_out = len(missing) + sum(len(r.problems) + bool(r.error) for r in (places, events) if r is not None)
    atlas = combined_atlas(built_in, located, events.good if events is not None else pd.DataFrame(), data.mode)
    period = data_period(atlas)
    return OpenedData(atlas, period if period.steps else ATLAS_PERIOD, left_out)


def start_chapter(opened: OpenedData) -> Chapter:
    """A first chapter on the data: its first step, every one of its places in view."""
    places = opened.atlas.places
    whole = Chapter(opened.period.key(opened.period.steps[0]), 0.0, 0.0, 5, True, tuple(places["place_id"]))
    (lat, lon), zoom = chapter_view(whole, places)
    return Chapter(whole.month, lat, lon, zoom)


def step_problems(month: str, period: Period) -> list[tuple[str, str]]:
    """A chapter's month (or day) must be a step of the data's timeline (English, Dutch)."""
    if period.step(month) is not None:
        return []
    first, last = period.keys[0], period.keys[-1]
    if parse_step_key(month) is None:
        return [(f"'{month[:40]}' is not a date of the timeline", f"'{month[:40]}' is geen datum van de tijdlijn")]
    return [
        (
            f"'{month}' is outside the data's timeline ({first} to {last})",
            f"'{month}' valt buiten de tijdlijn van de data ({first} tot {last})",
        )
    ]
