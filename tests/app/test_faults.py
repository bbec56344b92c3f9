"""Faults in the tables (issue 12): every page says what is wrong instead of showing a traceback."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, FIXTURE_DATA, REGISTERED_PAGES

PAGES = REGISTERED_PAGES  # every registered page


@pytest.fixture()
def data_dir(tmp_path, monkeypatch):
    """A factory: the fixture tables with some files replaced (name without .csv -> content)."""

    def make(**replaced: bytes) -> None:
        for source in FIXTURE_DATA.iterdir():
            (tmp_path / source.name).write_bytes(source.read_bytes())
        for stem, content in replaced.items():
            (tmp_path / f"{stem}.csv").write_bytes(content)
        monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
        st.cache_data.clear()
        st.cache_resource.clear()

    yield make
    st.cache_data.clear()
    st.cache_resource.clear()


def _opened(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(page)
    return at.run()


def _dated(when: str) -> bytes:
    return (FIXTURE_DATA / "events.csv").read_text().replace("2014-06-10", when, 1).encode()


BROKEN = {
    "empty places.csv": ({"places": b""}, "places.csv: the file is empty"),
    "empty events.csv": ({"events": b""}, "events.csv: the file is empty"),
    "year 1": ({"events": _dated("0001-01-01")}, "not a real calendar date from 1900 to 2100"),
    "year 9999": ({"events": _dated("9999-12-31")}, "not a real calendar date from 1900 to 2100"),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_tables_give_a_message_on_every_page(page, case, data_dir):
    replaced, expected = BROKEN[case]
    data_dir(**replaced)
    at = _opened(page)
    assert not at.exception
    assert "data tables have problems" in at.error[0].value
    assert expected in at.code[0].value


@pytest.mark.parametrize(("content", "expected"), [(b"", "No list of unmapped names"), (b"name\n\xff\xfe\xfa\n", "cannot be read")])
def test_an_empty_or_unreadable_unmapped_list_is_said_plainly(content, expected, data_dir):
    data_dir(unmapped=content)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/explore.py")
    at.session_state["explore.tab"] = "Data quality"
    at.run()
    assert not at.exception
    assert any(expected in element.value for element in [*at.warning, *at.markdown, *at.caption, *at.info])


@pytest.mark.parametrize("page", ["pages/map.py", "pages/compare.py", "pages/present.py", "pages/upload.py"])
def test_missing_static_files_are_said_plainly_and_never_written(page, fixture_app, monkeypatch):
    from components import data
    from core.render import assets

    writes = []
    monkeypatch.setattr(data, "missing_static", lambda: ["vendor/leaflet/leaflet.js"])
    monkeypatch.setattr(assets, "install_static", lambda *a: writes.append("tried"))  # the app's folder may be read-only
    at = fixture_app(page=page)
    at.run()
    assert not at.exception and writes == []
    assert "the server is missing static/vendor/leaflet/leaflet.js" in at.error[0].value.replace("\\", "")
    assert not at.get("component_instance")  # no blank map


def test_static_files_are_checked_not_assumed(tmp_path):
    from core.render.assets import REQUIRED_STATIC, install_static, missing_static

    assert missing_static(tmp_path) == list(REQUIRED_STATIC)
    install_static(tmp_path)
    assert missing_static(tmp_path) == []
    (tmp_path / "vendor" / "leaflet" / "leaflet.js").unlink()
    assert missing_static(tmp_path) == ["vendor/leaflet/leaflet.js"]
