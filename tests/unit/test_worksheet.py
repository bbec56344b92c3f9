"""The printed worksheet: A4 at 300 dpi (landscape and portrait), names of at least 9 pt on paper, each map cropped to
where the action is at one scale, big month titles, one legend, the credits, and a question per map on request.

How 9 pt is measured: at 300 dpi one point is 300/72 px, so 9 pt = 37.5 px. A name's size on paper is taken as the
height of its ink in the rendered page: the rows between the top of its tallest glyph and the bottom of its lowest
one (dark pixels inside the name's box, the white halo left out). Names start with a capital, and a capital's ink
is shorter than the type size, so this is the stricter reading of "9 pt"."""

from __future__ import annotations

import re
from datetime import date
from itertools import combinations

import pytest
from PIL import Image
from shapely.geometry import box

from core.codes.constants import DATA_DIR
from core.model.atlas import load_atlas
from core.model.control import control_in_month
from core.render import worksheet
from core.render.rendering import month_labels
from core.render.worksheet import (
    DPI,
    NINE_POINTS,
    PAGE_SIZES,
    action_extent,
    month_action,
    names_first,
    panel_projections,
    panel_scenes,
    question_text,
    render_worksheet,
    worksheet_layout,
    worksheet_pdf,
    worksheet_png,
)
from tests.unit.test_rendering import COUNTRIES, small_atlas

MONTHS = (date(2014, 5, 1), date(2014, 6, 1), date(2016, 1, 1))
DARK = 100  # grey level below which a pixel is ink (names are #222222 on a white halo)
UMM_QASR = (47.95, 30.03)  # lon, lat: the far south-east corner of Iraq, empty desert on the way


@pytest.fixture(scope="module")
def atlas():
    return small_atlas()


@pytest.fixture(scope="module")
def real_atlas():
    return load_atlas(DATA_DIR)


@pytest.fixture(scope="module", params=["landscape", "portrait"])
def page(request, atlas):
    orientation = request.param
    image = render_worksheet(atlas, None, COUNTRIES, MONTHS, "nl", orientation, "Wat had IS in {month} in handen?")
    return orientation, image


def ink_rows(image: Image.Image, area: tuple[float, float, float, float]) -> int:
    """Height in pixels of the dark ink inside `area` (0 when there is none)."""
    ink = image.crop(tuple(round(v) for v in area)).convert("L").point(lambda grey: 255 if grey < DARK else 0).getbbox()
    return ink[3] - ink[1] if ink else 0


@pytest.mark.parametrize(("orientation", "size"), [("landscape", (3508, 2480)), ("portrait", (2480, 3508))])
@pytest.mark.parametrize("count", [2, 3, 6])
def test_layout_fills_an_a4_page_without_overlaps(orientation, size, count):
    sheet = worksheet_layout(count, orientation, questions=True)
    assert sheet.size == size == PAGE_SIZES[orientation]
    assert round(size[0] / DPI * 25.4) in (210, 297) and round(size[1] / DPI * 25.4) in (210, 297)  # millimetres
    page_box = box(0, 0, *size)
    boxes = [sheet.legend_box, sheet.credits_box, sheet.title_box]
    for panel in sheet.panels:
        boxes += [panel.title_box, panel.map_box, panel.question_box]
    assert all(page_box.contains(box(*b)) for b in boxes)
    assert not any(box(*a).intersection(box(*b)).area for a, b in combinations(boxes, 2))
    assert len({(p.map_box[2] - p.map_box[0], p.map_box[3] - p.map_box[1]) for p in sheet.panels}) == 1


def test_every_name_is_at_least_nine_points_on_paper(page, atlas):
    orientation, image = page
    sheet = worksheet_layout(len(MONTHS), orientation, questions=True)
    first = sheet.panels[0].map_box
    scenes = panel_scenes(atlas, COUNTRIES, [month_action(atlas, m) for m in MONTHS], "nl", (first[2] - first[0], first[3] - first[1]))
    heights = []
    for panel, month, scene in zip(sheet.panels, MONTHS, scenes, strict=True):
        state = control_in_month(atlas, month)
        for label in month_labels(scene, atlas, state, first=names_first(atlas, month_action(atlas, month))):
            left, top, right, bottom = label.box
            heights.append(
                (
                    label.name,
                    ink_rows(image, (panel.map_box[0] + left, panel.map_box[1] + top, panel.map_box[0] + right, panel.map_box[1] + bottom)),
                )
            )
    assert len(heights) >= len(MONTHS), heights  # Mosul and Raqqa are named
    assert min(height for _, height in heights) >= NINE_POINTS == 37.5, heights
    print(f"{orientation}: {image.size[0]}×{image.size[1]} px; name ink heights {sorted({h for _, h in heights})} px (9 pt = 37.5 px)")


