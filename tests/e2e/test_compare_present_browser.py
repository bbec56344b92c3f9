"""Compare and Present in a real browser, offline: maps draw, arrow keys step chapters, uploads are validated."""

from __future__ import annotations

import pytest
from PIL import Image

from core.ingest.story import load_story
from tests.e2e.conftest import MAP_FRAME

pytestmark = pytest.mark.e2e

STORY = load_story()
POINTS_JS = """() => {
    let points = 0;
    window.map.eachLayer(l => { if (l.options && l.options.atlasLabel) points += 1; });
    return points;
}"""


def near_js(center: tuple[float, float], tolerance: float = 0.05) -> str:
    """Leaflet snaps the centre to whole pixels (about 0.02 degrees at zoom 6); chapters lie much further apart."""
    lat, lon = center
    return f"() => {{ const c = window.map.getCenter(); return Math.abs(c.lat - {lat}) < {tolerance} && Math.abs(c.lng - {lon}) < {tolerance}; }}"


def loaded_maps(page, count: int) -> list:
    """The Leaflet frames of the page's `count` maps, once every one has drawn its points.

    Waits from the parent page (the component frames are same-origin): a frame handle taken too early can
    still be the iframe's initial about:blank document and would never see the map.
    """
    page.wait_for_function(
        f"""() => {{
            const frames = [...document.querySelectorAll('{MAP_FRAME}')];
            return frames.length === {count} && frames.every(f => {{
                const w = f.contentWindow;
                return w && w.map && w.map._loaded && ({POINTS_JS.replace("window.map", "w.map")})() > 0;
            }});
        }}"""
    )
    return [page.locator(MAP_FRAME).nth(index).element_handle().content_frame() for index in range(count)]


def test_compare_draws_both_months_and_the_difference_offline(server_url, offline_page):
    page = offline_page.page
    page.goto(f"{server_url}/compare?a=2014-06&b=2017-10")
    page.get_by_test_id("compare-date-b").wait_for()
    page.get_by_text("Places whose holder or state changed").wait_for()
    side_a, side_b, difference = loaded_maps(page, 3)
    # The fixture atlas has 5 places with a holder, plus Paris (an attack) on the two month maps.
    assert side_a.evaluate(POINTS_JS) >= 5
    assert side_b.evaluate(POINTS_JS) >= 5
    assert difference.evaluate(POINTS_JS) == 5
    assert page.get_by_test_id("compare-date-a").inner_text() == "A · June 2014"
    assert page.get_by_test_id("compare-date-b").inner_text() == "B · October 2017"
    assert offline_page.outside_requests == []
    assert offline_page.console_errors == []


def test_compare_slider_moves_date_b_and_the_url(server_url, offline_page):
    page = offline_page.page
    page.goto(f"{server_url}/compare?a=2014-06&b=2015-01")
    page.get_by_text("Places whose holder or state changed").wait_for()
    loaded_maps(page, 3)
    slider = page.get_by_role("slider", name="Date B")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.get_by_test_id("compare-date-b").get_by_text("B · February 2015").wait_for()
    page.wait_for_url("**b=2015-02**")
    assert offline_page.console_errors == []


def test_arrow_keys_step_chapters_and_move_the_map(server_url, offline_page):
    page = offline_page.page
    page.goto(f"{server_url}/present?chapter=2")
    page.get_by_role("heading", name=STORY[1].title_en).wait_for()
    (frame,) = loaded_maps(page, 1)
    frame.wait_for_function(near_js(STORY[1].center))
    frame.evaluate("() => { window.sentinel = 'same-frame'; }")

    page.keyboard.press("ArrowRight")
    page.get_by_role("heading", name=STORY[2].title_en).wait_for()
    frame.wait_for_function(near_js(STORY[2].center))
    frame.wait_for_function(f"() => window.map.getZoom() === {STORY[2].zoom}")
    assert page.get_by_text(f"Chapter 3 of {len(STORY)}").is_visible()
    page.wait_for_url("**chapter=3**")

    page.keyboard.press("ArrowLeft")
    page.get_by_role("heading", name=STORY[1].title_en).wait_for()
    frame.wait_for_function(near_js(STORY[1].center))
    assert frame.evaluate("() => window.sentinel") == "same-frame", "stepping must not reload the map"
    assert offline_page.outside_requests == []
    assert offline_page.console_errors == []


def test_projector_mode_hides_the_chrome(server_url, offline_page):
    page = offline_page.page
    page.goto(f"{server_url}/present")
    page.get_by_role("heading", name=STORY[0].title_en).wait_for()
    loaded_maps(page, 1)
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.locator('header[data-testid="stHeader"]').is_hidden()
    size = page.get_by_role("heading", name=STORY[0].title_en).evaluate("h => parseFloat(getComputedStyle(h).fontSize)")
    assert size >= 40  # 3rem title for the back of the classroom
    assert page.get_by_text(STORY[0].teacher_note_en).is_hidden(), "teacher notes stay folded on the projector"


