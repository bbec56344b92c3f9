"""The README's side-by-side pictures: the map (English) at the end of the months it compares with published maps,
drawn from the tables as the app's PNG export draws them. `python -m scripts.docs_pictures` writes docs/territory-*.png."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from core.model.atlas import load_atlas
from core.render.assets import BASEMAP_DIR
from core.render.rendering import render_month_image, render_png
from core.render.timeline_build import core_cells, country_borders

DOCS = Path(__file__).resolve().parent.parent / "docs"
MONTHS = (date(2015, 7, 1), date(2015, 12, 1), date(2016, 4, 1))  # the README's side-by-side rows


def main() -> None:
    atlas = load_atlas()
    countries = json.loads((BASEMAP_DIR / "countries.geojson").read_text(encoding="utf-8"))
    cells = core_cells(atlas, country_borders(countries))
    for month in MONTHS:
        target = DOCS / f"territory-{month:%Y-%m}.png"
        target.write_bytes(render_png(render_month_image(atlas, cells, countries, month, "en")))
        print(f"wrote {target.relative_to(DOCS.parent)}")


if __name__ == "__main__":
    main()
