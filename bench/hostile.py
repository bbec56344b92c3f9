"""Server time for hostile uploads (printed, never asserted): wide headers, repeated events, many places.

Run: .venv/bin/python -m bench.hostile [scale]   (scale 1.0 = the sizes from issue 12)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

from core.ingest.own_data import check_upload

ROOT = Path(__file__).resolve().parents[1]


def _timed(label: str, work) -> None:
    started = time.perf_counter()
    outcome = work()
    print(f"{label:<48} {time.perf_counter() - started:8.2f} s   {outcome}", flush=True)


def wide_header(columns: int) -> bytes:
    return (",".join(f"c{i}" for i in range(columns)) + "\n" + "x\n").encode()


def repeated_events(rows: int) -> bytes:
    return ("place,date,event_type\n" + "mosul,2015,attack\n" * rows).encode()


def many_places(count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "place_id": [f"p{i}" for i in range(count)],
            "lat": [33.0 + (i % 200) * 0.02 for i in range(count)],
            "lon": [39.0 + (i // 200) * 0.02 for i in range(count)],
        }
    )


def places_file(count: int) -> bytes:
    rows = "".join(f"p{i},IQ,{33.0 + (i % 200) * 0.02:.2f},{39.0 + (i // 200) * 0.02:.2f},IS\n" for i in range(count))
    return ("name,country,lat,lon,initial_controller\n" + rows).encode()


def upload_page_run(count: int) -> str:
    """The Your data page (AppTest, in-process) with `count` uploaded places and territory on."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=3600)
    at.switch_page("pages/upload.py")
    at.session_state["upload.places_file"] = {"name": "many.csv", "raw": places_file(count)}
    at.session_state["upload.territory"] = True
    at.run()
    problems = [e.value for e in at.exception] or [w.value[:90] for w in at.warning]
    return "; ".join(problems) or f"{len(at.get('component_instance'))} map(s)"


def _upload_outcome(raw: bytes, kind: str, known=None) -> str:
    result = check_upload(raw, kind, "bench.csv", known, max_bytes=10**9)
    return result.error or f"{len(result.good)} rows, {len(result.problems)} problems"


def main(scale: float = 1.0) -> None:
    from core.model.atlas import load_atlas
    from core.model.territory import territory_cells
    from scripts.build_tables import __name__ as _  # noqa: F401  (same import cost as the app)

    atlas = load_atlas()
    columns, rows, places = int(100_000 * scale), int(20_000 * scale), int(8_000 * scale)
    _timed(f"places header with {columns:,} columns", lambda: _upload_outcome(wide_header(columns), "places"))
    _timed(f"events 'mosul,2015,attack' x {rows:,}", lambda: _upload_outcome(repeated_events(rows), "events", atlas.places))
    from shapely.geometry import box

    clip = box(35.0, 29.0, 49.0, 38.0)
    _timed(f"territory cells for {places:,} places", lambda: f"{len(territory_cells(many_places(places), clip))} cells")
    upload_page_run(10)  # imports and caches, not counted
    for count in (places, int(20_000 * scale)):
        _timed(f"Your data page, {count:,} places, territory on", lambda count=count: upload_page_run(count))


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
