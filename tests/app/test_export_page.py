"""AppTest for Export: the download buttons carry exactly the filtered tables, the map file, the image and the animation."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from components import export_panel
from core.model.atlas import load_atlas
from core.model.explore import Filters, apply_filters, events_export, places_export
from core.render.exports import to_csv_bytes, to_geojson_bytes
from core.render.rendering import render_animation
from core.render.spreadsheet import holders_by_month, readable
from core.render.timeline_payload import shown_at
from tests.app.conftest import FIXTURE_DATA, carries, download_button

PAGE = "pages/export.py"
CSV, GEOJSON = "text/csv", "application/geo+json"


def expected_tables(filters: Filters) -> tuple:
    atlas = load_atlas(FIXTURE_DATA)
    places, events = apply_filters(atlas.places, atlas.events, filters)
    return places_export(places), events_export(events, atlas.places)


def assert_tables_offered(at, filters: Filters) -> None:
    places, events = expected_tables(filters)
    assert carries(at, "export.places_csv", to_csv_bytes(places), CSV, "territory-atlas-places.csv")
    assert carries(at, "export.places_geojson", to_geojson_bytes(places), GEOJSON, "territory-atlas-places.geojson")
    assert carries(at, "export.events_csv", to_csv_bytes(events), CSV, "territory-atlas-events.csv")
    assert carries(at, "export.events_geojson", to_geojson_bytes(events), GEOJSON, "territory-atlas-events.geojson")
    lang = "en"
    assert carries(
        at,
        "export.places_excel",
        to_csv_bytes(readable(places, lang, load_atlas().sides), dutch_excel=True),
        CSV,
        "territory-atlas-places-excel-en.csv",
    )
    assert carries(
        at,
        "export.events_excel",
        to_csv_bytes(readable(events, lang, load_atlas().sides), dutch_excel=True),
        CSV,
        "territory-atlas-events-excel-en.csv",
    )
    holders = holders_by_month(load_atlas(FIXTURE_DATA), lang, set(places["place_id"]))
    assert carries(
        at, "export.holders_excel", to_csv_bytes(holders, dutch_excel=True), CSV, "territory-atlas-holders-by-month-excel-en.csv"
    )


def test_opens_and_offers_every_row(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    assert not at.exception
    assert_tables_offered(at, Filters())
    assert {"**6 places**", "**14 events**"} <= {markdown.value for markdown in at.markdown}


def test_opens_on_the_real_data(real_app):
    at = real_app()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert download_button(at, "export.places_csv").proto.url.endswith(".csv")


@pytest.mark.parametrize(
    ("widget", "value", "filters"),
    [
        ("filter_query", "Mosoel", Filters(query="Mosoel")),
        ("filter_countries", ["SY"], Filters(countries=("SY",))),
        ("filter_types", ["attack"], Filters(types=("attack",))),
    ],
)
def test_downloads_follow_the_filters(fixture_app, widget, value, filters):
    at = fixture_app(page=PAGE)
    at.run()
    element = at.text_input(key=f"export.{widget}") if widget == "filter_query" else at.multiselect(key=f"export.{widget}")
    element.set_value(value).run()
    assert not at.exception
    assert_tables_offered(at, filters)
    assert not carries(at, "export.places_csv", to_csv_bytes(expected_tables(Filters())[0]), CSV, "territory-atlas-places.csv")


def test_html_map_is_built_on_request(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    assert not any(element.proto.id.endswith("-export.html_download") for element in at.get("download_button"))
    at.select_slider(key="export.month_key").set_value("2015-06").run()
    at.button(key="export.build_html").click().run()
    assert not at.exception
    assert download_button(at, "export.html_download").proto.url.endswith(".html")
    assert any(re.match(r"Built in \d+\.\d s · \d+\.\d\d MB", caption.value) for caption in at.caption)
    at.select_slider(key="export.month_key").set_value("2015-07").run()  # another month: build again
    assert not any(element.proto.id.endswith("-export.html_download") for element in at.get("download_button"))


def test_png_and_gif_carry_the_rendered_bytes(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    at.select_slider(key="export.month_key").set_value("2015-06").run()
    at.toggle(key="export.territory").set_value(False).run()
    at.button(key="export.build_png").click().run()
    assert not at.exception
    png = export_panel.month_png(date(2015, 6, 1), "en", False)
    assert png.startswith(b"\x89PNG")
    assert carries(at, "export.png_download", png, "image/png", "territory-atlas-map-2015-06.png")
    assert len(at.get("image")) == 1  # a preview

    at.select_slider(key="export.gif_period").set_value(("2014-05", "2014-08")).run()
    at.button(key="export.build_gif").click().run()
    assert not at.exception
    gif = render_animation(load_atlas(FIXTURE_DATA), None, export_panel.data.countries(), date(2014, 5, 1), date(2014, 8, 1), "en")
    assert gif.startswith(b"GIF89a")
    assert carries(at, "export.gif_download", gif, "image/gif", "territory-atlas-animation-2014-05-2014-08.gif")


def test_standalone_map_carries_the_whole_timeline_offline(fixture_app):
    fixture_app()  # the fixture data
    html = export_panel.standalone_map_bytes(date(2015, 6, 1), "en", True).decode("utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"(https?:)?//", html)  # nothing fetched from the internet
    assert "fetch(" not in html  # borders and rivers embedded
    assert "L.map(" in html or "L.map (" in html
    assert "Islamic State" in html and "CC BY-SA 4.0" in html
    timeline = json.loads(re.search(r"player\.load\((\{.*?\})\);\n", html).group(1))
    assert len(timeline["months"]) == 72 and '"start":"2015-06"' in html  # every month, opening at June 2015
    assert shown_at(timeline, "mosul", "2015-06")[1] == "Mosul — Islamic State, since 10 June 2014"
    assert shown_at(timeline, "mosul", "2014-05")[1].startswith("Mosul — Iraqi government")


def test_after_an_upload_the_page_points_to_the_upload_export(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    assert not at.get("page_link")
    at.session_state["upload.places_file"] = {"name": "mine.csv", "raw": b"name,country,lat,lon\nX,IQ,35,43\n"}
    at.run()
    (link,) = at.get("page_link")
    assert "Your uploaded data: download it on the Your data page" in link.proto.label