def test_month_titles_are_big_enough_to_tell_apart_at_arm_s_length(page):
    orientation, image = page
    sheet = worksheet_layout(len(MONTHS), orientation, questions=True)
    for panel in sheet.panels:
        assert ink_rows(image, panel.title_box) >= 24 * DPI / 72 * 0.7  # 24 pt type: digits about 0.73 of it


def test_title_legend_credits_and_questions_are_drawn(page):
    orientation, image = page
    sheet = worksheet_layout(len(MONTHS), orientation, questions=True)
    for area in (sheet.title_box, sheet.legend_box, sheet.credits_box, *(p.question_box for p in sheet.panels)):
        assert ink_rows(image, area) > 0, area
    assert ink_rows(image, sheet.credits_box) >= NINE_POINTS * 0.7  # credits at 9 pt type


def test_no_question_no_question_band(atlas):
    image = render_worksheet(atlas, None, COUNTRIES, MONTHS[:2], "en", "portrait", "")
    assert image.size == PAGE_SIZES["portrait"]
    assert all(panel.question_box is None for panel in worksheet_layout(2, "portrait").panels)


def test_question_names_each_map_s_month_and_is_text_only():
    assert question_text("Wat had IS in {month} in handen?", date(2014, 6, 1), "nl") == "Wat had IS in juni 2014 in handen?"
    assert question_text("{0} {month!r} <b>" + "x" * 500, date(2014, 6, 1), "en").startswith("{0} {month!r} <b>x")
    assert len(question_text("x" * 500, date(2014, 6, 1), "en")) == worksheet.MAX_QUESTION_CHARACTERS


def test_pdf_is_one_a4_page_and_png_records_300_dpi(atlas):
    image = render_worksheet(atlas, None, COUNTRIES, MONTHS[:2], "en", "landscape")
    pdf = worksheet_pdf(image)
    media = [float(v) for v in re.search(rb"/MediaBox \[ ?([\d. ]+)\]", pdf).group(1).split()]
    assert media[2:] == pytest.approx([297 / 25.4 * 72, 210 / 25.4 * 72], abs=1)  # A4 in points
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") >= 1
    png = Image.open(__import__("io").BytesIO(worksheet_png(image)))
    assert png.info["dpi"] == pytest.approx((DPI, DPI), abs=0.01)


def test_panels_are_cropped_to_the_action_at_one_scale(real_atlas):
    months = [date(year, 6, 1) for year in range(2014, 2020)]
    extents = [action_extent(month_action(real_atlas, month)) for month in months]
    projections = panel_projections(extents, (830, 650))
    assert len({p.pixels_per_degree for p in projections}) == 1  # one scale on every panel
    for projection in projections:
        x, y = projection.point(*UMM_QASR)
        assert not (0 <= x < 830 and 0 <= y < 650), "the empty desert down to Umm Qasr is not on the sheet"
    mosul = real_atlas.places.set_index("place_id").loc["mosul"]
    x, y = projections[0].point(mosul["lon"], mosul["lat"])
    assert 0 <= x < 830 and 0 <= y < 650  # June 2014: Mosul, where it happened, is on the map
    june = month_action(real_atlas, date(2014, 6, 1))
    first = names_first(real_atlas, june)
    assert "mosul" in first[:3] and "mosul" in june.changed  # named among the first
    assert extents[-1] is None  # June 2019: IS holds nothing in Iraq and Syria; the panel shows the others' area
    # a source that only confirms the holder (Iraqi forces around Sinune, 22 June 2019) is not action
    assert "sinune" not in month_action(real_atlas, date(2019, 6, 1)).changed
