"""What a lesson's maps are given: the built-in atlas and its months, or the atlas, timeline and sides of the
lesson's own data (core.lessons.dataset). The editor, the Present page, the pupil's page and the tally all ask here,
so a lesson on a teacher's data shows the same places, dates and sides everywhere.

A lesson's data are read once per process and content (a resource keyed by the data themselves: nobody reaches
them without having them, and a pupil's page reuses the teacher's reading).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import folium
import streamlit as st

from components import data, state
from components.control_map import month_layer, timeline_player
from components.legend import show_legend
from components.place_search import matches, search_labels
from components.upload_views import own_timeline
from core.ingest.own_data import MAX_TERRITORY_PLACES
from core.lessons.dataset import open_data, start_chapter
from core.lessons.model import Chapter, Lesson, LessonData
from core.model.atlas import Atlas
from core.model.period import ATLAS_PERIOD, DAY, Period
from core.model.search import SearchName, search_names, search_places
from core.model.territory import territory_cells
from core.render.player import TimelinePlayer
from core.render.rendering import controllers_in
from core.text.i18n import markdown_escape, place_name

MAX_MATCHES = 5


@dataclass(frozen=True)
class LessonMap:
    """The atlas a lesson's maps draw, its timeline (chapters pick its months or days), the sides its legend and
    'who held …?' offer, and (own data) every place's name per language and a first chapter on the data."""

    atlas: Atlas
    period: Period
    holders: tuple[str, ...]
    names: dict[str, dict[str, str]]  # {'en': {place_id: name}, 'nl': …}
    coords: dict[str, tuple[float, float]]  # place_id -> (lat, lon)
    own: bool = False
    first: Chapter | None = None  # own data: a chapter with all its places in view
    left_out: int = 0
    search: tuple[SearchName, ...] = ()  # own data: every name of every place, folded
    cells: dict | None = None  # own data: its territory cells (None past MAX_TERRITORY_PLACES or outside the borders)
    timelines: dict = field(default_factory=dict, compare=False)  # own data: the player's timeline per language, built once

    def step(self, key: str | None) -> date | None:
        return self.period.step(key)

    def label(self, key: str, lang: str) -> str:
        step = self.step(key)
        return self.period.label(step, lang) if step else key

    def place_labels(self, lang: str) -> dict[str, str]:
        """place_id -> the name the editor's lists show (the atlas's with its other spellings)."""
        return self.names[lang] if self.own else search_labels(lang)

    def example_names(self, lang: str) -> list[str] | None:
        """Own data: the first names A-Z (the search box's example); None for the atlas (its own example)."""
        return sorted(self.names[lang].values(), key=str.casefold)[:3] if self.own else None

    def place_name(self, place_id: str, lang: str) -> str:
        return self.names[lang].get(place_id, place_id)

    def find(self, query: str) -> list[str]:
        """Places matching a name in any spelling (core.model.search), best first."""
        return search_places(query, list(self.search), {}, limit=MAX_MATCHES) if self.own else matches(query)

    def start_view(self) -> dict:
        """The base map's centre and zoom for a map of the whole lesson: the data's places in view, else the atlas's."""
        return {"center": (self.first.lat, self.first.lon), "zoom": self.first.zoom} if self.own and self.first else {}

    def layer(self, step: date, lang: str, highlighted: set[str]) -> folium.FeatureGroup:
        """The layer of a chapter's month (or day): the atlas's cached one, or computed from the lesson's data."""
        if not self.own:
            return month_layer(step, lang, highlighted=highlighted)
        day = step if self.period.unit == DAY else None
        return month_layer(step, lang, highlighted=highlighted, atlas=self.atlas, cells=self.cells, day=day)

    def player(self, lang: str, start: date) -> TimelinePlayer:
        """The in-map player over the lesson's timeline: the atlas's built file, or the data's own steps embedded
        (built once per process, data and language: every pupil of the class shares it)."""
        if not self.own:
            return timeline_player(lang, start, report=True, url_param=None)
        if lang not in self.timelines:
            self.timelines[lang] = own_timeline(self.atlas, self.period, self.cells, lang)
        return TimelinePlayer(self.period.key(start), payload=self.timelines[lang], report=True)

    def legend(self, supporting: bool | None = None) -> None:
        show_legend(list(self.holders), events=False, sides=self.atlas.sides if self.own else None, supporting=supporting)


