"""Run-time writes go outside the project folder, to configurable places."""

from pathlib import Path

import pytest

from core.codes.constants import PROJECT_ROOT
from core.codes.paths import cache_dir, state_dir


@pytest.mark.parametrize(("function", "variable"), [(state_dir, "ATLAS_STATE_DIR"), (cache_dir, "ATLAS_CACHE_DIR")])
def test_explicit_directory_wins(monkeypatch, tmp_path, function, variable):
    monkeypatch.setenv(variable, str(tmp_path / "x"))
    assert function() == tmp_path / "x"


@pytest.mark.parametrize(
    ("function", "variable", "xdg", "expected"),
    [
        (state_dir, "ATLAS_STATE_DIR", "XDG_STATE_HOME", "xdg/territory-atlas"),
        (cache_dir, "ATLAS_CACHE_DIR", "XDG_CACHE_HOME", "xdg/territory-atlas"),
    ],
)
def test_xdg_default(monkeypatch, tmp_path, function, variable, xdg, expected):
    monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv(xdg, str(tmp_path / "xdg"))
    assert function() == tmp_path / expected


@pytest.mark.parametrize("function", [state_dir, cache_dir])
def test_default_is_outside_the_project(monkeypatch, function):
    for variable in ("ATLAS_STATE_DIR", "ATLAS_CACHE_DIR", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(variable, raising=False)
    assert not function().resolve().is_relative_to(Path(PROJECT_ROOT).resolve())
