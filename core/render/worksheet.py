"""The printed worksheet: small maps of 2, 3 or 6 months on one A4 page (landscape or portrait) at 300 dpi, each map
cropped to where the action is that month, all at one scale, with big month titles, one legend, the credits and,
when the teacher wants them, a question and an answer line under every map. Written as PNG or PDF.

Sizes are pixels at 300 dpi: 1 pt = 300/72 px, so 9 pt = 37.5 px. Names are drawn at NAME_PIXELS (13 pt) so that
the ink of a capital is taller than 37.5 px (DejaVu Sans Bold's capitals are 0.73 of the type size)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
from PIL import Image, ImageDraw
from shapely.geometry.base import BaseGeometry

from core.codes.dates import month_end, month_label
from core.model.atlas import Atlas
from core.model.control import control_in_month
from core.model.evidence import is_site
from core.render.drawing import Projection
from core.render.label_placement import ranked_for_labels
from core.render.legend import legend_entries
from core.render.multiples import PANEL_GRIDS, sheet_title
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
    font,
    wrap_text,
)
from core.text.attribution import credits_short
from core.text.i18n import pick

DPI = 300
PAGE_SIZES = {"landscape": (3508, 2480), "portrait": (2480, 3508)}  # A4 (297 × 210 mm) at 300 dpi
PORTRAIT_GRIDS = {2: (1, 2), 3: (1, 3), 6: (2, 3)}  # panels: (columns, rows) on an upright page
POINT = DPI / 72  # pixels per typographic point
NINE_POINTS = 9 * POINT  # 37.5 px: the smallest text on the sheet
NAME_PIXELS = round(13 * POINT)  # place names: 54 px type, capitals about 39 px of ink
MARGIN, GAP = 118, 40  # 1 cm page margin; between panels
TITLE_PIXELS, YEAR_PIXELS, TEXT_PIXELS = round(22 * POINT), round(26 * POINT), round(10 * POINT)
TITLE_BAND, YEAR_BAND, QUESTION_BAND = 150, 140, 230
QUESTION_LINES = 3
LEGEND_WIDTHS = {"landscape": 700, "portrait": 600}
LEGEND_UNIT = TEXT_PIXELS / 15  # core.render.rendering.draw_legend writes its entries at 15 units: 10 pt here
PANEL_UNIT = 2.2  # symbols 2.2× their screen size (about 4 mm across)
ACTION_MARGIN = 0.5  # degrees around the places IS holds or that change hands
MIN_SPAN = 2.5  # degrees of latitude a panel shows at least (a month with one small pocket is not a street map)
X_FACTOR = math.cos(math.radians((REGION_BOUNDS[1] + REGION_BOUNDS[3]) / 2))  # one for every panel: one scale
DEFAULT_QUESTION = (
    "What did IS hold in {month}? What changed since the map before?",
    "Wat had IS in {month} in handen? Wat veranderde sinds de kaart ervoor?",
)
MAX_QUESTION_CHARACTERS = 160

Box = tuple[int, int, int, int]
Extent = tuple[float, float, float, float]  # west, south, east, north in degrees


@dataclass(frozen=True)
class WorksheetPanel:
    title_box: Box
    map_box: Box
    question_box: Box | None


@dataclass(frozen=True)
class WorksheetLayout:
    size: tuple[int, int]
    title_box: Box
    panels: tuple[WorksheetPanel, ...]
    legend_box: Box
    credits_box: Box


def worksheet_layout(count: int, orientation: str = "landscape", questions: bool = False) -> WorksheetLayout:
    """Where everything goes on the page; every map box the same size."""
    if count not in PANEL_GRIDS:
        raise ValueError(f"{count} panels: choose 2, 3 or 6")
    if orientation not in PAGE_SIZES:
        raise ValueError(f"{orientation!r}: choose landscape or portrait")
    width, height = PAGE_SIZES[orientation]
    columns, rows = PANEL_GRIDS[count] if orientation == "landscape" else PORTRAIT_GRIDS[count]
    credits_height = round(NINE_POINTS * 4)  # the scale note and up to two lines of credits
    grid_left, grid_top = MARGIN, MARGIN + TITLE_BAND
    grid_right, grid_bottom = width - MARGIN - LEGEND_WIDTHS[orientation], height - MARGIN - credits_height
    cell_width = (grid_right - grid_left - GAP * (columns - 1)) // columns
    cell_height = (grid_bottom - grid_top - GAP * (rows - 1)) // rows
    question = QUESTION_BAND if questions else 0
    panels = []
    for index in range(count):
        row, column = divmod(index, columns)
        left, top = grid_left + column * (cell_width + GAP), grid_top + row * (cell_height + GAP)
        map_top, map_bottom = top + YEAR_BAND, top + cell_height - question
        panels.append(
            WorksheetPanel(
                (left, top, left + cell_width, map_top),
                (left, map_top, left + cell_width, map_bottom),
                (left, map_bottom, left + cell_width, top + cell_height) if questions else None,
            )
        )
    return WorksheetLayout(
        (width, height),
        (MARGIN, MARGIN, width - MARGIN, MARGIN + TITLE_BAND),
        tuple(panels),
        (grid_right + GAP, grid_top, width - MARGIN, grid_bottom),
        (MARGIN, grid_bottom, width - MARGIN, height - MARGIN),
    )


# ---------------------------------------------------------------------------
# Where the action is
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthAction:
    """A month's action, worked out once per panel: the state at its end (control_in_month), the places whose holder
    or state changed during it, and the places (not sites) in the bounds that IS holds or that changed."""

    state: pd.DataFrame
    changed: frozenset[str]
    places: pd.DataFrame


def month_action(atlas: Atlas, month: date, bounds: Extent = REGION_BOUNDS) -> MonthAction:
    """Changed: an event in the month hands the place to another side, or its holder or state at the month's end
    differs from the month before's. A source that only confirms the holder (the same side before and after, as in
    'Iraqi forces deploy around Sinune', June 2019) is not action. The places: those IS holds at the end of `month`
    (held, contested, besieged or uncertain) or that changed, inside `bounds` (Iraq and Syria): where the action is."""
    start, end = pd.Timestamp(month.replace(day=1)), pd.Timestamp(month_end(month))
    events = atlas.control_events[atlas.control_events["effective_date"].between(start, end)]
    handed = set(events.loc[events["actor_before"] != events["actor_after"], "place_id"])
    columns = ["controller", "status"]
    state = control_in_month(atlas, month)
    after = state.set_index("place_id")[columns]
    before = control_in_month(atlas, (start - pd.Timedelta(days=1)).date()).set_index("place_id")[columns]
    changed = handed | set(after.index[after.ne(before.reindex(after.index)).any(axis=1)])
    ids = set(state.loc[state["controller"] == atlas.sides.focus, "place_id"]) | changed
    places = atlas.places[atlas.places["place_id"].isin(ids) & ~is_site(atlas.places)]
    west, south, east, north = bounds
    inside = places[places["lon"].between(west, east) & places["lat"].between(south, north)]
    return MonthAction(state, frozenset(changed), inside)


def names_first(atlas: Atlas, action: MonthAction) -> list[str]:
    """The order in which a panel names its places: those that changed hands that month, then the rest of the
    action, each group in the usual order (cities, towns, most events)."""
    shown = set(action.places["place_id"])
    ranked = ranked_for_labels(atlas.places, action.state, atlas.control_events)["place_id"]
    changed = action.changed
    return [p for p in ranked if p in shown and p in changed] + [p for p in ranked if p in shown and p not in changed]


def action_extent(action: MonthAction, bounds: Extent = REGION_BOUNDS) -> Extent | None:
    """The box around the month's action places plus ACTION_MARGIN, inside `bounds`; None when there are none."""
    places = action.places
    west, south, east, north = bounds
    if places.empty:
        return None
    return (
        max(west, places["lon"].min() - ACTION_MARGIN),
        max(south, places["lat"].min() - ACTION_MARGIN),
        min(east, places["lon"].max() + ACTION_MARGIN),
        min(north, places["lat"].max() + ACTION_MARGIN),
    )


