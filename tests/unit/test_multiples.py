"""Small multiples: the grid, each panel's month, one projection for all panels, one legend, title and credits."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pytest
from PIL import Image, ImageDraw
from shapely.geometry import box

from core.codes.constants import DATA_DIR
from core.codes.dates import month_label
from core.model.atlas import load_sides
from core.model.territory import territory_cells
from core.render.legend import legend_entries
from core.render.multiples import (
    DEFAULT_MONTHS,
    LEGEND_UNIT,
    SHEET_SIZES,
    draw_centred,
    panel_scene,
    render_small_multiples,
    sheet_layout,
    sheet_title,
)
from core.render.rendering import PANEL_COLOUR, draw_legend, draw_map
from core.text.attribution import credits_short
from tests.unit.test_rendering import COUNTRIES, MOSUL, SQUARE, _close, small_atlas

MONTHS = (date(2014, 5, 1), date(2014, 6, 1), date(2016, 1, 1))  # Mosul: Iraqi, then IS, then IS but uncertain

SIDES = load_sides(DATA_DIR)[0]  # the atlas declares its sides (data/sides.csv)


@pytest.fixture(scope="module")
def atlas():
    return small_atlas()


@pytest.fixture(scope="module")
def sheet_image(atlas) -> Image.Image:
    return render_small_multiples(atlas, None, COUNTRIES, MONTHS, "en")


def size_of(area: tuple[int, int, int, int]) -> tuple[int, int]:
    return area[2] - area[0], area[3] - area[1]


@pytest.mark.parametrize("count", [2, 3, 6])
def test_grid_has_one_equal_panel_per_month_inside_the_image(count):
    sheet = sheet_layout(count)
    assert sheet.size == SHEET_SIZES[count]
    assert len(sheet.panels) == count
    assert len({size_of(panel.map_box) for panel in sheet.panels}) == 1
    assert min(size_of(sheet.panels[0].map_box)) > 200
    image = box(0, 0, *sheet.size)
    for panel in sheet.panels:
        assert image.contains(box(*panel.map_box)) and image.contains(box(*panel.title_box))
        assert not box(*panel.map_box).intersection(box(*sheet.legend_box)).area
        assert panel.title_box[3] <= panel.map_box[1]
    for first, second in combinations(sheet.panels, 2):
        assert not box(*first.map_box).intersection(box(*second.map_box)).area


@pytest.mark.parametrize("count", [0, 1, 4, 7])
def test_other_panel_counts_are_refused(count):
    with pytest.raises(ValueError, match="choose 2, 3 or 6"):
        sheet_layout(count)


def test_image_has_the_fixed_size_of_its_panel_count(sheet_image):
    assert sheet_image.size == SHEET_SIZES[3]


def test_each_panel_is_titled_with_its_month(sheet_image):
    sheet = sheet_layout(3)
    for panel, month in zip(sheet.panels, MONTHS, strict=True):
        expected = Image.new("RGB", sheet_image.size, PANEL_COLOUR)
        draw_centred(ImageDraw.Draw(expected), panel.title_box, month_label(month, "en"), 20)
        assert sheet_image.crop(panel.title_box).tobytes() == expected.crop(panel.title_box).tobytes(), month


def test_every_panel_uses_the_same_projection(atlas, sheet_image):
    """Mosul's symbol sits at the same offset in every panel, in that month's colour."""
    sheet = sheet_layout(3)
    scene = panel_scene(COUNTRIES, "en", size_of(sheet.panels[0].map_box), SIDES)
    x, y = scene.projection.point(*MOSUL)
    colours = [sheet_image.getpixel((panel.map_box[0] + round(x), panel.map_box[1] + round(y))) for panel in sheet.panels]
    assert _close(colours[0], SIDES["IQ"].colour)
    assert _close(colours[1], SIDES["IS"].colour)
    for panel, month in zip(sheet.panels, MONTHS, strict=True):  # and each panel is exactly that month's map
        drawn = draw_map(scene, atlas, None, month)
        inside = (panel.map_box[0] + 1, panel.map_box[1] + 1, panel.map_box[2] - 1, panel.map_box[3] - 1)
        assert sheet_image.crop(inside).tobytes() == drawn.crop((1, 1, drawn.width - 1, drawn.height - 1)).tobytes()


def test_one_shared_legend(sheet_image):
    """The legend box holds the legend of core.render.legend; the panels (checked above to be bare maps) hold none."""
    sheet = sheet_layout(3)
    expected = Image.new("RGB", sheet_image.size, PANEL_COLOUR)
    draw_legend(
        expected, sheet.legend_box, LEGEND_UNIT, legend_entries("en", SIDES, ["IS", "IQ", "REB"], events=False, attacks=False), "en"
    )
    assert sheet_image.crop(sheet.legend_box).tobytes() == expected.crop(sheet.legend_box).tobytes()


def test_territory_adds_its_legend_entry_and_shading(atlas):
    cells = territory_cells(atlas.places, SQUARE)
    plain = render_small_multiples(atlas, None, COUNTRIES, MONTHS[:2], "en")
    shaded = render_small_multiples(atlas, cells, COUNTRIES, MONTHS[:2], "en")
    sheet = sheet_layout(2)
    assert plain.crop(sheet.legend_box).tobytes() != shaded.crop(sheet.legend_box).tobytes()
    scene = panel_scene(COUNTRIES, "en", size_of(sheet.panels[1].map_box), SIDES)
    x, y = scene.projection.point(MOSUL[0] + 0.3, MOSUL[1] - 0.15)  # inside Mosul's cell, off its symbol and label
    at = (sheet.panels[1].map_box[0] + round(x), sheet.panels[1].map_box[1] + round(y))
    assert sum(shaded.getpixel(at)) < sum(plain.getpixel(at)) - 60


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "Who held what, June 2014–June 2019"), ("nl", "Wie had wat in handen, juni 2014–juni 2019")],
)
def test_title_names_the_period(lang, title):
    assert sheet_title(DEFAULT_MONTHS[6], lang) == title


def test_title_and_credits_are_written(sheet_image):
    sheet = sheet_layout(3)
    credits_text = (0, sheet.credits_box[1] + 2, *sheet.credits_box[2:])  # below the rule that separates it
    for area in (sheet.title_box, credits_text):
        darkest, _ = sheet_image.crop(area).convert("L").getextrema()
        assert darkest < 120
    assert credits_short() == (
        "Wikipedia (nl) CC BY-SA 4.0 · news sources in the data · GeoNames CC BY 4.0 · Natural Earth · rivers, lakes © OpenStreetMap contributors"
    )
    assert credits_short("nl") == (
        "Wikipedia (nl) CC BY-SA 4.0 · nieuwsbronnen in de gegevens · GeoNames CC BY 4.0 · Natural Earth · "
        "rivieren, meren © OpenStreetMap-bijdragers"
    )


def test_default_months_fit_their_panel_counts():
    assert {count: len(months) for count, months in DEFAULT_MONTHS.items()} == {2: 2, 3: 3, 6: 6}
    assert DEFAULT_MONTHS[6] == tuple(date(year, 6, 1) for year in range(2014, 2020))
