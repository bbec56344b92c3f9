"""core/serving/readiness.py: named checks, each a cheap answer (issue 20); the server-level tests are in
tests/unit/test_server_process.py."""

from __future__ import annotations

import importlib.util
import sys
import types

from core.render.assets import REQUIRED_STATIC, install_static
from core.serving import readiness
from core.serving.readiness import Check, check_cache, check_data, check_static, failures


def test_the_checks_are_named_and_the_database_is_one_of_them():
    assert [check.name for check in readiness.CHECKS] == ["data", "static", "cache", "database"]


def test_static_needs_leaflet_the_basemap_and_a_timeline_per_language(tmp_path):
    assert all(f"static/{name}" in check_static(tmp_path) for name in REQUIRED_STATIC)
    install_static(tmp_path)
    assert "timeline-en-*.json" in check_static(tmp_path) and "timeline-nl-*.json" in check_static(tmp_path)
    (tmp_path / "timeline").mkdir()
    for lang in ("en", "nl"):
        (tmp_path / "timeline" / f"timeline-{lang}-0123456789ab.json").write_text("{}")
    assert check_static(tmp_path) is None


def test_data_follows_the_files(monkeypatch, tmp_path, fixture_atlas):
    from tests.conftest import FIXTURE_DATA

    for source in FIXTURE_DATA.iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    assert check_data() is None
    (tmp_path / "events.csv").rename(tmp_path / "events.away")
    assert "events.csv" in check_data()
    (tmp_path / "events.away").rename(tmp_path / "events.csv")
    assert check_data() is None


def test_cache_must_take_a_file(monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    assert check_cache() is None and list((tmp_path / "cache").iterdir()) == []  # the probe is removed
    (tmp_path / "blocked").write_text("")
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "blocked" / "cache"))
    assert "cannot write the cache directory" in check_cache()


def test_database_is_asked_only_once_lessons_exist(monkeypatch):
    if importlib.util.find_spec("core.lessons") is None:
        assert readiness.check_database() is None  # before the lessons store lands: nothing to reach

    class Unreachable:
        def ping(self):
            raise ConnectionRefusedError("connection refused")

    fake = types.ModuleType("core.lessons.store")
    fake.LessonStore = Unreachable
    monkeypatch.setitem(sys.modules, "core.lessons", types.ModuleType("core.lessons"))
    monkeypatch.setitem(sys.modules, "core.lessons.store", fake)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    monkeypatch.setattr(readiness, "_store", None)
    assert "cannot be reached: ConnectionRefusedError" in readiness.check_database()


def test_a_check_that_breaks_is_a_failed_check_not_a_crash():
    def broken():
        raise ValueError("boom")

    assert failures((Check("fine", lambda: None), Check("broken", broken))) == [("broken", "the check itself failed: ValueError: boom")]
