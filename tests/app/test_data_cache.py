"""Issue 10: every cache built from the tables is keyed by their directory (ATLAS_DATA_DIR or data/),
so two data directories in one process never share a cached value (and tests need not clear the caches)."""

from __future__ import annotations

from datetime import date

from components import control_map, data, events_list, place_search
from tests.app.conftest import FIXTURE_DATA

FIXTURE_PLACES = 6


def _snapshot() -> dict:
    """What a few of the cached views say about the tables in use now."""
    return {
        "places": len(data.atlas().places),
        "names": len(data.place_names()),
        "labels": len(place_search.search_labels("en")),
        "states": data.states_by_month()["place_id"].nunique(),
        "month": len(data.month_state(date(2015, 6, 1))),
        "lines": len(events_list.event_lines("en")),
        "events": len(data.atlas().events),
        "cells": len(data.cells()),
        "attacks": len(control_map.builtin_attack_points("en")),
    }


def test_the_fixture_and_the_real_data_never_share_a_cached_value(monkeypatch):
    """Fixture tables, then the committed tables, then the fixture again: no cache clear in between."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(FIXTURE_DATA))
    fixture = _snapshot()
    assert fixture["places"] == fixture["labels"] == FIXTURE_PLACES
    assert fixture["lines"] == fixture["events"]

    monkeypatch.delenv("ATLAS_DATA_DIR")
    real = _snapshot()
    assert real["places"] > 100  # ~131 places in data/
    assert real["labels"] == real["places"]
    assert real["lines"] == real["events"] > fixture["events"]
    for view in ("names", "states", "month", "cells", "attacks"):  # derived caches follow the tables too
        assert real[view] > fixture[view], view

    monkeypatch.setenv("ATLAS_DATA_DIR", str(FIXTURE_DATA))
    assert _snapshot() == fixture  # both stay cached side by side


def test_the_key_is_the_data_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    assert data.data_key() == str(tmp_path)
    monkeypatch.delenv("ATLAS_DATA_DIR")
    assert data.data_key().endswith("data")
