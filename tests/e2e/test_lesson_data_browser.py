"""A lesson on a teacher's own data in a real browser, offline: the Dutch-Excel sample uploaded on Your data becomes
a lesson with a 'who held …?' question in the sample's own sides, is saved, and the teacher link opened in a new
browser brings the lesson back with the sample's months, places and sides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.e2e.conftest import map_frame, upload_file
from tests.e2e.test_lessons_browser import choose, lessons_server, new_page, picker_shows, shows, type_into  # noqa: F401
from tests.e2e.test_upload_browser import LABELS_JS

pytestmark = pytest.mark.e2e

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "nederland-1944-1945"


def offline(page) -> list[str]:
    """Every request that tries to leave this machine is refused and noted."""
    outside: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:")):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    return outside


def options_of(page, label: str) -> list[str]:
    """The options a select box offers; a rerun that redraws the box while it is open closes it, so open it again then."""
    page.wait_for_function("(label) => document.querySelectorAll(`[role=combobox][aria-label='${label}']`).length === 1", arg=label)
    for _ in range(5):
        page.get_by_role("combobox", name=label, exact=True).click()
        try:
            page.get_by_role("option").first.wait_for(timeout=5_000)
            options = page.get_by_role("option").all_inner_texts()
        except PlaywrightTimeout:
            options = []
        page.keyboard.press("Escape")
        if options:
            return options
    return []


def test_the_sample_becomes_a_lesson_that_the_teacher_link_brings_back_elsewhere(lessons_server, browser):  # noqa: F811
    context, page = new_page(browser)
    outside = offline(page)
    page.goto(f"{lessons_server}/upload")
    page.get_by_text("unless you make a lesson of them and save it").first.wait_for()
    upload_file(page, "Places (CSV)", SAMPLE / "places.csv", "Places: 19 rows loaded")
    upload_file(page, "Events (CSV)", SAMPLE / "events.csv", "Events: 23 rows loaded")
    page.get_by_role("button", name="Make a lesson of these data").click()

    page.get_by_text("This lesson is built on your own data (places.csv, events.csv): 19 places").wait_for()
    expect(page.get_by_role("combobox", name="Month", exact=True)).to_have_value("September 1944")
    has_nijmegen = f"() => ({LABELS_JS})().some(label => label.startsWith('Nijmegen'))"
    map_frame(page).wait_for_function(has_nijmegen)  # the sample's places on the chapter's map
    type_into(page, "Lesson title (English)", "Liberation 1944-1945")
    type_into(page, "Title (English)", "Market Garden")
    picker_shows(page, "1. Market Garden")
    type_into(page, "Text (English)", "Airborne troops land near Arnhem.")
    choose(page, "Question", "Who held this place in this month?")
    type_into(page, "Question (English)", "Who held Arnhem at the end of September 1944?")
    choose(page, "The place asked about", "Arnhem")
    assert options_of(page, "Right answer: who held it") == ["Duitsland", "Geallieerden"]
    choose(page, "Right answer: who held it", "Duitsland")
    page.get_by_text("Checked: no problems found.").wait_for()

    page.get_by_role("button", name="Save the lesson").click()
    code = page.get_by_test_id("lesson-code").inner_text()
    link = page.locator("[data-testid=stCode]").inner_text().strip()
    assert re.fullmatch(rf"{re.escape(lessons_server)}/lessons\?teacher=[A-Za-z0-9_-]{{32}}", link)
    assert outside == []
    context.close()  # the browser with the upload is gone: only the saved lesson keeps the data

    context, page = new_page(browser)
    outside = offline(page)
    page.goto(link)
    shows(page, "Lesson title (English)", "Liberation 1944-1945")
    expect(page.get_by_test_id("lesson-code")).to_have_text(code)
    page.get_by_text("This lesson is built on your own data (places.csv, events.csv): 19 places, September 1944 – May 1945").wait_for()
    expect(page.get_by_role("combobox", name="Month", exact=True)).to_have_value("September 1944")
    months = options_of(page, "Month")
    assert (months[0], months[-1], len(months)) == ("September 1944", "May 1945", 9)
    expect(page.get_by_role("combobox", name="Right answer: who held it", exact=True)).to_have_value("Duitsland")
    frame = map_frame(page)
    frame.wait_for_function(has_nijmegen)
    assert not frame.evaluate(f"() => ({LABELS_JS})().some(label => label.startsWith('Mosul'))")
    legend = page.locator(".atlas-legend").first.inner_text()
    assert "Duitsland" in legend and "Geallieerden" in legend and "Islamic State" not in legend
    assert outside == []
    context.close()
