"""The lesson editor in a real browser: build a three-chapter lesson with a question, save it, close the browser,
open the teacher link in a new one and find the whole lesson back."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from core.lessons.lesson_bundle import write_bundle
from core.lessons.lesson_csv import write_lesson
from core.lessons.model import Chapter, Lesson, Question
from tests.e2e.conftest import FIXTURE_DATA, map_frame, start_server
from tests.unit.test_lesson_bundle import LESSON as DATA_LESSON

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
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a loaded machine: do not leave it serving
        process.kill()
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


ONE_FIELD_SHOWING = """([label, value]) => {
    const fields = [...document.querySelectorAll('[aria-label]')].filter(f => f.getAttribute('aria-label') === label);
    return fields.length === 1 && fields[0].value === value;
}"""


def shows(page, label: str, value: str) -> None:
    """Wait until the one field with this label shows `value`."""
    page.wait_for_function(ONE_FIELD_SHOWING, arg=[label, value])


def type_into(page, label: str, text: str, was: str = "") -> None:
    """Type into the one field with this label once it shows `was` (the previous run's field has gone)."""
    shows(page, label, was)
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Control+Enter" if field.evaluate("e => e.tagName") == "TEXTAREA" else "Enter")


def choose(page, label: str, option: str) -> None:
    """Pick an option; a rerun that redraws the box while it is open closes it, so open it again then."""
    page.wait_for_function("(label) => document.querySelectorAll(`[role=combobox][aria-label='${label}']`).length === 1", arg=label)
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

    page.get_by_role("button", name="Add a chapter").click()
    picker_shows(page, "2. (no title yet)")
    chapter(page, 2, "Who held Mosul?", "Look at the map.")
    choose(page, "Question", "Who held this place in this month?")
    type_into(page, "Question (English)", "Who held Mosul in June 2014?")
    choose(page, "The place asked about", "Mosul — Mosoel, al-Mawsil (Iraq)")
    choose(page, "Right answer: who held it", "Islamic State")

    page.get_by_role("button", name="Add a chapter").click()
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
    shows(page, "Lesson title (English)", "Three months of 2014")
    picker_shows(page, "1. Mosul falls")
    expect(page.get_by_test_id("lesson-code")).to_have_text(code)
    choose(page, "Chapter (3 in this lesson)", "2. Who held Mosul?")
    shows(page, "Question (English)", "Who held Mosul in June 2014?")
    expect(page.get_by_role("combobox", name="Right answer: who held it", exact=True)).to_have_value("Islamic State")
    choose(page, "Chapter (3 in this lesson)", "3. Kobani")
    shows(page, "Text (English)", "The siege begins.")
    context.close()


def test_the_editor_fits_a_phone_in_dutch_and_passes_axe(lessons_server, browser):
    """360 px wide with touch: no sideways scrolling, the chapter on its map, no WCAG 2.1 A/AA violations."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{lessons_server}/lessons?lang=nl")
    page.get_by_role("button", name="Begin met het ingebouwde verhaal").tap()
    expect(page.get_by_role("combobox", name="Hoofdstuk (12 in deze les)")).to_have_value("1. De val van Mosoel")
    map_frame(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    violations = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    context.close()


def test_a_lesson_on_data_imports_from_its_zip_with_the_data(lessons_server, browser, tmp_path):
    bundle = tmp_path / "lesson.zip"
    bundle.write_bytes(write_bundle(DATA_LESSON))
    context, page = new_page(browser)
    page.goto(f"{lessons_server}/lessons")
    page.get_by_text("Import or export as a file").click()
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(bundle))
    shows(page, "Lesson title (English)", "Market Garden")
    page.get_by_text("This lesson is built on your own data").first.wait_for()
    page.get_by_text("Export this lesson with its data (ZIP)").wait_for(state="attached")  # in the folded panel
    context.close()


def test_import_reads_a_lesson_file_and_a_broken_one_changes_nothing(lessons_server, browser, tmp_path):
    lesson = Lesson(
        "Imported",
        "Geïmporteerd",
        (
            Chapter("2015-05", 34.55, 38.27, 9, highlight=("palmyra",), title_en="Palmyra", text_en="IS takes Palmyra."),
            Chapter("2016-03", 34.55, 38.27, 9, title_en="Palmyra again", text_en="Retaken.", question=Question("open", "Why?", "Waarom?")),
        ),
    )
    good, broken = tmp_path / "lesson.csv", tmp_path / "broken.csv"
    good.write_text(write_lesson(lesson), encoding="utf-8")
    broken.write_text(write_lesson(lesson).replace("2016-03", "2016-13"), encoding="utf-8")
    context, page = new_page(browser)
    page.goto(f"{lessons_server}/lessons")
    page.get_by_text("Import or export as a file").click()
    uploader = page.locator("[data-testid=stFileUploader] input[type=file]")
    uploader.set_input_files(str(good))
    shows(page, "Lesson title (English)", "Imported")
    picker_shows(page, "1. Palmyra")
    uploader.set_input_files(str(broken))
    page.get_by_text("This file cannot be used; nothing was changed").wait_for()
    page.get_by_text("line 3: month '2016-13' is not a month").wait_for()
    shows(page, "Lesson title (English)", "Imported")
    choose(page, "Chapter (2 in this lesson)", "2. Palmyra again")
    shows(page, "Question (English)", "Why?")
    context.close()