def lesson_map(lesson: Lesson | None) -> LessonMap:
    """The map of a lesson (None or a lesson without data: the built-in atlas)."""
    if lesson is None or lesson.data is None:
        return _atlas_map(data.data_key())
    return _own_map(lesson.data, data.data_key())


def _names(atlas: Atlas) -> dict[str, dict[str, str]]:
    return {lang: {row["place_id"]: place_name(row, lang) for row in atlas.places.to_dict("records")} for lang in ("en", "nl")}


def _coords(atlas: Atlas) -> dict[str, tuple[float, float]]:
    return {row.place_id: (row.lat, row.lon) for row in atlas.places[["place_id", "lat", "lon"]].itertuples()}


@st.cache_resource(show_spinner=False)
def _atlas_map(data_dir: str) -> LessonMap:
    atlas = data.atlas()
    return LessonMap(atlas, ATLAS_PERIOD, tuple(data.core_holders()), _names(atlas), _coords(atlas))


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs={LessonData: lambda d: (d.places_csv, d.events_csv, d.mode)})
def _own_map(lesson_data: LessonData, data_dir: str) -> LessonMap:
    opened = open_data(lesson_data, data.atlas())
    atlas = opened.atlas
    holders = tuple(controllers_in(atlas, set(atlas.places["place_id"])))
    first, search = start_chapter(opened), tuple(search_names(atlas.places))
    return LessonMap(atlas, opened.period, holders, _names(atlas), _coords(atlas), True, first, opened.left_out, search, _cells(atlas))


def _cells(atlas: Atlas) -> dict | None:
    """Territory of the data's places within the countries they lie in, as the Your data page estimates it."""
    places = atlas.places
    if places.empty or len(places) > MAX_TERRITORY_PLACES:
        return None
    borders = data.country_borders(tuple(sorted(set(places["country"]))))
    return territory_cells(places, borders) if borders is not None else None


def show_data_note(lesson: Lesson) -> None:
    """On the editor: this lesson is on the teacher's own data, and what saving does with them."""
    if lesson.data is None:
        return
    lesson_data, mapped = lesson.data, lesson_map(lesson)
    sides = markdown_escape(", ".join(mapped.atlas.sides.name(code, state.language()) for code in mapped.holders))
    name = markdown_escape(lesson_data.name)  # the teacher's file names and side names are text, never Markdown
    first, last = mapped.period.steps[0], mapped.period.steps[-1]
    lang = state.language()
    when = f"{mapped.period.label(first, lang)} – {mapped.period.label(last, lang)}"
    st.info(
        state.text(
            f"This lesson is built on your own data ({name or 'uploaded files'}): {len(mapped.atlas.places)} places, "
            f"{when}, sides {sides}. Saving the lesson stores these data with it on the server: anyone with the teacher "
            "link, and pupils with the code, see them on the lesson's map. Until you save, they stay in this browser session.",
            f"Deze les is gebouwd op je eigen data ({name or 'geüploade bestanden'}): {len(mapped.atlas.places)} plaatsen, "
            f"{when}, partijen {sides}. Als je de les bewaart, worden deze data met de les op de server bewaard: wie de "
            "docentenlink heeft, en leerlingen met de code, zien ze op de kaart van de les. Tot je bewaart, blijven ze in deze browsersessie.",
        ),
        icon="🗂️",
    )
    if mapped.left_out:
        st.warning(
            state.text(
                f"{mapped.left_out} rows of the lesson's data no longer pass the upload's checks and are left out.",
                f"{mapped.left_out} regels van de data van de les voldoen niet meer aan de controles van de upload en blijven weg.",
            )
        )
