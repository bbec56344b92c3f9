"""Views across pages: every registered page opens, the language and the map's month hold across pages,
URL notices go when the view changes, and the address bar keeps only what is shown."""

from __future__ import annotations

import pytest

from core.text.i18n import markdown_escape
from tests.app.conftest import REGISTERED_PAGES

REGISTERED = REGISTERED_PAGES
NEXT_PAGES = [
    "pages/compare.py",
    "pages/present.py",
    "pages/explore.py",
    "pages/export.py",
    "pages/upload.py",
    "pages/lessons.py",
    "pages/join.py",
]


def test_app_registers_every_page():
    assert sorted(REGISTERED) == sorted(["pages/map.py", *NEXT_PAGES])


@pytest.mark.parametrize("page", REGISTERED)
def test_every_registered_page_opens_with_its_title(fixture_app, page):
    at = fixture_app(page=page)
    at.run()
    assert not at.exception
    assert at.title and not at.error


@pytest.mark.parametrize("page", NEXT_PAGES)
def test_dutch_holds_on_every_page(fixture_app, page):
    at = fixture_app()
    at.run()
    at.radio(key="lang").set_value("nl").run()
    assert at.query_params["lang"] == "nl"
    at.switch_page(page).run()
    assert not at.exception
    assert at.radio(key="lang").value == "nl"
    assert at.query_params["lang"] == "nl"
    english = fixture_app(page=page)
    english.run()
    assert at.title[0].value != english.title[0].value  # the page itself is in Dutch


def test_lang_from_the_url_holds_after_a_page_change(fixture_app):
    at = fixture_app(page="pages/compare.py", lang="nl")
    at.run()
    at.switch_page("pages/map.py").run()
    assert at.radio(key="lang").value == "nl" and at.query_params["lang"] == "nl"


def test_export_month_follows_the_map(fixture_app):
    at = fixture_app()
    at.run()
    at.select_slider(key="map.month_key").set_value("2016-03").run()
    at.switch_page("pages/export.py").run()
    assert at.select_slider(key="export.month_key").value == "2016-03"
    at.select_slider(key="export.month_key").set_value("2017-07").run()
    at.switch_page("pages/map.py").run()
    assert at.select_slider(key="map.month_key").value == "2017-07"  # one month: the map's


def test_url_notice_goes_when_the_map_moves_and_the_address_keeps_what_is_shown(fixture_app):
    at = fixture_app(date="2016-13", place="Atlantis")
    at.run()
    assert len(at.info) == 2
    assert dict(at.query_params) == {"date": "2014-06"}  # the invalid parameters are gone from the address bar
    at.select_slider(key="map.month_key").set_value("2015-01").run()
    assert not at.info
    assert dict(at.query_params) == {"date": "2015-01"}


def test_url_notices_follow_the_language(fixture_app):
    at = fixture_app(page="pages/compare.py", a="junk", lang="fr")
    at.run()
    shown = [info.value for info in at.info]
    assert len(shown) == 2
    assert shown[0].startswith(markdown_escape("Ignored lang='fr'")) and shown[1].startswith(markdown_escape("Ignored a='junk'"))
    at.radio(key="lang").set_value("nl").run()
    assert all(info.value.startswith("Genegeerd") for info in at.info)


def test_place_and_date_forms_that_search_accepts(fixture_app):
    at = fixture_app(date="2016-08-15", place="MOSUL")
    at.run()
    assert not at.info
    assert dict(at.query_params) == {"date": "2016-08", "place": "mosul"}


def _fingerprints(atlas) -> dict[str, int]:
    import pandas as pd

    return {
        name: int(pd.util.hash_pandas_object(frame.astype(str), index=True).sum())
        for name, frame in (("places", atlas.places), ("events", atlas.events), ("sources", atlas.sources), ("timeline", atlas.timeline))
    }


def test_no_page_changes_the_shared_atlas(real_app):
    """The atlas is one read-only resource shared by every session: running every page (with their widgets'
    first interactions) must leave its frames exactly as loaded."""
    from components import data

    at = real_app()
    at.run()
    before = _fingerprints(data.atlas())
    for page in REGISTERED:
        at.switch_page(page).run()
        assert not at.exception, page
    at.switch_page("pages/map.py").run()
    assert _fingerprints(data.atlas()) == before