def panel_projections(extents: Sequence[Extent | None], map_size: tuple[int, int]) -> list[Projection]:
    """One scale for every panel (the one that fits the widest action), each panel centred on its own action; a
    month without action is centred on the others' (or on Iraq and Syria)."""
    width, height = map_size
    known = [e for e in extents if e is not None] or [REGION_BOUNDS]
    scale = min(min(width / ((e[2] - e[0]) * X_FACTOR), height / (e[3] - e[1])) for e in known)
    scale = min(scale, height / MIN_SPAN)
    union = (min(e[0] for e in known), min(e[1] for e in known), max(e[2] for e in known), max(e[3] for e in known))
    projections = []
    for extent in extents:
        west, south, east, north = extent or union
        centre_lon, centre_lat = (west + east) / 2, (south + north) / 2
        projections.append(
            Projection(centre_lon - width / (2 * scale * X_FACTOR), centre_lat + height / (2 * scale), scale, X_FACTOR, 0, 0)
        )
    return projections


# ---------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------


def panel_layout(map_size: tuple[int, int]) -> Layout:
    """A map-only layout at print scale: symbols PANEL_UNIT × their screen size, names NAME_PIXELS tall."""
    width, height = map_size
    return Layout(width, height, 0, 0, design_width=width / PANEL_UNIT, label_size=NAME_PIXELS / PANEL_UNIT)


def panel_scenes(atlas: Atlas, countries: dict, actions: Sequence[MonthAction], lang: str, map_size: tuple[int, int]) -> list[Scene]:
    """A scene per month: the same layout and scale, each cropped to that month's action (month_action)."""
    layout = panel_layout(map_size)
    projections = panel_projections([action_extent(action) for action in actions], map_size)
    return [Scene(layout, projection, None, draw_borders(layout, projection, countries), lang, atlas.sides) for projection in projections]


