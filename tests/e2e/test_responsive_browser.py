"""The map page from a phone to a Chromebook (Dutch, the longest words): nothing wider than its container, the map
and its player in the first screen, 44x44 px touch targets, the legend covering at most a quarter of the map,
swipe and tap to step on touch, pinch-zoom allowed, the scale bar clear of the credits. Figures are printed."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import MAP_FRAME, OfflinePage, map_frame
from tests.e2e.test_accessibility_browser import PAGES, open_page

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
VIEWPORTS = {
    "phone 390x844": PHONE,
    "tablet 768x1024": {"viewport": {"width": 768, "height": 1024}, "has_touch": True},
    "chromebook 1366x768": {"viewport": {"width": 1366, "height": 768}},
    "projector 1024x768": {"viewport": {"width": 1024, "height": 768}},
}
TOUCH_MIN = 44  # px, WCAG 2.5.5
LEGEND_SHARE = 0.25

# Everything measured in one evaluation inside the map frame (boxes in the frame's pixels).
MEASURE = """() => {
    const box = (node) => { if (!node) return null; const r = node.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; };
    const map = window.map.getContainer();
    const targets = Array.from(document.querySelectorAll(
        '.atlas-player button, .atlas-player select, .atlas-player input[type=range], .atlas-player-ease-label, .atlas-legend-toggle, .leaflet-control-zoom a'
    )).map(node => ({name: node.getAttribute('aria-label') || node.textContent.trim(), ...box(node)}));
    return {
        map: box(map),
        player: box(document.querySelector('.atlas-player')),
        legend: box(document.querySelector('.atlas-legend-control')),
        legendClosed: document.querySelector('.atlas-legend-control').classList.contains('atlas-legend-closed'),
        scale: box(document.querySelector('.leaflet-control-scale')),
        credits: box(document.querySelector('.leaflet-control-attribution')),
        targets: targets,
        widest: Math.max(...Array.from(document.querySelectorAll('.leaflet-control')).map(n => n.getBoundingClientRect().right)),
        metas: Array.from(document.querySelectorAll('meta[name=viewport]')).map(m => m.content),
    };
}"""
SWIPE = """([x, y, dx]) => {
    const player = document.querySelector('.atlas-player');
    const touch = (px) => new Touch({identifier: 1, target: player, clientX: px, clientY: y});
    player.dispatchEvent(new TouchEvent('touchstart', {touches: [touch(x)], changedTouches: [touch(x)], bubbles: true}));
    player.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: [touch(x + dx)], bubbles: true}));
}"""


def overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


@pytest.fixture(scope="module")
def measured(server_url, browser) -> dict:
    """Each viewport opened once (Dutch map page), measured, swiped and tapped; the tests below judge the figures."""
    results = {}
    for name, options in VIEWPORTS.items():
        context = browser.new_context(**options)
        page = context.new_page()
        page.set_default_timeout(60_000)
        offline = OfflinePage(page)
        page.goto(f"{server_url}/?lang=nl&date=2014-06")
        frame = map_frame(page)
        frame.wait_for_function("() => window.atlasPlayer && document.querySelectorAll('.atlas-symbol').length > 0")
        figures = frame.evaluate(MEASURE)
        figures["frame"] = page.locator(MAP_FRAME).bounding_box()
        figures["fold"] = options["viewport"]["height"]
        figures["page_width"] = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        figures["page_metas"] = page.evaluate("() => Array.from(document.querySelectorAll('meta[name=viewport]')).map(m => m.content)")
        if options.get("has_touch"):
            player = figures["player"]
            frame.evaluate(SWIPE, [player["x"] + player["w"] / 2, player["y"] + 10, -80])
            figures["after_swipe"] = frame.evaluate("() => window.atlasPlayer.month()")
            frame.locator(".atlas-player-back").tap()
            figures["after_tap"] = frame.evaluate("() => window.atlasPlayer.month()")
        figures["errors"] = offline.console_errors + offline.outside_requests
        results[name] = figures
        context.close()
        fold_top = figures["frame"]["y"]
        print(
            f"\n{name}: map {figures['map']['w']:.0f}x{figures['map']['h']:.0f} px, player {figures['player']['w']:.0f} px wide; "
            f"map top {fold_top:.0f}, player top {fold_top + figures['player']['y']:.0f}, bottom "
            f"{fold_top + figures['player']['y'] + figures['player']['h']:.0f} (fold {figures['fold']}); "
            f"smallest target {min(t['w'] for t in figures['targets']):.0f}x{min(t['h'] for t in figures['targets']):.0f}; "
            f"legend {'folded' if figures['legendClosed'] else 'open'} "
            f"{figures['legend']['w'] * figures['legend']['h'] / (figures['map']['w'] * figures['map']['h']):.0%} of the map"
        )
    return results


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_nothing_is_wider_than_its_container(measured, name):
    figures = measured[name]
    scroll_width, window_width = figures["page_width"]
    assert scroll_width <= window_width, "the page scrolls sideways"
    assert figures["player"]["w"] <= figures["map"]["w"] - 10, "the player is wider than the map"
    assert figures["widest"] <= figures["map"]["w"], "a map control runs past the map's edge"
    assert figures["errors"] == []


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_the_map_and_its_player_are_in_the_first_screen(measured, name):
    figures = measured[name]
    top = figures["frame"]["y"]
    assert top < figures["fold"] / 2, "the map starts low on the screen"
    assert top + figures["player"]["y"] + figures["player"]["h"] <= figures["fold"], "the player is below the fold"


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_the_legend_covers_at_most_a_quarter_of_the_map(measured, name):
    figures = measured[name]
    share = figures["legend"]["w"] * figures["legend"]["h"] / (figures["map"]["w"] * figures["map"]["h"])
    assert share <= LEGEND_SHARE
    assert not overlap(figures["legend"], figures["player"])


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_the_scale_bar_is_clear_of_the_credits_and_the_player(measured, name):
    figures = measured[name]
    assert not overlap(figures["scale"], figures["credits"])
    assert not overlap(figures["scale"], figures["player"])


@pytest.mark.parametrize("name", [n for n, o in VIEWPORTS.items() if o.get("has_touch")])
def test_touch_targets_are_44_px_and_swipe_and_tap_step(measured, name):
    figures = measured[name]
    small = [t for t in figures["targets"] if t["w"] < TOUCH_MIN or t["h"] < TOUCH_MIN]
    assert small == []
    assert len(figures["targets"]) >= 8  # back, play, forward, slider, speed, smooth, legend, zoom in/out
    assert figures["after_swipe"] == "2014-07", "a swipe to the left steps one month on"
    assert figures["after_tap"] == "2014-06", "a tap on ◀ steps back"


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_pinch_zoom_is_allowed(measured, name):
    metas = measured[name]["metas"] + measured[name]["page_metas"]
    assert metas, "no viewport meta at all"
    assert not [m for m in metas if "user-scalable=no" in m.replace(" ", "") or "maximum-scale" in m]


def test_no_page_is_wider_than_a_phone(server_url, browser):
    """Every page at 390 px with touch (Dutch): the page never scrolls sideways and no map control leaves its map."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(60_000)
    too_wide = {}
    try:
        for path, frames_shown in PAGES.values():
            open_page(page, server_url, path, frames_shown, "nl")
            width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            frames = [
                handle.content_frame().evaluate(
                    "() => Math.max(0, ...Array.from(document.querySelectorAll('.leaflet-control')).map(n => n.getBoundingClientRect().right))"
                    " - document.documentElement.clientWidth"
                )
                for handle in page.locator(MAP_FRAME).element_handles()
            ]
            print(f"\n{path}: page {width[0]} px in a {width[1]} px window; map controls past their map: {frames}")
            if width[0] > width[1] or any(excess > 0 for excess in frames):
                too_wide[path] = (width, frames)
    finally:
        context.close()
    assert too_wide == {}