def test_uploaded_story_is_validated_then_used(server_url, offline_page):
    page = offline_page.page
    page.goto(f"{server_url}/present?chapter=2")
    page.get_by_role("heading", name=STORY[1].title_en).wait_for()
    page.get_by_text("Teacher tools").click()
    header = "id,month,lat,lon,zoom,title_en,title_nl,text_en,text_nl"
    broken = f"{header}\none,2014-06,36.3,43.1,8,Mine,Mijn,Text.,Tekst.\ntwo,2014-13,abc,43.1,8,,,Text.,Tekst.\n"
    upload = page.locator('input[type="file"]')
    upload.set_input_files(files=[{"name": "broken.csv", "mimeType": "text/csv", "buffer": broken.encode()}])
    page.get_by_text("This story cannot be used").wait_for()
    assert page.get_by_text("line 3: month '2014-13' is not a month").is_visible()
    assert page.get_by_text("line 3: lat 'abc' is not a number").is_visible()
    assert page.get_by_role("heading", name=STORY[1].title_en).is_visible(), "a broken upload keeps the story and chapter"

    good = f"{header}\none,2016-08,36.6,38.1,8,My own chapter,Mijn hoofdstuk,Our text.,Onze tekst.\n"
    upload.set_input_files(files=[{"name": "good.csv", "mimeType": "text/csv", "buffer": good.encode()}])
    page.get_by_role("heading", name="My own chapter").wait_for()
    assert page.get_by_text("Chapter 1 of 1").is_visible()
    (frame,) = loaded_maps(page, 1)
    frame.wait_for_function(near_js((36.6, 38.1)))
    assert offline_page.console_errors == []


CENTER_JS = "() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }"
REGION_JS = """() => {  // Iraq and Syria (core.render.rendering.REGION_BOUNDS) lie inside the visible map
    const b = window.map.getBounds();
    return b.getWest() <= 35.0 && b.getSouth() <= 29.0 && b.getEast() >= 49.0 && b.getNorth() >= 37.6;
}"""


def test_compare_maps_show_iraq_and_syria_and_pan_and_zoom_together(server_url, offline_page):
    page = offline_page.page
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{server_url}/compare?a=2014-06&b=2017-10")
    page.get_by_text("Places whose holder or state changed").wait_for()
    side_a, side_b, _ = loaded_maps(page, 3)
    assert side_a.evaluate(REGION_JS) and side_b.evaluate(REGION_JS), "eastern Iraq is not cut off"
    before = side_b.evaluate(CENTER_JS)

    box = page.locator(MAP_FRAME).first.bounding_box()
    start = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*start)
    page.mouse.down()
    for step in range(1, 6):
        page.mouse.move(start[0] - 30 * step, start[1] - 15 * step)
    page.mouse.up()
    side_a.wait_for_function(f"() => Math.abs(window.map.getCenter().lng - {before[1]}) > 0.5")
    page.wait_for_function(  # once map A has come to rest (drag inertia), map B shows the same view
        f"""() => {{
            const [a, b] = [...document.querySelectorAll('{MAP_FRAME}')].map(f => f.contentWindow.map);
            const ca = a.getCenter(), cb = b.getCenter();
            return Math.abs(ca.lat - cb.lat) < 1e-6 && Math.abs(ca.lng - cb.lng) < 1e-6 && a.getZoom() === b.getZoom();
        }}"""
    )
    moved_a, moved_b = side_a.evaluate(CENTER_JS), side_b.evaluate(CENTER_JS)
    assert moved_b[1] > before[1] + 0.5, "dragging map A moves map B too"

    side_b.evaluate("() => { window.map.zoomIn(1, {animate: false}); }")
    side_a.wait_for_function(f"() => window.map.getZoom() === {moved_a[2] + 1}")
    assert offline_page.console_errors == []


def test_small_multiples_image_appears_and_downloads_offline(server_url, offline_page, tmp_path):
    page = offline_page.page
    page.goto(f"{server_url}/compare?a=2014-06&b=2017-10")
    page.get_by_role("heading", name="Several years at once").wait_for()
    page.get_by_role("radiogroup", name="Number of maps").get_by_text("3", exact=True).click()
    page.get_by_role("button", name="Download the PNG").wait_for()
    page.wait_for_function(  # the sheet of three maps (1800 × 560, shown scaled to the page) replaced the six (1800 × 960)
        """() => [...document.querySelectorAll('[data-testid="stImageContainer"] img')].some(
            img => img.complete && img.naturalHeight > 0 && Math.abs(img.naturalWidth / img.naturalHeight - 1800 / 560) < 0.02)"""
    )
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the PNG").click()
    download = download_info.value
    assert download.suggested_filename == "territory-atlas-maps-2014-06_2015-06_2017-06.png"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert Image.open(saved).size == (1800, 560)  # the full-size PNG, not the scaled preview
    assert offline_page.outside_requests == []
    assert offline_page.console_errors == []
