"""Still images and animated GIFs of the map, drawn with Pillow on the server (no browser needed).

Same colours and shapes as the live map (core.codes.constants, core.render.symbols); borders are drawn once per scene.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd
import shapely
from PIL import Image, ImageDraw, ImageFont
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from core.codes.constants import FRONT_COLOUR, FRONT_WIDTH_PX, STATUS_LOOKS
from core.codes.dates import month_label, timeline_months
from core.codes.sides import Sides
from core.model.atlas import Atlas
from core.model.control import control_in_month
from core.model.evidence import is_site
from core.model.territory import active_fronts, dissolve_by_holder
from core.render.drawing import (
    Projection,
    dashed_line,
    draw_symbol,
    fill_geometry,
    outline_geometry,
)
from core.render.label_placement import Box, Candidate, PlaceLabel, Point, place_labels, ranked_for_labels
from core.render.legend import TERRITORY, LegendEntry, legend_entries
from core.render.mapping import COUNTRY_STYLE
from core.text.attribution import credits_short
from core.text.i18n import pick

REGION_BOUNDS = (35.0, 29.0, 49.0, 37.6)  # west, south, east, north: Iraq and Syria
MARGIN_DEGREES = 0.6
DESIGN_WIDTH = 1280  # sizes below are pixels at this width; other widths scale them
LEGEND_WIDTH, ATTRIBUTION_HEIGHT = 310, 30
FRAME_MILLISECONDS = 500  # two frames a second
LAST_FRAME_MILLISECONDS = 3000  # the end state stays up before the loop starts again
ANIMATION_SIZE = (960, 600)
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SEA_COLOUR, PANEL_COLOUR, TEXT_COLOUR, MUTED_COLOUR = "#dde6ee", "#ffffff", "#222222", "#555555"

SYMBOL_SCALE = 1.25  # symbol units per design pixel: a little larger than on the zoomable map
SYMBOL_HALF = 7  # symbol units from a symbol's centre to its edge (core.render.symbols draws in a 16-unit box)
LABEL_SIZE, LABEL_HALO, LABEL_GAP = 13, 2, 3  # design pixels


def fit_projection(box: tuple[int, int, int, int], bounds: Sequence[float] = REGION_BOUNDS, margin: float = MARGIN_DEGREES) -> Projection:
    """The projection that fits `bounds` (plus margin) into the pixel `box`, centred."""
    west, south, east, north = bounds[0] - margin, bounds[1] - margin, bounds[2] + margin, bounds[3] + margin
    x_factor = math.cos(math.radians((south + north) / 2))
    width, height = box[2] - box[0], box[3] - box[1]
    scale = min(width / ((east - west) * x_factor), height / (north - south))
    left = box[0] + (width - (east - west) * x_factor * scale) / 2
    top = box[1] + (height - (north - south) * scale) / 2
    return Projection(west, north, scale, x_factor, left, top)


def scaled(design_pixels: float, unit: float) -> int:
    """Design pixels at `unit` real pixels each; anything drawn stays at least one pixel wide."""
    return max(1, round(design_pixels * unit))


@dataclass(frozen=True)
class Layout:
    """Map on the left, legend on the right, attribution along the bottom (a panel of small multiples: map only)."""

    width: int
    height: int
    legend_width: int = LEGEND_WIDTH  # design pixels, as the two below
    attribution_height: int = ATTRIBUTION_HEIGHT
    design_width: float = DESIGN_WIDTH
    label_size: float = LABEL_SIZE  # design pixels of a place name (a printed worksheet asks for larger names)

    @property
    def unit(self) -> float:
        return self.width / self.design_width

    def px(self, design_pixels: float) -> int:
        return scaled(design_pixels, self.unit)

    @property
    def map_box(self) -> tuple[int, int, int, int]:
        legend, attribution = round(self.legend_width * self.unit), round(self.attribution_height * self.unit)
        return 0, 0, self.width - legend, self.height - attribution

    @property
    def legend_box(self) -> tuple[int, int, int, int]:
        return self.map_box[2], 0, self.width, self.map_box[3]


def map_projection(size: tuple[int, int]) -> Projection:
    """Where lon/lat land on an image of `size` (useful to find a place's pixel)."""
    return fit_projection(Layout(*size).map_box)


@lru_cache(maxsize=32)
def font(pixels: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans when installed, else Pillow's built-in scalable font."""
    try:
        return ImageFont.truetype(str(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), pixels)
    except OSError:
        return ImageFont.load_default(size=pixels)


# ---------------------------------------------------------------------------
# Drawing primitives
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Scene (everything that does not depend on the month) and frames
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Scene:
    """Drawn once: the frame with legend and attribution, and the map area with its borders."""

    layout: Layout
    projection: Projection
    frame: Image.Image | None  # None for a map-only panel (core.render.multiples)
    map_base: Image.Image
    lang: str
    sides: Sides


def _visible(countries: dict, projection: Projection, layout: Layout) -> list[BaseGeometry]:
    """Country geometries clipped to what the map area shows (far-away countries cost nothing)."""
    west, north = projection.lon_lat(0, 0)
    east, south = projection.lon_lat(*layout.map_box[2:])
    clipped = (shapely.clip_by_rect(shape(f["geometry"]), west - 1, south - 1, east + 1, north + 1) for f in countries["features"])
    return [geometry for geometry in clipped if not geometry.is_empty]


def draw_borders(layout: Layout, projection: Projection, countries: dict) -> Image.Image:
    """The map area: sea, land and country borders."""
    image = Image.new("RGB", layout.map_box[2:], SEA_COLOUR)
    geometries = _visible(countries, projection, layout)
    for geometry in geometries:
        fill_geometry(image, geometry, projection, COUNTRY_STYLE["fillColor"])
    draw = ImageDraw.Draw(image)
    for geometry in geometries:
        outline_geometry(draw, geometry, projection, COUNTRY_STYLE["color"], layout.px(COUNTRY_STYLE["weight"]))
    return image


def places_in_view(places: pd.DataFrame, projection: Projection, layout: Layout) -> set[str]:
    """Ids of the places whose symbol lands inside the map area (places abroad do not)."""
    right, bottom = layout.map_box[2:]
    inside = set()
    for row in places.itertuples(index=False):
        x, y = projection.point(row.lon, row.lat)
        if 0 <= x < right and 0 <= y < bottom:
            inside.add(row.place_id)
    return inside


def controllers_in(atlas: Atlas, place_ids: set[str]) -> list[str]:
    """Holders that ever hold one of `place_ids`, in the order of the dataset's sides (legend ones only)."""
    places, control = atlas.places, atlas.control_events
    seen = set(places.loc[places["place_id"].isin(place_ids), "initial_controller"])
    seen |= set(control.loc[control["place_id"].isin(place_ids), "actor_after"])
    return [code for code in atlas.sides.legend_codes if code in seen]


def wrap_text(draw: ImageDraw.ImageDraw, text: str, text_font, max_width: float) -> list[str]:
    """Words packed into lines no wider than `max_width` pixels (a single long word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=text_font) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


def draw_legend(image: Image.Image, box: tuple[int, int, int, int], unit: float, entries: list[LegendEntry], lang: str) -> None:
    """The legend entries (core.render.legend) listed down a white box, a rule along its left edge."""
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = box
    draw.rectangle((left, top, right, bottom), fill=PANEL_COLOUR)
    draw.line((left, top, left, bottom), fill=MUTED_COLOUR, width=1)
    x, y = left + scaled(20, unit), top + scaled(24, unit)
    draw.text((x, y), pick(lang, "Held by", "In handen van"), font=font(scaled(20, unit), bold=True), fill=TEXT_COLOUR)
    y += scaled(40, unit)
    for entry in entries:
        centre = (x + scaled(10, unit), y + scaled(10, unit))
        if entry.kind != TERRITORY:
            draw_symbol(draw, centre, entry.side, entry.status, unit * SYMBOL_SCALE)
        else:
            half = scaled(9, unit)
            draw.rectangle((centre[0] - half, centre[1] - half, centre[0] + half, centre[1] + half), fill="#c8c8c8", outline=MUTED_COLOUR)
        label_font = font(scaled(15, unit))
        lines = wrap_text(draw, entry.label, label_font, right - x - scaled(40, unit))
        draw.multiline_text((x + scaled(32, unit), y), "\n".join(lines), font=label_font, fill=TEXT_COLOUR, spacing=scaled(3, unit))
        y += scaled(14, unit) + scaled(18, unit) * len(lines)


def draw_attribution(image: Image.Image, layout: Layout, lang: str) -> None:
    draw = ImageDraw.Draw(image)
    top = layout.map_box[3]
    draw.rectangle((0, top, layout.width, layout.height), fill=PANEL_COLOUR)
    draw.text((layout.px(12), top + layout.px(7)), credits_short(lang), font=font(layout.px(14)), fill=MUTED_COLOUR)


def prepare_scene(atlas: Atlas, countries: dict, lang: str, size: tuple[int, int], with_territory: bool = False) -> Scene:
    """Everything month-independent, drawn once and copied for every frame."""
    layout = Layout(*size)
    projection = fit_projection(layout.map_box)
    frame = Image.new("RGB", size, PANEL_COLOUR)
    controllers = controllers_in(atlas, places_in_view(atlas.places, projection, layout))
    entries = legend_entries(lang, atlas.sides, controllers, events=False, attacks=False, territory=with_territory)
    draw_legend(frame, layout.legend_box, layout.unit, entries, lang)
    draw_attribution(frame, layout, lang)
    return Scene(layout, projection, frame, draw_borders(layout, projection, countries), lang, atlas.sides)


def draw_territory(image: Image.Image, scene: Scene, cells: dict[str, BaseGeometry], state: pd.DataFrame) -> None:
    """Territory per holder: translucent fill, solid edge when held, dashed otherwise; fronts in fighting as a dashed band."""
    dissolved = dissolve_by_holder(cells, state)
    for row in dissolved.itertuples(index=False):
        fill_geometry(image, row.geometry, scene.projection, scene.sides[row.controller].colour, STATUS_LOOKS[row.status].territory_opacity)
    draw = ImageDraw.Draw(image)
    for row in dissolved.itertuples(index=False):
        dash = None if row.status == "held" else scene.layout.px(4)
        outline_geometry(draw, row.geometry, scene.projection, scene.sides[row.controller].colour, scene.layout.px(1), dash)
    for _, _, line in active_fronts(cells, state):
        for part in shapely.get_parts(line):
            points = [scene.projection.point(x, y) for x, y in part.coords]
            dashed_line(draw, points, FRONT_COLOUR, scene.layout.px(FRONT_WIDTH_PX * 0.8), scene.layout.px(7), scene.layout.px(5))


def draw_places(image: Image.Image, scene: Scene, places: pd.DataFrame, state: pd.DataFrame) -> None:
    """One symbol per town that has a holder (sites inside a town are too close to it at this scale); the
    followed side last so its symbols stay on top."""
    drawn = places.loc[~is_site(places), ["place_id", "lat", "lon"]].merge(state, on="place_id")
    drawn = drawn.sort_values("controller", key=lambda codes: codes == scene.sides.focus, kind="stable")
    draw = ImageDraw.Draw(image)
    for row in drawn.itertuples(index=False):
        draw_symbol(
            draw, scene.projection.point(row.lon, row.lat), scene.sides[row.controller], row.status, scene.layout.unit * SYMBOL_SCALE
        )


def month_labels(
    scene: Scene, atlas: Atlas, state: pd.DataFrame, keep_clear: Sequence[Box] = (), first: Sequence[str] = ()
) -> list[PlaceLabel]:
    """The names shown on a month's map (what draw_map draws, so tests see what users see); `first` named first."""
    ranked = ranked_for_labels(atlas.places, state, atlas.control_events, first)
    candidates = [
        Candidate(
            row.place_id,
            pick(scene.lang, row.name_en, row.name_nl),
            scene.projection.point(row.lon, row.lat),
            minor=not getattr(row, "in_article", True),
        )
        for row in ranked.itertuples(index=False)
    ]
    label_font, halo = font(scene.layout.px(scene.layout.label_size), bold=True), scene.layout.px(LABEL_HALO)
    measure = ImageDraw.Draw(Image.new("L", (1, 1)))

    def size_of(name: str) -> tuple[float, float]:
        left, top, right, bottom = measure.textbbox((0, 0), name, font=label_font, stroke_width=halo)
        return right - left, bottom - top

    half = SYMBOL_HALF * scene.layout.unit * SYMBOL_SCALE
    return place_labels(candidates, size_of, half, scene.layout.px(LABEL_GAP), tuple(map(float, scene.layout.map_box)), keep_clear)


def draw_labels(image: Image.Image, scene: Scene, labels: Sequence[PlaceLabel]) -> None:
    """Bold names with a white halo, readable over any fill."""
    draw = ImageDraw.Draw(image)
    label_font, halo = font(scene.layout.px(scene.layout.label_size), bold=True), scene.layout.px(LABEL_HALO)
    for label in labels:
        left, top, _, _ = draw.textbbox((0, 0), label.name, font=label_font, stroke_width=halo)
        start = (label.box[0] - left, label.box[1] - top)
        draw.text(start, label.name, font=label_font, fill=TEXT_COLOUR, stroke_width=halo, stroke_fill=PANEL_COLOUR)


def date_box(scene: Scene, month: date) -> tuple[Box, Point]:
    """The month label's box (with padding) and where its text starts."""
    label_font = font(scene.layout.px(44), bold=True)
    x, y = scene.layout.px(24), scene.layout.px(18)
    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((x, y), month_label(month, scene.lang), font=label_font)
    pad = scene.layout.px(10)
    return (left - pad, top - pad, right + pad, bottom + pad), (x, y)


def draw_date(image: Image.Image, scene: Scene, month: date) -> None:
    draw = ImageDraw.Draw(image)
    box, start = date_box(scene, month)
    pad = scene.layout.px(10)
    draw.rounded_rectangle(box, radius=pad, fill=PANEL_COLOUR, outline=MUTED_COLOUR)
    draw.text(start, month_label(month, scene.lang), font=font(scene.layout.px(44), bold=True), fill=TEXT_COLOUR)


def draw_map(
    scene: Scene,
    atlas: Atlas,
    cells: dict[str, BaseGeometry] | None,
    month: date,
    keep_clear: Sequence[Box] = (),
    first: Sequence[str] = (),
) -> Image.Image:
    """The map area of a month: borders, territory, places and their names (labels avoid `keep_clear`; the places
    in `first` are named before the others)."""
    state = control_in_month(atlas, month)
    canvas = scene.map_base.copy()
    if cells:
        draw_territory(canvas, scene, cells, state)
    draw_places(canvas, scene, atlas.places, state)
    draw_labels(canvas, scene, month_labels(scene, atlas, state, keep_clear, first))
    return canvas


def draw_month(scene: Scene, atlas: Atlas, cells: dict[str, BaseGeometry] | None, month: date) -> Image.Image:
    """One frame: a copy of the scene with the month's territory, places, names and date label."""
    canvas = draw_map(scene, atlas, cells, month, keep_clear=[date_box(scene, month)[0]])
    draw_date(canvas, scene, month)
    frame = scene.frame.copy()
    frame.paste(canvas, (0, 0))
    return frame


def render_month_image(
    atlas: Atlas,
    cells: dict[str, BaseGeometry] | None,
    countries: dict,
    month: date,
    lang: str,
    size: tuple[int, int] = (1280, 800),
) -> Image.Image:
    """The map at the end of `month` as an RGB image (territory only when `cells` are given)."""
    scene = prepare_scene(atlas, countries, lang, size, with_territory=bool(cells))
    return draw_month(scene, atlas, cells, month)


def render_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_animation(
    atlas: Atlas,
    cells: dict[str, BaseGeometry] | None,
    countries: dict,
    first_month: date,
    last_month: date,
    lang: str,
    progress: Callable[[int, int], None] | None = None,
    size: tuple[int, int] = ANIMATION_SIZE,
) -> bytes:
    """An animated GIF, one frame per month (two a second), pausing on the last, looping; progress(done, total) per frame."""
    scene = prepare_scene(atlas, countries, lang, size, with_territory=bool(cells))
    months = timeline_months(first_month, last_month)
    frames = []
    for done, month in enumerate(months, start=1):
        frames.append(draw_month(scene, atlas, cells, month).quantize(colors=128, method=Image.Quantize.FASTOCTREE))
        if progress is not None:
            progress(done, len(months))
    if not frames:
        raise ValueError(f"no months between {first_month} and {last_month}; the first month must not come after the last")
    buffer = io.BytesIO()
    durations = [FRAME_MILLISECONDS] * (len(frames) - 1) + [LAST_FRAME_MILLISECONDS]
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0)
    return buffer.getvalue()
