"""Language and links in a real browser: Nederlands holds across the navigation, /map opens the map with its link."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import map_frame

pytestmark = pytest.mark.e2e

PAGES = [("Vergelijk", "Vergelijk twee momenten"), ("Verken", "Verken de plaatsen en gebeurtenissen")]  # the menu speaks Dutch too


def test_nederlands_holds_across_the_navigation(server_url, offline_page):
    page = offline_page.page
    page.goto(server_url)
    page.get_by_test_id("atlas-date").first.wait_for()
    page.locator("section[data-testid='stSidebar']").get_by_text("Nederlands").click()
    page.get_by_text("Territoriumatlas: Islamitische Staat 2014–2019").wait_for()
    page.wait_for_url(re.compile(r"lang=nl"))
    for link, title in PAGES:
        page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=link).click()
        page.get_by_role("heading", name=title).wait_for()
        page.wait_for_url(re.compile(r"lang=nl"))
        assert page.get_by_role("radio", name="Nederlands").is_checked()
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Presenteer").click()
    page.get_by_role("button", name="Volgende ▶").wait_for()  # the projector page hides the sidebar: its buttons say it
    page.wait_for_url(re.compile(r"chapter=1.*lang=nl|lang=nl.*chapter=1"))
    assert offline_page.console_errors == []


def test_slash_map_opens_mosul_in_august_2016_from_a_dutch_spelling_and_a_day(server_url, offline_page):
    page = offline_page.page
    page.goto(f"{server_url}/map?place=Mosoel&date=2016-08-15")
    page.get_by_test_id("atlas-date").first.wait_for()
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_test_id("atlas-date").first.inner_text() == "August 2016"
    page.get_by_role("heading", name="Mosul").wait_for()  # the place card
    page.wait_for_url(re.compile(r"date=2016-08&place=mosul$"))
    frame = map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('.atlas-symbol').length > 0")
    assert page.get_by_test_id("stAlert").count() == 0  # nothing was ignored
    assert offline_page.outside_requests == []
