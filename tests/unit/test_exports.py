"""Downloads: spreadsheet-safe CSV, GeoJSON as plain data, and an HTML map that works offline."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date

import folium
import pandas as pd
import pytest

from core.codes.constants import DATA_DIR
from core.model.atlas import build_atlas, load_sides
from core.model.control import control_in_month
from core.model.tables import EVENTS_SCHEMA, PLACES_SCHEMA
from core.render.exports import StandaloneExportError, neutralise_formula, standalone_map_html, to_csv_bytes, to_geojson_bytes
from core.render.layers import attack_points, layer_from_payload, layer_payload, place_features
from core.render.mapping import build_base_map

HOSTILE = "<script>alert(1)</script>"
SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"iso2": "XX", "name": "Square"},
            "geometry": {"type": "Polygon", "coordinates": [[[36, 30], [47, 30], [47, 37], [36, 37], [36, 30]]]},
        }
    ],
}
NO_RIVERS = {"type": "FeatureCollection", "features": []}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("-12.5", "-12.5"),  # a plain number written as text cannot run
        ("+3", "+3"),
        ("-", "'-"),
        ("- a bullet", "'- a bullet"),
        ("a=b", "a=b"),
        ("Mosul", "Mosul"),
        ("", ""),
        (-12.5, -12.5),  # numbers stay numbers
        (7, 7),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_csv_has_bom_iso_dates_accents_and_neutralised_text():
    frame = pd.DataFrame(
        {
            "name": ["Kobanî", "=cmd()"],
            "lat": [36.89, -12.5],
            "since": pd.to_datetime(["2014-06-10", "2015-01-01"]),
        }
    )
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert back["name"].tolist() == ["Kobanî", "'=cmd()"]
    assert back["lat"].tolist() == [36.89, -12.5]
    assert back["since"].tolist() == ["2014-06-10", "2015-01-01"]


def test_csv_leaves_the_frame_untouched():
    frame = pd.DataFrame({"name": ["=1"]})
    to_csv_bytes(frame)
    assert frame["name"].tolist() == ["=1"]


def test_geojson_points_with_properties_as_plain_data():
    places = pd.DataFrame(
        {
            "place_id": ["x", "y"],
            "name_en": [HOSTILE, "=1+1"],
            "lat": [36.123456789, None],
            "lon": [43.1, None],
            "since": pd.to_datetime(["2014-06-10", None]),
            "count": [3, 4],
        }
    )
    collection = json.loads(to_geojson_bytes(places))
    first, second = collection["features"]
    assert collection["type"] == "FeatureCollection"
    assert first["geometry"] == {"type": "Point", "coordinates": [43.1, 36.12346]}
    assert first["properties"] == {"place_id": "x", "name_en": HOSTILE, "since": "2014-06-10", "count": 3}
    assert second["geometry"] is None
    assert second["properties"]["name_en"] == "=1+1"  # not neutralised: GeoJSON is data
    assert second["properties"]["since"] is None


def test_geojson_keeps_only_the_chosen_columns():
    places = pd.DataFrame({"place_id": ["x"], "name_en": ["X"], "lat": [1.0], "lon": [2.0]})
    feature = json.loads(to_geojson_bytes(places, columns=["name_en"]))["features"][0]
    assert feature["properties"] == {"name_en": "X"}


def _hostile_map(name: str = HOSTILE) -> folium.Map:
    """Base map with inline borders plus a control layer whose only place has a hostile name."""
    given = {"place_id": "evil", "name_nl": name, "name_en": name, "country": "IQ", "kind": "town"}
    place = {name: "" for name in PLACES_SCHEMA.columns} | given | {"initial_controller": "IS", "initial_status": "held"}
    places = pd.DataFrame([place])
    events = pd.DataFrame(columns=list(EVENTS_SCHEMA.columns))
    coordinates = pd.DataFrame({"place_id": ["evil"], "lat": [36.0], "lon": [43.0]})
    atlas = build_atlas(places, events, coordinates, sides=load_sides(DATA_DIR)[0])
    drawn = place_features(atlas.places, control_in_month(atlas, date(2015, 1, 1)), "en", set(), atlas.sides)
    base = build_base_map(countries=SQUARE, rivers=NO_RIVERS)
    layer_from_payload(layer_payload(drawn, [], attack_points(atlas.events.iloc[0:0], atlas.places, "en"), atlas.sides)).add_to(base)
    return base


@pytest.fixture(scope="module")
def standalone() -> str:
    return standalone_map_html(_hostile_map())


@pytest.mark.parametrize(
    "forbidden",
    [
        r'src="(https?:)?//',
        r'<link[^>]+href="(https?:)?//[^"]*\.(css|js)',
        r"/app/static/",
        r"<link[^>]+stylesheet",
        r"url\(images/",
    ],
)
def test_standalone_html_fetches_nothing(standalone, forbidden):
    assert re.search(forbidden, standalone) is None


@pytest.mark.parametrize(
    "expected",
    [
        "Leaflet 1.9.3",  # the library, inlined
        ".leaflet-container",  # its stylesheet
        "data:image/png;base64,",  # the stylesheet's images
        '"Square"',  # the borders, embedded
        "L.map(",
    ],
)
def test_standalone_html_contains_everything_it_needs(standalone, expected):
    assert expected in standalone


def test_standalone_html_escapes_a_hostile_place_name(standalone):
    assert HOSTILE not in standalone
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in standalone  # HTML-escaped inside the layer JSON


def test_standalone_html_refuses_a_map_with_cdn_assets():
    with pytest.raises(StandaloneExportError, match="from the internet"):
        standalone_map_html(folium.Map(tiles=None))


def test_standalone_html_refuses_a_map_that_fetches_its_borders():
    with pytest.raises(StandaloneExportError, match="build_base_map"):
        standalone_map_html(build_base_map())


TEMPLATE_CODE = ["{{7*7}}", "{#", "Camp {#3}", "{{ 'x' }}", "{% if true %}yes{% endif %}", "{{ lipsum.__globals__.os.getpid() }}"]
LABEL = re.compile(r'"label":("(?:[^"\\]|\\.)*")')


@pytest.mark.parametrize("name", TEMPLATE_CODE)
def test_template_code_in_a_name_stays_text_in_the_standalone_html(name):
    page = standalone_map_html(_hostile_map(name))
    labels = [html.unescape(json.loads(raw)) for raw in LABEL.findall(page)]
    assert labels == [f"{name} — Islamic State, since start"]
    assert "{{" not in page.split("<body>")[-1] and "{#" not in page and "{%" not in page
