"""AppTest fixtures: run the real app headless on the fixture data or the committed data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
# Every page the router registers (read from app.py, the one list of pages): the tests that open every page use it.
REGISTERED_PAGES = re.findall(r'st\.Page\("(pages/[a-z_]+\.py)"', Path(APP).read_text())
FIXTURE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "data"


def _use_data(monkeypatch, data_dir: Path | None):
    """Point the app at these tables. No cache clearing: every cache built from the tables is keyed by
    their directory (components.data.data_key), so the caches stay warm across tests on the same data.
    A test that needs a cold cache (counts computations) clears that cache itself."""
    if data_dir is None:
        monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    else:
        monkeypatch.setenv("ATLAS_DATA_DIR", str(data_dir))


@pytest.fixture()
def fixture_app(monkeypatch):
    """A factory: AppTest on the fixture atlas, with optional URL parameters."""
    _use_data(monkeypatch, FIXTURE_DATA)
    return _new_app


@pytest.fixture()
def real_app(monkeypatch):
    _use_data(monkeypatch, None)
    return _new_app


@pytest.fixture()
def broken_data_app(monkeypatch, tmp_path):
    for name in ("places.csv", "geocoded.csv"):
        (tmp_path / name).write_bytes((FIXTURE_DATA / name).read_bytes())
    events = (FIXTURE_DATA / "events.csv").read_text().replace("2014-06-10", "2014-06-31")
    (tmp_path / "events.csv").write_text(events)
    _use_data(monkeypatch, tmp_path)  # a directory of its own: a cache key of its own
    return AppTest.from_file(APP, default_timeout=60)


def _new_app(page: str | None = None, **params: str) -> AppTest:
    """AppTest of the whole app with URL parameters, optionally switched to one page."""
    at = _with_params(AppTest.from_file(APP, default_timeout=60), params)
    if page:
        at.switch_page(page)
    return at


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


def download_button(at: AppTest, key: str):
    """The download button with this widget key (its proto id ends with the key)."""
    return next(element for element in at.get("download_button") if element.proto.id.endswith(f"-{key}"))


def download_url(content: bytes, mime: str, file_name: str) -> str:
    """The media URL Streamlit gives a download of exactly these bytes (its file id is a hash of them)."""
    from streamlit.runtime.memory_media_file_storage import _calculate_file_id, get_extension_for_mimetype

    return f"/mock/media/{_calculate_file_id(content, mime, file_name)}{get_extension_for_mimetype(mime)}"


def carries(at: AppTest, key: str, content: bytes, mime: str, file_name: str) -> bool:
    """True when the download button `key` offers exactly `content` as `file_name`."""
    return download_button(at, key).proto.url == download_url(content, mime, file_name)


@pytest.fixture()
def app_on_data(monkeypatch):
    """A factory: AppTest on the tables in `data_dir` (e.g. a tmp copy of the fixture with changes)."""

    def make(data_dir: Path, page: str | None = None, **params: str) -> AppTest:
        _use_data(monkeypatch, data_dir)
        return _new_app(page, **params)

    return make


def dataframe_with(at: AppTest, column: str):
    """The first st.dataframe whose data has `column`."""
    return next(frame for frame in at.dataframe if column in frame.value.columns)


# --- lessons pages ------------------------------------------------------------------------------------------------


@pytest.fixture()
def lessons_db(monkeypatch, tmp_path) -> str:
    """An empty SQLite lessons database of this test, the one the app's pages open (ATLAS_DATABASE_URL)."""
    url = f"sqlite:///{tmp_path / 'lessons.sqlite3'}"
    monkeypatch.setenv("ATLAS_DATABASE_URL", url)
    return url


def run_page(at: AppTest) -> AppTest:
    """Run once more and fail on any exception the page raised."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def widget(elements, label: str):
    """The element of `elements` (at.button, at.radio …) with this label."""
    return next(element for element in elements if element.label == label)


def page_texts(at: AppTest) -> str:
    """Every text a user reads on the page (markdown, notices, captions, titles), one per line."""
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + [i.value for i in at.info] + [s.value for s in at.success]
    parts += [c.value for c in at.caption] + [w.value for w in at.warning] + [t.value for t in at.title] + [h.value for h in at.subheader]
    return "\n".join(str(p) for p in parts)
