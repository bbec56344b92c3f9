"""What a lesson on a teacher's own data costs (printed, never asserted): `python -m bench.lesson_data`.

Reading the data back through the upload's checks (once per process and data: components/lessons/lesson_map.py),
the stored size, a save and a pupil's read of the lesson on SQLite, for the Dutch sample and for a synthetic
dataset at the upload's row limit.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from core.codes.constants import DATA_DIR
from core.ingest.csv_text import MAX_ROWS
from core.ingest.own_data import check_upload, known_places
from core.ingest.uploads import geocode_missing
from core.lessons.dataset import data_from_upload, open_data, start_chapter
from core.lessons.model import Lesson
from core.lessons.store import LessonStore
from core.model.atlas import load_atlas

SAMPLE = DATA_DIR / "samples" / "nederland-1944-1945"


class _NoLookup:
    def lookup(self, names, country):
        return None


def _timed(label: str, action, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    print(f"  {label}: {best * 1000:.0f} ms (best of {repeat})")
    return result


def _synthetic(rows: int) -> tuple[bytes, bytes]:
    places = ["name;country;lat;lon;initial_controller"] + [
        f"P{i};NL;{51 + (i % 100) / 100};{4 + (i // 100) / 100};Duitsland" for i in range(rows)
    ]
    events = ["place;date;event_type;actor_before;actor_after"] + [
        f"P{i};{1 + i % 28:02d}-{1 + i % 9:02d}-1945;captured;Duitsland;Geallieerden" for i in range(rows)
    ]
    return "\n".join(places).encode(), "\n".join(events).encode()


def _report(name: str, places_raw: bytes, events_raw: bytes, atlas, store: LessonStore) -> None:
    places = check_upload(places_raw, "places", "places.csv")
    located, _ = geocode_missing(places.good, _NoLookup())
    events = check_upload(events_raw, "events", "events.csv", known_places(atlas.places, located))
    data = data_from_upload(located, events.good, "instead", name)
    size = len(data.places_csv.encode()) + len(data.events_csv.encode())
    print(f"{name}: {len(located)} places, {len(events.good)} events, stored {size / 1000:.1f} kB")
    opened = _timed("read back through the upload's checks (open_data)", lambda: open_data(data, atlas), repeat=2)
    lesson = Lesson(chapters=(start_chapter(opened),), data=data)
    keys = _timed("save (create)", lambda: store.create(lesson))
    _timed("a pupil's read of the lesson with its data (for_pupil)", lambda: store.for_pupil(keys.code))
    _timed("the same without the data (an answer's read)", lambda: store.for_pupil(keys.code, with_data=False))


def main() -> None:
    atlas = load_atlas()
    with tempfile.TemporaryDirectory() as folder:
        store = LessonStore(f"sqlite:///{Path(folder) / 'lessons.sqlite3'}")
        _report("the Dutch sample", (SAMPLE / "places.csv").read_bytes(), (SAMPLE / "events.csv").read_bytes(), atlas, store)
        _report(f"synthetic, {MAX_ROWS:,} places and events", *_synthetic(MAX_ROWS), atlas, store)
        store.close()


if __name__ == "__main__":
    main()
