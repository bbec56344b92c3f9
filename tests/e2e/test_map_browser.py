"""The main map in a real browser: it draws offline, follows the slider without remounting, and links reopen views."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import map_frame

pytestmark = pytest.mark.e2e

LABELS_JS = """() => {
    const labels = [];
    window.map.eachLayer(l => { if (l.options && l.options.atlasLabel) labels.push(l.options.atlasLabel); });
    return labels;
}"""


def label_of(frame, place_name: str) -> str:
    return next(label for label in frame.evaluate(LABELS_JS) if label.startswith(place_name + " "))


def open_map(offline, url: str, query: str):
    offline.page.goto(f"{url}/?{query}")  # the default page lives at /, so links to the map use /?date=…
    offline.page.get_by_test_id("atlas-date").first.wait_for()
    assert offline.page.get_by_text("Page not found").count() == 0
    frame = map_frame(offline.page)
    frame.wait_for_function("() => document.querySelectorAll('.atlas-symbol').length > 0")
    return frame


def test_map_draws_places_and_borders_offline(server_url, offline_page):
    frame = open_map(offline_page, server_url, "date=2015-06")
    assert frame.evaluate("() => document.querySelectorAll('.atlas-symbol').length") >= 5
    frame.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive, svg path').length > 10")
    assert offline_page.outside_requests == []
    assert offline_page.console_errors == []


def test_slider_step_changes_holders_without_remount(server_url, offline_page):
    page = offline_page.page
    frame = open_map(offline_page, server_url, "date=2014-05")
    assert "Iraqi government" in label_of(frame, "Mosul")
    frame.evaluate("() => { window.sentinel = 'same-frame'; }")
    slider = page.get_by_role("slider", name="Month")
    slider.focus()
    page.keyboard.press("ArrowRight")
    frame.wait_for_function(f"() => ({LABELS_JS})().some(label => label.startsWith('Mosul ') && label.includes('Islamic State'))")
    assert page.get_by_test_id("atlas-date").first.inner_text() == "June 2014"
    assert frame.evaluate("() => window.sentinel") == "same-frame"
    assert "date=2014-06" in page.url
    assert offline_page.outside_requests == []
    assert offline_page.console_errors == []


def test_pan_and_zoom_do_not_rerun_the_app(server_url, offline_page):
    page = offline_page.page
    sent: list[str] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    frame = open_map(offline_page, server_url, "date=2015-01")
    page.get_by_text("Events in January 2015").first.wait_for()
    sent.clear()
    frame.evaluate("() => { window.map.setZoom(8); window.map.panBy([120, 80], {animate: false}); }")
    frame.wait_for_function("() => window.map.getZoom() === 8")
    page.get_by_role("slider", name="Month").focus()  # a round trip we wait for, so the map had time to report
    page.keyboard.press("ArrowRight")
    page.get_by_text("Events in February 2015").first.wait_for()
    assert len(sent) == 1, "only the slider move may reach the server, not the pan or zoom"


def test_zoom_survives_a_date_change(server_url, offline_page):
    page = offline_page.page
    frame = open_map(offline_page, server_url, "date=2015-01")
    frame.evaluate("() => { window.map.setZoom(8); }")
    frame.wait_for_function("() => window.map.getZoom() === 8")
    page.get_by_role("slider", name="Month").focus()
    page.keyboard.press("ArrowRight")
    page.get_by_text("February 2015").first.wait_for()
    frame.wait_for_function("() => window.feature_group && window.feature_group.length > 0")
    assert frame.evaluate("() => window.map.getZoom()") == 8


def test_shared_url_reopens_date_and_place(server_url, offline_page):
    page = offline_page.page
    open_map(offline_page, server_url, "date=2016-08&place=palmyra&lang=nl")
    assert page.get_by_test_id("atlas-date").first.inner_text() == "augustus 2016"
    page.get_by_role("heading", name="Palmyra").first.wait_for()
    assert page.get_by_text("augustus 2016: in handen van Syrische regering").first.is_visible()  # the short card
    page.get_by_test_id("stExpander").get_by_text("Alle bronnen").first.click()  # the whole history
    page.get_by_text("Syrië heroverde Palmyra.").first.wait_for()
    assert offline_page.console_errors == []


def test_garbage_parameters_fall_back_with_a_notice(server_url, offline_page):
    page = offline_page.page
    open_map(offline_page, server_url, "date=2099-99&place=%3Cscript%3E&lang=xx")
    assert page.get_by_test_id("atlas-date").first.inner_text() == "June 2014"
    assert page.get_by_text("Ignored date=").first.is_visible()
    assert offline_page.console_errors == []


def test_clicking_a_place_opens_its_provenance_card(server_url, offline_page):
    page = offline_page.page
    frame = open_map(offline_page, server_url, "date=2016-01")
    frame.evaluate(
        """() => window.map.eachLayer(l => {
            if (l.options && l.options.atlasId === 'palmyra' && l._icon) l._icon.setAttribute('id', 'palmyra-marker');
        })"""
    )
    frame.locator("#palmyra-marker").click()
    page.get_by_role("heading", name="Palmyra").first.wait_for()
    assert page.get_by_text("January 2016: held by Islamic State").first.is_visible()
    assert page.get_by_text("21 May 2015: captured by IS").first.is_visible()
    assert "place=palmyra" in page.url
    assert offline_page.console_errors == []


VISIBLE_SITES_JS = """() => [...document.querySelectorAll('.atlas-site')].filter(el => el.offsetParent !== null).length"""


def test_sites_inside_a_town_appear_small_only_when_zoomed_in(real_server_url, offline_page):
    """Palmyra's temples sit on the town's symbol at country scale: hidden there, shown (16 px) at zoom 12."""
    frame = open_map(offline_page, real_server_url, "date=2015-09")
    assert frame.evaluate("() => document.querySelectorAll('.atlas-site').length") >= 2
    assert frame.evaluate(VISIBLE_SITES_JS) == 0
    frame.evaluate("() => { window.map.setView([34.553, 38.27], 12); }")
    frame.wait_for_function(f"() => ({VISIBLE_SITES_JS})() >= 2")
    width = frame.evaluate(
        "() => [...document.querySelectorAll('.atlas-site')].find(el => el.offsetParent !== null).getBoundingClientRect().width"
    )
    assert width <= 16
    frame.evaluate("() => { window.map.setView([34.8, 40.5], 6); }")
    frame.wait_for_function(f"() => ({VISIBLE_SITES_JS})() === 0")
    assert offline_page.console_errors == []
