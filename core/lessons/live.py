"""A lesson running in class, as pure values: where a chapter puts the map, the chapter as the Present page
draws it, and what a pupil's page shows for the teacher's run state."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from core.codes.constants import TIMELINE_START
from core.codes.dates import parse_month, parse_step_key
from core.ingest.story import ZOOM_RANGE
from core.ingest.story import Chapter as Slide
from core.lessons.model import Chapter, Lesson
from core.model.period import ATLAS_PERIOD, Period

FIT_WIDTH_PX = 560  # the map width a "places of this chapter" view is fitted into (a phone in landscape, a projector half)
SINGLE_PLACE_ZOOM = 9
FOLLOW, FREE = "follow", "free"


def chapter_view(chapter: Chapter, coords: Mapping[str, tuple[float, float]]) -> tuple[tuple[float, float], int]:
    """(centre, zoom) of a chapter: its own, or with `fit_places` the box around its highlighted places."""
    points = [coords[p] for p in chapter.highlight if p in coords]
    if not chapter.fit_places or not points:
        return (chapter.lat, chapter.lon), chapter.zoom
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    centre = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.25)
    if span <= 0:
        return centre, SINGLE_PLACE_ZOOM
    zoom = math.floor(math.log2(FIT_WIDTH_PX * 360 / (256 * span)))
    return centre, min(max(zoom, ZOOM_RANGE[0]), ZOOM_RANGE[1])


def slide(chapter: Chapter, number: int, coords: Mapping[str, tuple[float, float]]) -> Slide:
    """A lesson chapter as the Present page draws a story chapter (centre and zoom resolved)."""
    centre, zoom = chapter_view(chapter, coords)
    return Slide(
        id=chapter.id or f"chapter_{number}",
        month=parse_month(chapter.month) or parse_step_key(chapter.month) or TIMELINE_START,  # a lesson's data: its own dates
        center=centre,
        zoom=zoom,
        highlight=tuple(chapter.highlight),
        title_en=chapter.title_en or chapter.title_nl,
        title_nl=chapter.title_nl or chapter.title_en,
        text_en=chapter.text_en or chapter.text_nl,
        text_nl=chapter.text_nl or chapter.text_en,
        teacher_note_en=chapter.note_en or chapter.note_nl,
        teacher_note_nl=chapter.note_nl or chapter.note_en,
    )


def follow_chapters(lesson: Lesson, coords: Mapping[str, tuple[float, float]], period: Period = ATLAS_PERIOD) -> list[dict]:
    """Every chapter as a pupil's map follows it in the browser (core/render/lesson_follow.py): the step's key on
    the lesson's timeline (a month, or a day for data of a few weeks), the view (centre and zoom resolved) and the
    places to ring."""
    chapters = []
    for chapter in lesson.chapters:
        (lat, lon), zoom = chapter_view(chapter, coords)
        step = period.step(chapter.month) or period.steps[0]
        chapters.append({"month": period.key(step), "at": [round(lat, 4), round(lon, 4)], "zoom": zoom, "ring": sorted(chapter.highlight)})
    return chapters


def slides(lesson: Lesson, coords: Mapping[str, tuple[float, float]]) -> list[Slide]:
    return [slide(chapter, number, coords) for number, chapter in enumerate(lesson.chapters, start=1)]


@dataclass(frozen=True)
class PupilScreen:
    """What a pupil's page shows: the chapter (0-based), whether they may explore, whether the answer is out.
    `signature` changes exactly when what the page shows changes; `map_cue` is the part the pupil's map reads."""

    chapter_index: int
    free: bool
    revealed: bool

    @property
    def signature(self) -> tuple[int, bool, bool]:
        return (self.chapter_index, self.free, self.revealed)

    @property
    def map_cue(self) -> dict:
        """What the pupil's map needs to hear (lesson_follow.js): the chapter and whether to follow it."""
        return {"chapter": self.chapter_index, "free": self.free}


def pupil_screen(run, chapters: int) -> PupilScreen | None:
    """The pupil's screen for a run state (None: the lesson has not started); a chapter past the end is the last."""
    if run is None or chapters == 0:
        return None
    index = min(max(int(run.chapter_index), 0), chapters - 1)
    return PupilScreen(index, run.mode == FREE, bool(run.revealed))


class SharedReads:
    """Where each class is, read at most once per `fresh_s` for every page of one process: a class whose pages
    all ask each second costs the database one query per class, not one per pupil. A failed read is not kept."""

    def __init__(self, read: Callable[[str], object], fresh_s: float = 0.25, clock: Callable[[], float] = time.monotonic):
        self._read, self._fresh_s, self._clock = read, fresh_s, clock
        self._kept: dict[str, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def get(self, code: str):
        now = self._clock()
        with self._lock:
            kept = self._kept.get(code)
        if kept is not None and now - kept[0] < self._fresh_s:
            return kept[1]
        value = self._read(code)
        with self._lock:
            self._kept[code] = (now, value)
        return value
