"""Where the app writes at run time: never inside the project folder (it may be a read-only copy).

ATLAS_STATE_DIR holds what must survive a restart (the lessons database); ATLAS_CACHE_DIR holds what can be
rebuilt (files generated from the tables). Both default to the XDG locations of the user running the app.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "territory-atlas"


def _xdg(variable: str, fallback: str) -> Path:
    base = os.environ.get(variable) or str(Path.home() / fallback)
    return Path(base) / APP_DIR_NAME


def state_dir() -> Path:
    """Lasting state (databases): ATLAS_STATE_DIR, else $XDG_STATE_HOME/territory-atlas (~/.local/state/...)."""
    explicit = os.environ.get("ATLAS_STATE_DIR")
    return Path(explicit) if explicit else _xdg("XDG_STATE_HOME", ".local/state")


def cache_dir() -> Path:
    """Rebuildable files: ATLAS_CACHE_DIR, else $XDG_CACHE_HOME/territory-atlas (~/.cache/...)."""
    explicit = os.environ.get("ATLAS_CACHE_DIR")
    return Path(explicit) if explicit else _xdg("XDG_CACHE_HOME", ".cache")
