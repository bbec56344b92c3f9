"""Present mode on a 1024x768 projector, offline: the slide fits the screen, clicker keys turn chapters even
after a click on the map, quick presses all count, and a presenter window stays on the projected chapter."""

from __future__ import annotations

import pytest

from core.ingest.story import load_story
from tests.e2e.conftest import MAP_FRAME, map_frame

pytestmark = pytest.mark.e2e

STORY = load_story()
PROJECTOR = {"width": 1024, "height": 768}


@pytest.fixture()
def projector_page(browser):
    """Like offline_page, at the size of a classroom projector."""
    from tests.e2e.conftest import OfflinePage

    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield OfflinePage(page), context
    context.close()


def open_chapter(page, server_url: str, number: int, view: str = "") -> None:
    page.goto(f"{server_url}/present?chapter={number}" + (f"&view={view}" if view else ""))
    page.get_by_role("heading", name=STORY[number - 1].title_en).wait_for()


def wait_for_chapter(page, number: int) -> None:
    page.get_by_role("heading", name=STORY[number - 1].title_en).wait_for()
    page.get_by_text(f"Chapter {number} of {len(STORY)}").wait_for()


def box(locator) -> dict:
    return locator.bounding_box()


def test_the_slide_fills_a_1024x768_projector_with_the_legend_on_screen(server_url, projector_page):
    offline, _ = projector_page
    page = offline.page
    open_chapter(page, server_url, 1)
    frame = map_frame(page)
    map_box = box(page.locator(MAP_FRAME))
    assert map_box["width"] >= 0.6 * PROJECTOR["width"], map_box
    assert map_box["height"] >= 0.5 * PROJECTOR["height"], map_box
    assert map_box["y"] + map_box["height"] <= PROJECTOR["height"], "the map's bottom and credits are on screen"
    inner = frame.evaluate("() => { const c = window.map.getContainer(); return [c.clientWidth, c.clientHeight]; }")
    assert abs(inner[1] - map_box["height"]) <= 2, "Leaflet draws into the whole frame, its bottom not cut off"
    legend = box(page.locator('.st-key-present-map [data-testid="stMarkdownContainer"]:has(.atlas-legend)'))
    assert page.get_by_text("attack", exact=True).is_visible()
    assert legend["y"] + legend["height"] <= PROJECTOR["height"], "the legend is visible without scrolling"
    assert page.evaluate("() => window.scrollY") == 0
    leave = page.get_by_role("link", name="Leave present mode")
    assert leave.is_visible() and box(leave)["y"] < PROJECTOR["height"]
    assert offline.outside_requests == [] and offline.console_errors == []


@pytest.mark.parametrize("key", ["Space", "PageDown", "ArrowRight"])
def test_clicker_keys_turn_the_chapter_after_a_click_on_the_map(server_url, projector_page, key):
    offline, _ = projector_page
    page = offline.page
    open_chapter(page, server_url, 2)
    frame = map_frame(page)
    center = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    page.locator(MAP_FRAME).click(position={"x": 80, "y": 80})
    page.keyboard.press(key)
    wait_for_chapter(page, 3)
    after = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    assert after != center
    frame.wait_for_function(f"() => Math.abs(window.map.getCenter().lat - {STORY[2].center[0]}) < 0.05")
    page.keyboard.press("PageUp")
    wait_for_chapter(page, 2)
    assert offline.console_errors == []


def test_quick_presses_all_count(server_url, projector_page):
    """Presses a clicker sends while the server is still drawing the previous chapter are not lost."""
    offline, _ = projector_page
    page = offline.page
    open_chapter(page, server_url, 1)
    map_frame(page)
    for _ in range(3):
        page.keyboard.press("PageDown")
    wait_for_chapter(page, 4)
    page.wait_for_url("**chapter=4**")
    for _ in range(4):  # about as fast as a teacher clicking through; each answer from the server comes later
        page.keyboard.press("PageDown", delay=40)
    wait_for_chapter(page, 8)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    wait_for_chapter(page, 6)
    assert offline.console_errors == []


def test_presenter_window_and_slide_window_stay_on_the_same_chapter(server_url, projector_page):
    offline, context = projector_page
    slide = offline.page
    open_chapter(slide, server_url, 2)
    map_frame(slide)
    presenter = context.new_page()
    open_chapter(presenter, server_url, 2, view="presenter")
    presenter.get_by_text(STORY[1].teacher_note_en).wait_for()
    presenter.get_by_text(STORY[2].title_en).first.wait_for()  # what comes next
    presenter.wait_for_function("() => window.__atlasPresent && window.__atlasPresent.listening")  # keys are heard

    presenter.keyboard.press("PageDown")
    wait_for_chapter(presenter, 3)
    wait_for_chapter(slide, 3)
    slide.keyboard.press("Space")
    wait_for_chapter(slide, 4)
    wait_for_chapter(presenter, 4)
    presenter.get_by_text(STORY[3].teacher_note_en).wait_for()
    assert slide.get_by_text(STORY[3].teacher_note_en).count() == 0, "the note never reaches the projector"
    assert offline.console_errors == []