def question_text(question: str, month: date, lang: str) -> str:
    """The teacher's question for one map ('{month}' becomes that map's month), cut to MAX_QUESTION_CHARACTERS."""
    return question.strip()[:MAX_QUESTION_CHARACTERS].replace("{month}", month_label(month, lang))


def _draw_question(draw: ImageDraw.ImageDraw, box: Box, text: str) -> None:
    """The question (at most QUESTION_LINES lines) and a ruled line to write the answer on."""
    text_font = font(TEXT_PIXELS)
    lines = wrap_text(draw, text, text_font, box[2] - box[0])[:QUESTION_LINES]
    draw.multiline_text((box[0], box[1] + 12), "\n".join(lines), font=text_font, fill=TEXT_COLOUR, spacing=8)
    draw.line((box[0], box[3] - 14, box[2], box[3] - 14), fill=MUTED_COLOUR, width=3)


def _draw_frame(
    image: Image.Image, sheet: WorksheetLayout, atlas: Atlas, scenes: Sequence[Scene], months: Sequence[date], territory: bool, lang: str
) -> None:
    """Title, the legend of every holder the panels show, and the credits (wrapped, at 9 pt)."""
    draw = ImageDraw.Draw(image)
    draw.text(
        (sheet.title_box[0], (sheet.title_box[1] + sheet.title_box[3]) // 2),
        sheet_title(months, lang),
        font=font(TITLE_PIXELS, bold=True),
        fill=TEXT_COLOUR,
        anchor="lm",
    )
    shown = set()
    for scene in scenes:
        shown |= _places_in(atlas.places, scene)
    entries = legend_entries(lang, atlas.sides, controllers_in(atlas, shown), events=False, attacks=False, territory=territory)
    draw_legend(image, sheet.legend_box, LEGEND_UNIT, entries, lang)
    left, top, right, _ = sheet.credits_box
    draw.line((left, top + 10, right, top + 10), fill=MUTED_COLOUR, width=2)
    credit_font = font(math.ceil(NINE_POINTS))
    lines = [line for text in (scale_note(lang), credits_short(lang)) for line in wrap_text(draw, text, credit_font, right - left)]
    draw.multiline_text((left, top + 24), "\n".join(lines), font=credit_font, fill=MUTED_COLOUR, spacing=6)


def scale_note(lang: str) -> str:
    """What the crops mean, printed on the sheet."""
    return pick(
        lang,
        "Every map at the same scale, each around the places IS held or that changed hands that month.",
        "Alle kaarten op dezelfde schaal, elk rond de plaatsen die IS die maand had of die van eigenaar wisselden.",
    )


def _places_in(places: pd.DataFrame, scene: Scene) -> set[str]:
    width, height = scene.layout.map_box[2:]
    inside = set()
    for row in places.itertuples(index=False):
        x, y = scene.projection.point(row.lon, row.lat)
        if 0 <= x < width and 0 <= y < height:
            inside.add(row.place_id)
    return inside


def render_worksheet(
    atlas: Atlas,
    cells: dict[str, BaseGeometry] | None,
    countries: dict,
    months: Sequence[date],
    lang: str,
    orientation: str = "landscape",
    question: str | None = None,
) -> Image.Image:
    """The A4 page at 300 dpi: a panel per month (in the order given), territory when `cells` are given, and under
    every map the `question` with an answer line when one is given ('' or None: no question band)."""
    sheet = worksheet_layout(len(months), orientation, questions=bool(question and question.strip()))
    first = sheet.panels[0].map_box
    actions = [month_action(atlas, month) for month in months]
    scenes = panel_scenes(atlas, countries, actions, lang, (first[2] - first[0], first[3] - first[1]))
    image = Image.new("RGB", sheet.size, PANEL_COLOUR)
    _draw_frame(image, sheet, atlas, scenes, months, bool(cells), lang)
    draw = ImageDraw.Draw(image)
    for panel, month, scene, action in zip(sheet.panels, months, scenes, actions, strict=True):
        box = panel.title_box
        draw.text((box[0], box[3] - 20), month_label(month, lang), font=font(YEAR_PIXELS, bold=True), fill=TEXT_COLOUR, anchor="ld")
        image.paste(draw_map(scene, atlas, cells, month, first=names_first(atlas, action)), panel.map_box[:2])
        draw.rectangle(panel.map_box, outline=MUTED_COLOUR, width=3)
        if panel.question_box and question:
            _draw_question(draw, panel.question_box, question_text(question, month, lang))
    return image


def default_question(lang: str) -> str:
    return pick(lang, *DEFAULT_QUESTION)


def worksheet_pdf(image: Image.Image) -> bytes:
    """One A4 page: the image at 300 dpi fills the page exactly."""
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=DPI)
    return buffer.getvalue()


def worksheet_png(image: Image.Image) -> bytes:
    """The page as PNG with its print resolution recorded (300 dpi), so it prints at A4 size."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI))
    return buffer.getvalue()
