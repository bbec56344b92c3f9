"""Readiness: named checks of what every page needs, each answering None (fine) or a short problem.

Used by the script health check (/_stcore/script-health-check, see components/readiness.py), which the
Dockerfile's HEALTHCHECK, the nginx recipe and `make run` ask, and by `python -m scripts.ready`. Each check is
cheap (a few stat calls, one small file, one `SELECT 1`): a probe every few seconds costs nothing.
Liveness stays /_stcore/health (the web server answers), which never runs these.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.codes.constants import tables_dir
from core.codes.paths import cache_dir
from core.model.atlas import load_atlas
from core.model.tables import DataError
from core.render.assets import STATIC_DIR, missing_static
from core.render.player import PLAYER_DIR
from core.text.i18n import LANGUAGES


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[], str | None]  # None when fine, else what is wrong (one line, for logs and operators)


def _fingerprint(data_dir: Path) -> tuple:
    """What the tables are now (name, size, mtime of every CSV): a changed, removed or restored file shows."""
    try:
        return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in data_dir.glob("*.csv")))
    except OSError as error:
        return (("error", str(error)),)


@functools.lru_cache(maxsize=8)
def _tables_problem(data_dir: str, fingerprint: tuple) -> str | None:
    """Load and validate the tables once per state of the files (the app's own cache loads them the same way)."""
    try:
        load_atlas(Path(data_dir))
    except DataError as error:
        return f"{len(error.problems)} problem(s) in the tables, first: {error.problems[0]}"
    except OSError as error:
        return f"cannot read the tables in {data_dir}: {error.strerror or error}"
    return None


def check_data() -> str | None:
    data_dir = tables_dir()
    return _tables_problem(str(data_dir), _fingerprint(data_dir))


def check_static(static_dir: Path = STATIC_DIR) -> str | None:
    """Leaflet, the basemap and the built timeline of each language (`make static`, the image build)."""
    missing = [f"static/{name}" for name in missing_static(static_dir)]
    missing += [
        f"static/{PLAYER_DIR}/timeline-{lang}-*.json"
        for lang in LANGUAGES
        if not any((static_dir / PLAYER_DIR).glob(f"timeline-{lang}-*.json"))
    ]
    return f"missing {', '.join(missing)}; run `make static`" if missing else None


def check_cache() -> str | None:
    """The cache directory (ATLAS_CACHE_DIR) takes a file: created if needed, one small file written and removed."""
    directory = cache_dir()
    probe = directory / f".ready-{os.getpid()}"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as error:
        return f"cannot write the cache directory {directory}: {error.strerror or error}"
    return None


_store = None  # one LessonStore per process, made on the first check that reaches the database


def check_database() -> str | None:
    """The lessons database answers (SQLite by default, PostgreSQL when ATLAS_DATABASE_URL names one)."""
    global _store
    from core.lessons.store import LessonStore  # here, not at import: only a probe pays for the database driver

    try:
        if _store is None:
            _store = LessonStore()
        _store.ping()
    except Exception as error:  # noqa: BLE001 (any driver's error means "not reachable"; its text is the message)
        return f"the lessons database cannot be reached: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    return None


CHECKS: tuple[Check, ...] = (
    Check("data", check_data),
    Check("static", check_static),
    Check("cache", check_cache),
    Check("database", check_database),
)


def failures(checks: tuple[Check, ...] = CHECKS) -> list[tuple[str, str]]:
    """(name, problem) of every check that fails; empty when the app is ready."""
    found = []
    for check in checks:
        try:
            problem = check.run()
        except Exception as error:  # noqa: BLE001 (a check that breaks is a failed check, never a crash)
            problem = f"the check itself failed: {type(error).__name__}: {error}"
        if problem:
            found.append((check.name, problem))
    return found
