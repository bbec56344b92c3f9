"""Map builders: only local assets, escaped labels, a small date layer."""

import re
from datetime import date

import folium
import pytest

from core.model.control import control_on
from core.render.assets import UnknownAssetError, install_vendor_assets, local_links, localise
from core.render.layers import attack_points, layer_from_payload, layer_payload, place_features
from core.render.mapping import build_base_map, script_json
from core.render.symbols import place_symbol

CDN_HINTS = ("http://", "https://", "//cdn")


def rendered_links(element) -> list[str]:
    found = []
    for node in [element, *element._children.values()]:
        found += [url for _, url in getattr(node, "default_js", []) + getattr(node, "default_css", [])]
    return found


def test_base_map_uses_only_local_assets():
    base = build_base_map()
    html = base.get_root().render()
    assert all(url.startswith("/app/static/vendor/") for url in rendered_links(base))
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html and "bootstrap" not in html


def test_tiles_are_opt_in_and_attributed():
    tile_credit = '"attribution": "\\u00a9 OpenStreetMap contributors"'  # the tile layer's own credit (JSON-escaped ©)
    offline = build_base_map().get_root().render()
    assert "tile.openstreetmap.org" not in offline and tile_credit not in offline
    html = build_base_map("osm").get_root().render()
    assert "tile.openstreetmap.org" in html and tile_credit in html


def test_unknown_asset_is_an_error():
    with pytest.raises(UnknownAssetError, match="fancy_plugin"):
        local_links([("fancy_plugin", "https://cdn.example/x.js")])


def test_localise_reaches_plugins():
    from folium.plugins import Fullscreen

    with pytest.raises(UnknownAssetError):
        localise(folium.Map(tiles=None).add_child(Fullscreen()))


def test_vendor_assets_are_installed(tmp_path):
    target = install_vendor_assets(tmp_path)
    assert (target / "leaflet" / "leaflet.js").stat().st_size > 100_000
    assert (target / "leaflet" / "images" / "marker-icon.png").exists()
    assert not (target / "jquery").exists()  # nothing loads jQuery, so it is not copied


def test_labels_are_escaped(fixture_atlas):
    places = fixture_atlas.places.copy()
    places.loc[places["place_id"] == "mosul", "name_en"] = "<script>alert(1)</script>"
    drawn = place_features(places, control_on(fixture_atlas, date(2015, 1, 1)), "en", set(), fixture_atlas.sides)
    label = drawn.set_index("place_id").loc["mosul", "label"]
    assert "<script>" not in label and "&lt;script&gt;alert(1)&lt;/script&gt;" in label


def test_control_layer_is_small_and_local(fixture_atlas):
    """The month's layer as the browser gets it: every place drawn with its label, small, nothing remote."""
    state = control_on(fixture_atlas, date(2015, 6, 30))
    drawn = place_features(fixture_atlas.places, state, "en", {"mosul"}, fixture_atlas.sides)
    base = build_base_map()
    layer = layer_from_payload(
        layer_payload(drawn, [], attack_points(fixture_atlas.events.iloc[0:0], fixture_atlas.places, "en"), fixture_atlas.sides)
    )
    layer.add_to(base)
    html = base.get_root().render()
    script = html[html.index("SymbolPoints") if "SymbolPoints" in html else 0 :]
    for label in drawn["label"]:
        assert script_json(label)[1:-1] in html  # each place's tooltip is in the map, as JSON data
    assert script_json(place_symbol(fixture_atlas.sides["IS"], "held", highlighted=True)) in html  # Mosul ringed: an event this month
    assert not re.search(r"(src|href)=\"(https?:)?//", html) and all(not url.startswith(CDN_HINTS) for url in rendered_links(layer))
    assert len(script) < 60_000


@pytest.mark.parametrize(
    ("status", "marker"), [("held", 'fill="#000000"'), ("contested", 'fill="#ffffff"'), ("besieged", "stroke-dasharray")]
)
def test_symbols_differ_by_state(fixture_atlas, status, marker):
    assert marker in place_symbol(fixture_atlas.sides["IS"], status)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["Zoom in", "Zoom out", "Map: who held which place"]), ("nl", ["Inzoomen", "Uitzoomen", "Kaart: wie welke plaats"])],
)
def test_the_map_frame_is_a_document_of_its_own_in_the_ui_language(lang, words):
    """lang, title, one main landmark with a heading, named zoom buttons, and zoom allowed (axe checks the frame)."""
    html = build_base_map(lang=lang).get_root().render()
    script = html[html.index("document.documentElement.lang") - 400 :]
    assert f'document.documentElement.lang = "{lang}"' in script
    assert all(word in script for word in words)
    assert 'setAttribute("role", "main")' in script and 'createElement("h1")' in script
    assert 'meta.setAttribute("content", "width=device-width, initial-scale=1")' in script  # folium's meta forbids zoom
