"""AppTest fixtures: run the real app headless on the fixture data or the committed data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
FIXTURE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "data"


def _fresh(monkeypatch, data_dir: Path | None):
    if data_dir is None:
        monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    else:
        monkeypatch.setenv("ATLAS_DATA_DIR", str(data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture()
def fixture_app(monkeypatch):
    """A factory: AppTest on the fixture atlas, with optional URL parameters."""
    _fresh(monkeypatch, FIXTURE_DATA)

    def make(page: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for name, value in params.items():
            at.query_params[name] = value
        if page:
            at.switch_page(page)
        return at

    yield make
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture()
def real_app(monkeypatch):
    _fresh(monkeypatch, None)
    yield lambda **params: _with_params(AppTest.from_file(APP, default_timeout=60), params)
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture()
def broken_data_app(monkeypatch, tmp_path):
    for name in ("places.csv", "geocoded.csv"):
        (tmp_path / name).write_bytes((FIXTURE_DATA / name).read_bytes())
    events = (FIXTURE_DATA / "events.csv").read_text().replace("2014-06-10", "2014-06-31")
    (tmp_path / "events.csv").write_text(events)
    _fresh(monkeypatch, tmp_path)
    yield AppTest.from_file(APP, default_timeout=60)
    st.cache_data.clear()
    st.cache_resource.clear()


def _with_params(at: AppTest, params: dict) -> AppTest:
    for name, value in params.items():
        at.query_params[name] = value
    return at


def map_components(at: AppTest) -> list:
    return [element for element in at.get("component_instance") if "feature_group" in json.loads(element.proto.json_args)]


def map_args(at: AppTest, index: int = 0) -> dict:
    return json.loads(map_components(at)[index].proto.json_args)


def markdown_texts(at: AppTest) -> list[str]:
    return [element.value for element in at.markdown]


LABEL_PATTERN = re.compile(r'"label":\s*("(?:[^"\\]|\\.)*")')


def layer_labels(args: dict) -> list[str]:
    """Tooltip labels of every point in the swapped feature group (JSON-decoded)."""
    return [json.loads(raw) for raw in LABEL_PATTERN.findall(args["feature_group"] or "")]


def has_label(args: dict, start: str) -> bool:
    return any(label.startswith(start) for label in layer_labels(args))
