"""The lesson editor in a real browser: build a three-chapter lesson with a question, save it, close the browser,
open the teacher link in a new one and find the whole lesson back."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.e2e.conftest import FIXTURE_DATA, map_frame, start_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def lessons_server(tmp_path_factory, browser) -> Iterator[str]:
    """The app on the fixture data with a lessons database of its own."""
    url = f"sqlite:///{tmp_path_factory.mktemp('lessons') / 'lessons.sqlite3'}"
    before = os.environ.get("ATLAS_DATABASE_URL")
    os.environ["ATLAS_DATABASE_URL"] = url
    try:
        address, process = start_server(FIXTURE_DATA)
    finally:
        if before is None:
            os.environ.pop("ATLAS_DATABASE_URL")
        else:
            os.environ["ATLAS_DATABASE_URL"] = before
    yield address
    process.terminate()
    process.wait(timeout=10)


def new_page(browser):
    expect.set_options(timeout=60_000)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def picker_shows(page, text: str) -> None:
    """Wait until the chapter list shows `text` (the page has run with the last edit)."""
    expect(page.get_by_role("combobox", name=re.compile(r"^Chapter \("))).to_have_value(text)


def type_into(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    expect(field).to_have_count(1)  # the previous chapter's field has gone (the run has finished)
    field.fill(text)
    field.press("Control+Enter" if field.evaluate("e => e.tagName") == "TEXTAREA" else "Enter")


def choose(page, label: str, option: str) -> None:
    """Pick an option; a rerun that redraws the box while it is open closes it, so open it again then."""
    box = page.get_by_role("combobox", name=label, exact=True)
    for _ in range(5):
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    expect(box).to_have_value(option)


def chapter(page, number: int, title: str, text: str) -> None:
    type_into(page, "Title (English)", title)
    picker_shows(page, f"{number}. {title}")
    type_into(page, "Text (English)", text)


def test_a_lesson_built_and_saved_comes_back_from_the_teacher_link_in_a_new_browser(lessons_server, browser):
    context, page = new_page(browser)
    page.goto(f"{lessons_server}/lessons")
    page.get_by_role("button", name="Start from nothing").click()
    type_into(page, "Lesson title (English)", "Three months of 2014")

    chapter(page, 1, "Mosul falls", "IS takes Mosul.")
    type_into(page, "Find a place to highlight (any spelling)", "Mosoel")
    page.get_by_role("button", name=re.compile("Mosul — Mosoel")).click()
    map_frame(page).wait_for_function("() => document.body.textContent.includes('Mosul')")  # its label on the map

    page.get_by_role("button", name="＋ Add a chapter").click()
    picker_shows(page, "2. (no title yet)")
    chapter(page, 2, "Who held Mosul?", "Look at the map.")
    choose(page, "Question", "Who held this place in this month?")
    type_into(page, "Question (English)", "Who held Mosul in June 2014?")
    choose(page, "The place asked about", "Mosul — Mosoel, al-Mawsil (Iraq)")
    choose(page, "Right answer: who held it", "Islamic State")

    page.get_by_role("button", name="＋ Add a chapter").click()
    picker_shows(page, "3. (no title yet)")
    chapter(page, 3, "Kobani", "The siege begins.")
    page.get_by_text("Checked: no problems found.").wait_for()

    page.get_by_role("button", name="Save the lesson").click()
    code = page.get_by_test_id("lesson-code").inner_text()
    link = page.locator("[data-testid=stCode]").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", code)
    assert re.fullmatch(rf"{re.escape(lessons_server)}/lessons\?teacher=[A-Za-z0-9_-]{{32}}", link)
    context.close()  # the browser is closed: nothing of this session is left

    context, page = new_page(browser)
    page.goto(link)
    expect(page.get_by_label("Lesson title (English)", exact=True)).to_have_value("Three months of 2014")
    picker_shows(page, "1. Mosul falls")
    expect(page.get_by_test_id("lesson-code")).to_have_text(code)
    choose(page, "Chapter (3 in this lesson)", "2. Who held Mosul?")
    expect(page.get_by_label("Question (English)", exact=True)).to_have_value("Who held Mosul in June 2014?")
    expect(page.get_by_role("combobox", name="Right answer: who held it", exact=True)).to_have_value("Islamic State")
    choose(page, "Chapter (3 in this lesson)", "3. Kobani")
    expect(page.get_by_label("Text (English)", exact=True)).to_have_value("The siege begins.")
    context.close()
