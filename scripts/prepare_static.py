"""`make static` and the image build: everything the app serves from static/, built before it runs (the app
never writes into its own folder): Leaflet, the basemap GeoJSON and the in-map player's whole timeline per
language for the tables in ATLAS_DATA_DIR (else data/)."""

from __future__ import annotations

import json
from pathlib import Path

from core.codes.constants import tables_dir
from core.model.atlas import load_atlas
from core.render.assets import BASEMAP_DIR, BASEMAP_FILES, STATIC_DIR, install_static
from core.render.player import PLAYER_DIR, write_payload
from core.render.timeline_build import timeline_from_tables
from core.text.i18n import LANGUAGES


def build_timelines(static_dir: Path = STATIC_DIR, data_dir: Path | None = None) -> list[str]:
    """Write static/timeline/timeline-<lang>-<digest>.json for the tables; returns the names written."""
    with (BASEMAP_DIR / BASEMAP_FILES[0]).open(encoding="utf-8") as handle:
        countries = json.load(handle)
    payloads = timeline_from_tables(load_atlas(data_dir or tables_dir()), countries, tuple(LANGUAGES))
    names = [write_payload(payload, static_dir) for payload in payloads]
    for old in (static_dir / PLAYER_DIR).glob("timeline-*"):  # files of earlier tables: the build is the one home
        if f"{PLAYER_DIR}/{old.name}" not in names:
            old.unlink()
    return names


def main() -> None:
    install_static()
    names = build_timelines()
    print(f"static files ready in {STATIC_DIR} ({', '.join(names)})")


if __name__ == "__main__":
    main()
