"""Small multiples: one small map per chosen month side by side, drawn with one projection and one shared
legend, titled and credited, as a single image for a worksheet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageDraw
from shapely.geometry.base import BaseGeometry

from core.codes.dates import month_label
from core.codes.sides import Sides
from core.model.atlas import Atlas
from core.render.legend import legend_entries
from core.render.rendering import (
    MUTED_COLOUR,
    PANEL_COLOUR,
    REGION_BOUNDS,
    TEXT_COLOUR,
    Layout,
    Scene,
    controllers_in,
    draw_borders,
    draw_legend,
    draw_map,
    fit_projection,
    font,
    places_in_view,
)
from core.text.attribution import credits_short
from core.text.i18n import pick

Box = tuple[int, int, int, int]
PANEL_GRIDS = {2: (2, 1), 3: (3, 1), 6: (3, 2)}  # panels: (columns, rows)
SHEET_SIZES = {2: (1500, 620), 3: (1800, 560), 6: (1800, 960)}  # fixed: bounded work, same look every time
DEFAULT_MONTHS = {
    2: (date(2014, 6, 1), date(2017, 6, 1)),  # the caliphate's first summer, and Mosul's last weeks
    3: (date(2014, 6, 1), date(2015, 6, 1), date(2017, 6, 1)),  # rise, height, fall
    6: tuple(date(year, 6, 1) for year in range(2014, 2020)),  # June of every year
}
TITLE_HEIGHT, PANEL_TITLE_HEIGHT, CREDITS_HEIGHT, LEGEND_WIDTH, GAP = 64, 34, 30, 300, 14  # pixels of the sheet
PANEL_UNIT, LEGEND_UNIT = 0.8, 0.85  # symbols and names a little smaller than on the single-month image


@dataclass(frozen=True)
class Panel:
    title_box: Box
    map_box: Box


@dataclass(frozen=True)
class Sheet:
    """Where everything goes: the title along the top, a grid of panels, one legend on the right, credits below."""

    size: tuple[int, int]
    title_box: Box
    panels: tuple[Panel, ...]
    legend_box: Box
    credits_box: Box


def sheet_layout(count: int, size: tuple[int, int] | None = None) -> Sheet:
    """The grid for 2, 3 or 6 panels, every map box the same size."""
    if count not in PANEL_GRIDS:
        raise ValueError(f"{count} panels: choose 2, 3 or 6")
    width, height = size or SHEET_SIZES[count]
    columns, rows = PANEL_GRIDS[count]
    grid_right, grid_bottom = width - LEGEND_WIDTH, height - CREDITS_HEIGHT
    cell_width = (grid_right - GAP * (columns + 1)) // columns
    cell_height = (grid_bottom - TITLE_HEIGHT - GAP * (rows + 1)) // rows
    panels = []
    for index in range(count):
        row, column = divmod(index, columns)
        left, top = GAP + column * (cell_width + GAP), TITLE_HEIGHT + GAP + row * (cell_height + GAP)
        panels.append(
            Panel(
                (left, top, left + cell_width, top + PANEL_TITLE_HEIGHT),
                (left, top + PANEL_TITLE_HEIGHT, left + cell_width, top + cell_height),
            )
        )
    return Sheet(
        (width, height),
        (0, 0, grid_right, TITLE_HEIGHT),
        tuple(panels),
        (grid_right, 0, width, grid_bottom),
        (0, grid_bottom, width, height),
    )


def sheet_title(months: Sequence[date], lang: str) -> str:
    """'Who held what, June 2014–June 2019' / 'Wie had wat in handen, juni 2014–juni 2019'."""
    period = f"{month_label(min(months), lang)}–{month_label(max(months), lang)}"
    return pick(lang, f"Who held what, {period}", f"Wie had wat in handen, {period}")


def panel_scene(countries: dict, lang: str, map_size: tuple[int, int], sides: Sides, bounds: Sequence[float] = REGION_BOUNDS) -> Scene:
    """The scene every panel shares: one projection (fitting `bounds`: west, south, east, north) and one drawing of
    the borders."""
    layout = Layout(*map_size, legend_width=0, attribution_height=0, design_width=map_size[0] / PANEL_UNIT)
    projection = fit_projection(layout.map_box, bounds)
    return Scene(layout, projection, None, draw_borders(layout, projection, countries), lang, sides)


def draw_centred(draw: ImageDraw.ImageDraw, box: Box, text: str, pixels: int) -> None:
    """Bold text centred in `box` (a panel's month)."""
    draw.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), text, font=font(pixels, bold=True), fill=TEXT_COLOUR, anchor="mm")


def draw_sheet_frame(image: Image.Image, sheet: Sheet, atlas: Atlas, scene: Scene, months: Sequence[date], territory: bool) -> None:
    """Title, the shared legend (the holders of the places in view) and the credits line."""
    draw = ImageDraw.Draw(image)
    draw.text((GAP, TITLE_HEIGHT // 2), sheet_title(months, scene.lang), font=font(30, bold=True), fill=TEXT_COLOUR, anchor="lm")
    controllers = controllers_in(atlas, places_in_view(atlas.places, scene.projection, scene.layout))
    entries = legend_entries(scene.lang, atlas.sides, controllers, events=False, attacks=False, territory=territory)
    draw_legend(image, sheet.legend_box, LEGEND_UNIT, entries, scene.lang)
    credits_top = sheet.credits_box[1]
    draw.line((0, credits_top, sheet.size[0], credits_top), fill=MUTED_COLOUR, width=1)
    draw.text((GAP, credits_top + CREDITS_HEIGHT // 2), credits_short(scene.lang), font=font(14), fill=MUTED_COLOUR, anchor="lm")


def render_small_multiples(
    atlas: Atlas,
    cells: dict[str, BaseGeometry] | None,
    countries: dict,
    months: Sequence[date],
    lang: str,
    size: tuple[int, int] | None = None,
    bounds: Sequence[float] = REGION_BOUNDS,
) -> Image.Image:
    """One image: a panel per month (2, 3 or 6, in the order given) at one scale, with territory when `cells` are given."""
    sheet = sheet_layout(len(months), size)
    first = sheet.panels[0].map_box
    scene = panel_scene(countries, lang, (first[2] - first[0], first[3] - first[1]), atlas.sides, bounds)
    image = Image.new("RGB", sheet.size, PANEL_COLOUR)
    draw_sheet_frame(image, sheet, atlas, scene, months, territory=bool(cells))
    draw = ImageDraw.Draw(image)
    for panel, month in zip(sheet.panels, months, strict=True):
        draw_centred(draw, panel.title_box, month_label(month, lang), 20)
        image.paste(draw_map(scene, atlas, cells, month), panel.map_box[:2])
        draw.rectangle(panel.map_box, outline=MUTED_COLOUR, width=1)
    return image
