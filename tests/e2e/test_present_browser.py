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


# Every chapter measured in one window (PageDown turns): the page, the legend and its text, the names in the map.
SLIDE_FIGURES = """() => {
    const bottom = (selector) => { const n = document.querySelector(selector); return n ? n.getBoundingClientRect().bottom : null; };
    const legend = document.querySelector('.st-key-present-map .atlas-legend');
    return {
        scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
        legendBottom: bottom('.st-key-present-map [data-testid="stMarkdownContainer"]:has(.atlas-legend)'),
        legendFont: parseFloat(getComputedStyle(legend).fontSize),
        textBottom: bottom('.st-key-present-text'),
        // The last line of the chapter text, not only its box: a text cut off inside its scroll box is not on screen.
        lastLine: Math.max(...Array.from(document.querySelectorAll('.st-key-present-text p, .st-key-present-text li')).map(n => n.getBoundingClientRect().bottom)),
        mapBottom: bottom('iframe[title="streamlit_folium.st_folium"]'),
    };
}"""
FRAME_FIGURES = """() => {
    const box = (n) => { const r = n.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; };
    const shown = (n) => n && n.getBoundingClientRect().width > 0 && getComputedStyle(n).visibility !== 'hidden';
    const labels = Array.from(document.querySelectorAll('.leaflet-marker-icon.atlas-label'))
        .filter(n => shown(n.firstElementChild)).map(n => ({name: n.textContent, ...box(n.firstElementChild)}));
    const symbols = Array.from(document.querySelectorAll('.atlas-symbol')).filter(shown).map(box);
    return {labels, symbols, hidden: document.querySelectorAll('.leaflet-marker-icon.atlas-label').length - labels.length,
        scale: box(document.querySelector('.leaflet-control-scale')), credits: box(document.querySelector('.leaflet-control-attribution'))};
}"""


def _hits(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def test_every_chapter_fits_1024x768_with_its_legend_text_and_clear_names(real_server_url, projector_page):
    offline, _ = projector_page
    page = offline.page
    open_chapter(page, real_server_url, 1)
    problems = []
    for number, chapter in enumerate(STORY, start=1):
        if number > 1:
            page.keyboard.press("PageDown")
            wait_for_chapter(page, number)
        frame = map_frame(page)
        frame.wait_for_function(f"() => Math.abs(window.map.getCenter().lat - {chapter.center[0]}) < 0.05")
        # Two animation frames: the names have taken their spots (ClearLabels places them on the next frame).
        frame.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        slide, inside = page.evaluate(SLIDE_FIGURES), frame.evaluate(FRAME_FIGURES)
        print(
            f"\nchapter {number}: page {slide['scroll'][0]}x{slide['scroll'][1]}, legend bottom {slide['legendBottom']:.0f}, "
            f"text bottom {slide['textBottom']:.0f} (last line {slide['lastLine']:.0f}), legend {slide['legendFont']:.0f} px, names shown {len(inside['labels'])}, "
            f"hidden {inside['hidden']}"
        )
        if slide["scroll"][0] > PROJECTOR["width"] or slide["scroll"][1] > PROJECTOR["height"]:
            problems.append((number, "the page scrolls", slide["scroll"]))
        if (
            max(slide["legendBottom"], slide["textBottom"], slide["lastLine"]) > PROJECTOR["height"]
            or slide["lastLine"] > slide["textBottom"] + 1
        ):
            problems.append((number, "legend or text past the screen", slide))
        if slide["legendFont"] < 18:
            problems.append((number, "legend text under 18 px", slide["legendFont"]))
        labels = inside["labels"]
        for k, label in enumerate(labels):
            crossed = [s for s in inside["symbols"] if _hits(label, s)] + [o["name"] for o in labels[k + 1 :] if _hits(label, o)]
            if crossed:
                problems.append((number, label["name"], crossed))
        if _hits(inside["scale"], inside["credits"]):
            problems.append((number, "the scale bar is under the credits"))
    assert problems == []
    assert offline.console_errors == []
