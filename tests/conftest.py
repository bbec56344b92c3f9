"""Shared test fixtures: the small fixture atlas with known answers."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from core.model.atlas import Atlas, load_atlas

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"

# Lasting state (the lessons database, saved uploads) goes to a directory of this test run, never the user's: a
# database another checkout migrated further, or a teacher's real lessons, must not meet the tests. Set at import,
# so the servers the tests start inherit it.
os.environ["ATLAS_STATE_DIR"] = tempfile.mkdtemp(prefix="atlas-test-state-")
atexit.register(shutil.rmtree, os.environ["ATLAS_STATE_DIR"], True)


@pytest.fixture(scope="session")
def fixture_atlas() -> Atlas:
    return load_atlas(FIXTURE_DATA)
