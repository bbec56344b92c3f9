"""Shared test fixtures: the small fixture atlas with known answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.model.atlas import Atlas, load_atlas

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


@pytest.fixture(scope="session")
def fixture_atlas() -> Atlas:
    return load_atlas(FIXTURE_DATA)
