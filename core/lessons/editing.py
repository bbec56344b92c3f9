"""Pure steps of editing a lesson (the editor page calls them): add, remove, move and replace chapters, and
where the map looks for a chapter (its centre and zoom, or around its highlighted places)."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from core.codes.constants import DEFAULT_MONTH, MAP_CENTER, MAP_ZOOM
from core.codes.dates import format_month_key
from core.ingest.story import STORY_FILE, ZOOM_RANGE
from core.lessons.lesson_csv import read_lesson
from core.lessons.model import Chapter, Lesson

FIT_PIXELS = 560  # the narrower side of the editor's map, px: 'the places of this chapter' fit inside it
FIT_MARGIN = 1.4  # room around the outermost places
SINGLE_PLACE_ZOOM = 10


def built_in_lesson() -> Lesson:
    """The built-in story (data/story.csv) as a lesson to start from."""
    return read_lesson(STORY_FILE.read_bytes(), STORY_FILE.name)


def blank_chapter(like: Chapter | None = None) -> Chapter:
    """A new chapter: the month and view of `like` (the chapter it follows), else the atlas's opening view."""
    if like is not None:
        return Chapter(like.month, like.lat, like.lon, like.zoom, like.fit_places, like.highlight)
    return Chapter(format_month_key(DEFAULT_MONTH), MAP_CENTER[0], MAP_CENTER[1], MAP_ZOOM)


def add_chapter(lesson: Lesson, after: int | None = None, first: Chapter | None = None) -> Lesson:
    """A blank chapter after chapter `after` (0-based; None: at the end); in an empty lesson `first` (a lesson on its
    own data starts on the data), else the atlas's opening view."""
    at = len(lesson.chapters) if after is None else after + 1
    like = lesson.chapters[at - 1] if at > 0 and lesson.chapters else first
    return replace(lesson, chapters=(*lesson.chapters[:at], blank_chapter(like), *lesson.chapters[at:]))


def remove_chapter(lesson: Lesson, index: int) -> Lesson:
    return replace(lesson, chapters=lesson.chapters[:index] + lesson.chapters[index + 1 :])


def move_chapter(lesson: Lesson, index: int, by: int) -> Lesson:
    """Swap a chapter with its neighbour (by -1: earlier, +1: later); unchanged at either end."""
    other = index + by
    if not (0 <= index < len(lesson.chapters) and 0 <= other < len(lesson.chapters)):
        return lesson
    chapters = list(lesson.chapters)
    chapters[index], chapters[other] = chapters[other], chapters[index]
    return replace(lesson, chapters=tuple(chapters))


def replace_chapter(lesson: Lesson, index: int, chapter: Chapter) -> Lesson:
    return replace(lesson, chapters=(*lesson.chapters[:index], chapter, *lesson.chapters[index + 1 :]))


def chapter_view(chapter: Chapter, places: pd.DataFrame) -> tuple[tuple[float, float], int]:
    """(centre, zoom) the map shows: the chapter's own, or with `fit_places` the box around its highlighted places
    (the zoom at which that box, with a margin, fits FIT_PIXELS on the Web Mercator map)."""
    chosen = places[places["place_id"].isin(chapter.highlight)] if chapter.fit_places else places.iloc[0:0]
    if chosen.empty:
        return (chapter.lat, chapter.lon), chapter.zoom
    south, north, west, east = chosen["lat"].min(), chosen["lat"].max(), chosen["lon"].min(), chosen["lon"].max()
    span = max(north - south, east - west) * FIT_MARGIN
    low, high = ZOOM_RANGE
    zoom = SINGLE_PLACE_ZOOM if span == 0 else int(math.floor(math.log2(FIT_PIXELS * 360 / (256 * span))))
    return (float((south + north) / 2), float((west + east) / 2)), min(max(zoom, low), high)
