"""Server-side images: size, colours where places and territory are, GIF frames and progress."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from PIL import Image, ImageColor, ImageDraw
from shapely.geometry import box

from core.codes.constants import DATA_DIR
from core.model.atlas import Atlas, build_atlas, load_sides
from core.model.tables import EVENTS_SCHEMA, PLACES_SCHEMA, validate_frame
from core.model.territory import territory_cells
from core.render import rendering
from core.render.drawing import dashed_line
from core.render.mapping import COUNTRY_STYLE
from core.render.rendering import (
    SEA_COLOUR,
    Layout,
    controllers_in,
    font,
    map_projection,
    places_in_view,
    render_animation,
    render_month_image,
    render_png,
    wrap_text,
)
from core.render.symbols import pale
from core.text.attribution import credits_short

SQUARE = box(36.0, 30.0, 47.0, 37.0)  # one synthetic "country" covering most of the view
COUNTRIES = {
    "type": "FeatureCollection",
    "features": [{"type": "Feature", "properties": {"iso2": "XX"}, "geometry": SQUARE.__geo_interface__}],
}
MOSUL, RAQQA = (43.13, 36.34), (39.01, 35.95)  # lon, lat
SIZE = (1280, 800)

SIDES = load_sides(DATA_DIR)[0]  # the atlas declares its sides (data/sides.csv)


def _place(place_id: str, controller: str) -> dict:
    given = {"place_id": place_id, "name_nl": place_id.title(), "name_en": place_id.title(), "country": "IQ", "kind": "city"}
    return {name: "" for name in PLACES_SCHEMA.columns} | given | {"initial_controller": controller, "initial_status": "held"}


def _event(place_id: str, day: str, event_type: str, before: str, after: str, status: str) -> dict:
    given = {"event_id": f"{place_id}_{day[:7].replace('-', '_')}_{event_type}", "place_id": place_id, "date": day}
    given |= {"date_precision": "day", "event_type": event_type, "actor_before": before, "actor_after": after, "status_after": status}
    return {name: "" for name in EVENTS_SCHEMA.columns} | given | {"evidence": "test", "summary_en": "test", "summary_nl": "test"}


def small_atlas() -> Atlas:
    """Mosul: IQ until IS takes it on 10 June 2014. Raqqa: rebels, contested from March 2014."""
    places, place_problems = validate_frame(pd.DataFrame([_place("mosul", "IQ"), _place("raqqa", "REB")]), PLACES_SCHEMA, "places")
    events = pd.DataFrame(
        [
            _event("mosul", "2014-06-10", "captured", "IQ", "IS", "held"),
            _event("raqqa", "2014-03-05", "contested", "REB", "REB", "contested"),
        ]
    )
    events, event_problems = validate_frame(events, EVENTS_SCHEMA, "events")
    assert place_problems == event_problems == []
    coordinates = pd.DataFrame({"place_id": ["mosul", "raqqa"], "lon": [MOSUL[0], RAQQA[0]], "lat": [MOSUL[1], RAQQA[1]]})
    return build_atlas(places, events, coordinates, sides=SIDES)


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return small_atlas()


@pytest.fixture(scope="module")
def cells(atlas: Atlas) -> dict:
    return territory_cells(atlas.places, SQUARE)


def _pixel(image: Image.Image, lon: float, lat: float) -> tuple[int, int, int]:
    x, y = map_projection(image.size).point(lon, lat)
    return image.getpixel((round(x), round(y)))[:3]


def _close(pixel: tuple[int, int, int], colour: str, tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, ImageColor.getrgb(colour), strict=True))


@pytest.mark.parametrize("size", [(1280, 800), (640, 400), (1000, 1000)])
def test_image_has_the_requested_size(atlas, size):
    assert render_month_image(atlas, None, COUNTRIES, date(2014, 7, 1), "en", size=size).size == size


@pytest.mark.parametrize(
    ("month", "expected_colour"),
    [
        (date(2014, 5, 1), SIDES["IQ"].colour),  # before the capture
        (date(2014, 6, 1), SIDES["IS"].colour),  # end of June: IS holds it
        (date(2015, 5, 1), SIDES["IS"].colour),  # within a year of the last evidence
        (date(2016, 1, 1), pale(SIDES["IS"].colour)),  # nothing since June 2014: uncertain, drawn pale
    ],
)
def test_place_symbol_has_its_holders_colour(atlas, month, expected_colour):
    image = render_month_image(atlas, None, COUNTRIES, month, "en")
    assert _close(_pixel(image, *MOSUL), expected_colour)


def test_contested_place_is_drawn_hollow(atlas):
    image = render_month_image(atlas, None, COUNTRIES, date(2014, 4, 1), "en")
    assert _close(_pixel(image, *RAQQA), "#ffffff")


@pytest.mark.parametrize(
    ("lon", "lat", "colour"),
    [
        (41.0, 33.0, COUNTRY_STYLE["fillColor"]),  # inside the synthetic country
        (35.0, 29.0, SEA_COLOUR),  # in view, outside it
    ],
)
def test_borders_fill_land_and_leave_sea(atlas, lon, lat, colour):
    image = render_month_image(atlas, None, COUNTRIES, date(2014, 7, 1), "en")
    assert _close(_pixel(image, lon, lat), colour, tolerance=2)


def test_territory_is_shaded_only_when_cells_are_given(atlas, cells):
    near_mosul = (MOSUL[0] + 0.2, MOSUL[1] - 0.1)  # ~20 km away: inside Mosul's cell, off its symbol
    land = ImageColor.getrgb(COUNTRY_STYLE["fillColor"])
    plain = render_month_image(atlas, None, COUNTRIES, date(2015, 1, 1), "en")
    shaded = render_month_image(atlas, cells, COUNTRIES, date(2015, 1, 1), "en")
    assert _pixel(plain, *near_mosul) == land
    assert sum(_pixel(shaded, *near_mosul)) < sum(land) - 100  # IS black at 28 % over the land


def test_legend_lists_the_atlas_holders_in_the_chosen_language(atlas):
    english = render_month_image(atlas, None, COUNTRIES, date(2014, 7, 1), "en")
    dutch = render_month_image(atlas, None, COUNTRIES, date(2014, 7, 1), "nl")
    legend = (SIZE[0] - 250, 0, SIZE[0], 300)
    assert english.crop(legend).tobytes() != dutch.crop(legend).tobytes()


def test_legend_only_lists_holders_of_places_in_view(atlas):
    places = pd.DataFrame({"place_id": ["mosul", "paris"], "lon": [MOSUL[0], 2.35], "lat": [MOSUL[1], 48.85]})
    assert places_in_view(places, map_projection(SIZE), Layout(*SIZE)) == {"mosul"}
    assert controllers_in(atlas, {"mosul"}) == ["IS", "IQ"]
    assert controllers_in(atlas, {"raqqa"}) == ["REB"]


def test_attribution_line_is_written_along_the_bottom(atlas):
    image = render_month_image(atlas, None, COUNTRIES, date(2014, 7, 1), "en")
    darkest, _ = image.crop((0, SIZE[1] - 25, SIZE[0] // 2, SIZE[1])).convert("L").getextrema()
    assert darkest < 150
    for lang in ("en", "nl"):
        whole_line = ImageDraw.Draw(image).textlength(credits_short(lang), font=font(14))
        assert whole_line < SIZE[0] - 24  # it fits: no credit is cut off


def test_renders_without_dejavu_installed(atlas, monkeypatch):
    real_truetype = rendering.ImageFont.truetype

    def missing(font, *args, **kwargs):
        if "DejaVu" in str(font):
            raise OSError("cannot open resource")
        return real_truetype(font, *args, **kwargs)

    monkeypatch.setattr(rendering.ImageFont, "truetype", missing)
    rendering.font.cache_clear()
    try:
        fallback = rendering.font(20)
        image = render_month_image(atlas, None, COUNTRIES, date(2014, 7, 1), "en", size=(640, 400))
    finally:
        rendering.font.cache_clear()
    assert "DejaVu" not in str(getattr(fallback, "path", ""))
    assert image.size == (640, 400)


def test_png_bytes_round_trip(atlas):
    image = render_month_image(atlas, None, COUNTRIES, date(2014, 7, 1), "en", size=(320, 200))
    data = render_png(image)
    assert data.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(data)).size == (320, 200)


def test_animation_has_one_frame_per_month_and_reports_progress(atlas, cells):
    calls = []
    data = render_animation(atlas, cells, COUNTRIES, date(2014, 5, 1), date(2014, 7, 1), "en", progress=lambda *a: calls.append(a))
    gif = Image.open(io.BytesIO(data))
    assert gif.format == "GIF"
    assert gif.n_frames == 3
    assert gif.info["loop"] == 0
    durations = []
    for index in range(gif.n_frames):
        gif.seek(index)
        durations.append(gif.info["duration"])
    assert durations == [500, 500, 3000], "the last month stays up before the loop starts again"
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_animation_refuses_an_empty_range(atlas):
    with pytest.raises(ValueError, match="must not come after"):
        render_animation(atlas, None, COUNTRIES, date(2015, 1, 1), date(2014, 1, 1), "en")


@pytest.mark.parametrize(
    ("text", "max_width", "lines"),
    [
        ("Islamic State", 1000, ["Islamic State"]),
        ("Koerdische Autonome Regio (peshmerga)", 200, ["Koerdische Autonome", "Regio (peshmerga)"]),
        ("Supercalifragilistic", 10, ["Supercalifragilistic"]),
        ("", 100, [""]),
    ],
)
def test_wrap_text(text, max_width, lines):
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    assert wrap_text(draw, text, rendering.font(15), max_width) == lines


def test_dashed_line_leaves_gaps():
    image = Image.new("L", (100, 3), 0)
    dashed_line(ImageDraw.Draw(image), [(0, 1), (99, 1)], 255, 1, dash=5, gap=5)
    row = [image.getpixel((x, 1)) for x in range(100)]
    assert row[:4] == [255] * 4
    assert row[6:9] == [0] * 3
    assert 40 <= row.count(255) <= 60


def test_place_names_are_drawn_where_placed(atlas):
    scene = rendering.prepare_scene(atlas, COUNTRIES, "en", SIZE)
    month = date(2014, 7, 1)
    labels = rendering.month_labels(scene, atlas, rendering.control_in_month(atlas, month), [rendering.date_box(scene, month)[0]])
    mosul = next(label for label in labels if label.place_id == "mosul")
    assert mosul.name == "Mosul"
    text = rendering.draw_month(scene, atlas, None, month).crop(tuple(round(v) for v in mosul.box)).convert("L")
    darkest, lightest = text.getextrema()
    assert darkest < 80 and lightest > 240  # dark letters on their white halo
