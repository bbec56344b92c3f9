"""Folium builders: a date-independent base map and the date-dependent control layer."""

from __future__ import annotations

import json
import re

import folium
from branca.element import MacroElement
from jinja2 import Template

from core.codes.constants import LAND_COLOUR, MAP_CENTER, MAP_ZOOM, SEA_COLOUR
from core.render.assets import localise
from core.text.attribution import TILE_CREDITS, credits_short
from core.text.i18n import pick

COUNTRIES_URL = "/app/static/geo/countries.geojson"
RIVERS_URL = "/app/static/geo/rivers.geojson"
TILE_LAYERS = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", TILE_CREDITS["osm"]),
    "carto": ("https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png", TILE_CREDITS["carto"]),
}
COUNTRY_STYLE = {"color": "#555555", "weight": 1, "fillColor": LAND_COLOUR, "fillOpacity": 1.0}
SITE_MIN_ZOOM = 11  # sites inside a town (temples, library, university) appear from this zoom on
RIVER_STYLE = {"color": "#5b9bd5", "weight": 1.5, "opacity": 0.8}


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
# branca parses every rendered script again as a Jinja template: '{{', '{%' or '{#' in a text would be code.
_TEMPLATE_INERT = str.maketrans({"{": "\\u007b", "}": "\\u007d", "#": "\\u0023"})


def script_json(value) -> str:
    """JSON that is data in any <script>: no '</script>' can close it, and no text of it is template code.

    When a text could open a template tag ('{{', '{%', '{#'), every '{', '}' and '#' inside JSON strings becomes
    \\u007b, \\u007d, \\u0023 (the same characters to JavaScript). JSON's own braces are never followed by '{',
    '%' or '#', so they cannot open one; checking first keeps a 20,000-point layer at json.dumps speed.
    """
    text = json.dumps(value, separators=(",", ":"))
    if "#" in text or "{{" in text or "{%" in text:  # JSON's own braces never make these: only text can
        text = _JSON_STRING.sub(lambda match: match.group(0).translate(_TEMPLATE_INERT), text)
    return text.replace("</", "<\\/")


class StaticGeoJson(MacroElement):
    """A styled GeoJSON layer, fetched from a local URL (keeps the map script small) or embedded inline."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var style = {{ this.style_json }};
            function add(data) {
                var layer = L.geoJSON(data, {style: style, interactive: false});
                layer.addTo({{ this._parent.get_name() }});
                {% if this.to_back %}layer.bringToBack();{% endif %}
            }
            {% if this.data_json %}add({{ this.data_json }});
            {% else %}fetch({{ this.url_json }}).then(function(r) { return r.json(); }).then(add);{% endif %}
            {% if this.attribution %}{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution_json }});{% endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(self, style: dict, url: str | None = None, data: dict | None = None, attribution: str = "", to_back: bool = True):
        super().__init__()
        self.to_back = to_back
        self._name = "StaticGeoJson"
        self.style_json = script_json(style)
        self.url_json = script_json(url)
        self.data_json = script_json(data) if data is not None else ""
        self.attribution = attribution
        self.attribution_json = script_json(attribution)


class FocusWithoutScroll(MacroElement):
    """Leaflet focuses the map on mousedown; in an iframe that scrolls the page mid-click, so clicks on
    places near the bottom of the window were lost. Focus without scrolling instead."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            if (!map.keyboard) { return; }
            map.keyboard.disable();
            map.keyboard._onMouseDown = function() {
                if (!this._focused) { this._map._container.focus({preventScroll: true}); }
            };
            map.keyboard.enable();
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class SiteVisibility(MacroElement):
    """Sites inside a town are hidden until the map is zoomed in to SITE_MIN_ZOOM (a class on the map
    container, so swapping the month's layer needs no new handler)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            var style = document.createElement("style");
            style.textContent = ".atlas-site {display: none !important;} .atlas-sites-shown .atlas-site {display: block !important;}"
                + " .atlas-site svg {width: 16px; height: 16px;}";
            document.head.appendChild(style);
            function sync() { map.getContainer().classList.toggle("atlas-sites-shown", map.getZoom() >= {{ this.min_zoom }}); }
            map.on("zoomend", sync);
            sync();
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, min_zoom: int = SITE_MIN_ZOOM):
        super().__init__()
        self._name = "SiteVisibility"
        self.min_zoom = int(min_zoom)


class SeaBackground(MacroElement):
    """The map's background (wherever no country is drawn) is the sea: light blue, never the grey of IS."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().style.background = {{ this.colour_json }};
        {% endmacro %}
        """
    )

    def __init__(self, colour: str = SEA_COLOUR):
        super().__init__()
        self._name = "SeaBackground"
        self.colour_json = script_json(colour)


# The map frame's own words (its document is read on its own by screen readers and axe).
MAP_WORDS = {
    "title": ("Map: who held which place (Iraq and Syria, 2014-2019)", "Kaart: wie welke plaats in handen had (Irak en Syrië, 2014-2019)"),
    "zoom_in": ("Zoom in", "Inzoomen"),
    "zoom_out": ("Zoom out", "Uitzoomen"),
}
# Pinch-zoom stays allowed (folium's own viewport meta forbids it); the credits leave the scale bar free.
MAP_DOCUMENT_CSS = (
    ".leaflet-control-attribution {max-width: calc(100% - 140px); white-space: normal;}"
    " .atlas-map-heading {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);}"
    " @media (pointer: coarse) {.leaflet-control-zoom a {width: 44px !important; height: 44px !important; line-height: 44px !important;}}"
)


class MapDocument(MacroElement):
    """The frame's document as a page of its own: its language, a title, one main landmark with a heading,
    zoom allowed, Leaflet's zoom buttons named in the UI language (WCAG; axe checks every map frame)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            var words = {{ this.words_json }};
            document.documentElement.lang = {{ this.lang_json }};
            document.title = words.title;
            document.querySelectorAll('meta[name="viewport"]').forEach(function(meta) {
                meta.setAttribute("content", "width=device-width, initial-scale=1");
            });
            var style = document.createElement("style");
            style.textContent = {{ this.css_json }};
            document.head.appendChild(style);
            (document.getElementById("root") || map.getContainer().parentNode).setAttribute("role", "main");
            var heading = document.createElement("h1");
            heading.className = "atlas-map-heading";
            heading.textContent = words.title;
            map.getContainer().parentNode.insertBefore(heading, map.getContainer());
            if (map.zoomControl) {
                [[map.zoomControl._zoomInButton, words.zoom_in], [map.zoomControl._zoomOutButton, words.zoom_out]].forEach(function(pair) {
                    pair[0].title = pair[1];
                    pair[0].setAttribute("aria-label", pair[1]);
                });
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, lang: str):
        super().__init__()
        self._name = "MapDocument"
        self.lang_json = script_json(lang)
        self.words_json = script_json({key: pick(lang, en, nl) for key, (en, nl) in MAP_WORDS.items()})
        self.css_json = script_json(MAP_DOCUMENT_CSS)


def build_base_map(
    tiles: str | None = None,
    center: tuple[float, float] = MAP_CENTER,
    zoom: int = MAP_ZOOM,
    countries: dict | None = None,
    rivers: dict | None = None,
    lang: str = "en",
) -> folium.Map:
    """The map without anything date-dependent: borders (by URL, or inline when given), optional tiles; the credits
    in the map's corner are one line in `lang` (the full credits stand under every map)."""
    # No zoom animation: Leaflet drops a setView that arrives mid-animation, so a chapter or region
    # changed quickly (arrow keys on a projector) could leave the map at the previous view.
    base = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True, zoom_animation=False)
    base.options["max_zoom"] = 18
    FocusWithoutScroll().add_to(base)
    MapDocument(lang).add_to(base)
    SiteVisibility().add_to(base)
    SeaBackground().add_to(base)
    StaticGeoJson(COUNTRY_STYLE, url=COUNTRIES_URL, data=countries, attribution=credits_short(lang)).add_to(base)
    if rivers is not None or (countries is None and tiles is None):
        StaticGeoJson(RIVER_STYLE, url=RIVERS_URL, data=rivers, to_back=False).add_to(base)
    if tiles in TILE_LAYERS:
        url, attribution = TILE_LAYERS[tiles]
        folium.TileLayer(url, attr=attribution, name=tiles, max_zoom=18).add_to(base)
    return localise(base)
