"""Folium builders: a date-independent base map and the date-dependent control layer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from core.codes.constants import CONTROLLERS, LAND_COLOUR, MAP_CENTER, MAP_ZOOM, SEA_COLOUR, STATUS_LOOKS
from core.codes.dates import date_label
from core.model.compare import CHANGE_KINDS, change_symbol
from core.model.evidence import is_site
from core.model.tables import records
from core.render.assets import localise
from core.render.symbols import ATTACK_SYMBOL, place_symbol
from core.text.attribution import TILE_CREDITS, credits_short
from core.text.i18n import escape, pick, place_name, status_name

COUNTRIES_URL = "/app/static/geo/countries.geojson"
RIVERS_URL = "/app/static/geo/rivers.geojson"
BASEMAP_ATTRIBUTION = credits_short()  # one line in the map's corner; the full credits stand under every map
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


def build_base_map(
    tiles: str | None = None,
    center: tuple[float, float] = MAP_CENTER,
    zoom: int = MAP_ZOOM,
    countries: dict | None = None,
    rivers: dict | None = None,
) -> folium.Map:
    """The map without anything date-dependent: borders (by URL, or inline when given), optional tiles."""
    # No zoom animation: Leaflet drops a setView that arrives mid-animation, so a chapter or region
    # changed quickly (arrow keys on a projector) could leave the map at the previous view.
    base = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True, zoom_animation=False)
    base.options["max_zoom"] = 18
    FocusWithoutScroll().add_to(base)
    SiteVisibility().add_to(base)
    SeaBackground().add_to(base)
    StaticGeoJson(COUNTRY_STYLE, url=COUNTRIES_URL, data=countries, attribution=BASEMAP_ATTRIBUTION).add_to(base)
    if rivers is not None or (countries is None and tiles is None):
        StaticGeoJson(RIVER_STYLE, url=RIVERS_URL, data=rivers, to_back=False).add_to(base)
    if tiles in TILE_LAYERS:
        url, attribution = TILE_LAYERS[tiles]
        folium.TileLayer(url, attr=attribution, name=tiles, max_zoom=18).add_to(base)
    return localise(base)


def place_features(places: pd.DataFrame, state: pd.DataFrame, lang: str, highlighted: set[str]) -> pd.DataFrame:
    """Places joined with their state and an escaped tooltip label, ready to draw."""
    drawn = places[["place_id", "name_en", "name_nl", "lat", "lon"]].assign(site=is_site(places))
    drawn = drawn.merge(state, on="place_id", how="inner")
    drawn["label"] = [place_label(row, lang) for row in records(drawn)]
    drawn["highlighted"] = drawn["place_id"].isin(highlighted)
    return drawn


def place_label(row: dict, lang: str) -> str:
    """'Mosul — Islamic State, since 10 June 2014' (escaped)."""
    holder = CONTROLLERS[row["controller"]]
    since = date_label(row["since"].date(), row["since_precision"], lang) if pd.notna(row["since"]) else pick(lang, "start", "begin")
    status = "" if row["status"] == "held" else f" ({status_name(row['status'], lang)})"
    holder_name = pick(lang, holder.name_en, holder.name_nl)
    return f"{escape(place_name(row, lang))} — {escape(holder_name)}{status}, {pick(lang, 'since', 'sinds')} {since}"


@dataclass(frozen=True)
class SymbolGroup:
    name: str
    svg_json: str
    points_json: str
    site: bool = False  # drawn small, and only when zoomed in (SiteVisibility)


@dataclass(frozen=True)
class LayerPayload:
    """Everything a month's layer draws, already serialised: cheap to cache and to rebuild each rerun."""

    territory_styles_json: str
    territory_features_json: str
    symbol_groups: tuple[SymbolGroup, ...]


class SymbolPoints(MacroElement):
    """Many points drawn with one SVG symbol and an (already escaped) tooltip each; renders in ~1 ms."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            {% if this.site %}
            var icon = L.divIcon({html: {{ this.svg_json }}, className: "atlas-symbol atlas-site", iconSize: [16, 16], iconAnchor: [8, 8]});
            {% else %}
            var icon = L.divIcon({html: {{ this.svg_json }}, className: "atlas-symbol", iconSize: [24, 24], iconAnchor: [12, 12]});
            {% endif %}
            {{ this.points_json }}.forEach(function(p) {
                L.marker(p.at, {icon: icon, atlasId: p.id, atlasLabel: p.label, keyboard: false})
                    .bindTooltip(p.label)
                    .addTo({{ this._parent.get_name() }});
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, group: SymbolGroup):
        super().__init__()
        self._name = f"SymbolPoints-{group.name}"
        self.layer_name = group.name
        self.svg_json, self.points_json, self.site = group.svg_json, group.points_json, group.site


class TerritoryPolygons(MacroElement):
    """Territory polygons styled by holder and state (not interactive)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var styles = {{ this.styles_json }};
            L.geoJSON({{ this.features_json }}, {
                interactive: false,
                style: function(feature) { return styles[feature.properties.style]; }
            }).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, styles_json: str, features_json: str):
        super().__init__()
        self._name = "TerritoryPolygons"
        self.styles_json, self.features_json = styles_json, features_json


def territory_json(features: list[dict]) -> tuple[str, str]:
    """(styles, features) as script-safe JSON; each feature refers to its style by key."""
    styles, slim = {}, []
    for feature in features:
        controller, status = feature["properties"]["controller"], feature["properties"]["status"]
        key = f"{controller}-{status}"
        styles[key] = territory_style(controller, status)
        slim.append({"type": "Feature", "geometry": feature["geometry"], "properties": {"style": key}})
    return script_json(styles), script_json({"type": "FeatureCollection", "features": slim})


def territory_style(controller: str, status: str) -> dict:
    """Holder colour; contested, besieged and uncertain areas paler with dashed edges."""
    colour = CONTROLLERS[controller].colour
    held = status == "held"
    opacity = STATUS_LOOKS[status].territory_opacity
    return {"color": colour, "weight": 1, "fillColor": colour, "fillOpacity": opacity, "dashArray": None if held else "4 4"}


def symbol_group(rows: pd.DataFrame | list[dict], svg: str, name: str, site: bool = False) -> SymbolGroup:
    """Points (id, escaped label, position) that share one symbol, as script-safe JSON."""
    rows = records(rows, ["place_id", "label", "lat", "lon"]) if isinstance(rows, pd.DataFrame) else rows
    points = [{"id": r["place_id"], "label": r["label"], "at": [round(r["lat"], 4), round(r["lon"], 4)]} for r in rows]
    return SymbolGroup(name=name, svg_json=script_json(svg), points_json=script_json(points), site=site)


def _symbol_layer(rows: pd.DataFrame, svg: str, name: str) -> SymbolPoints:
    return SymbolPoints(symbol_group(rows, svg, name))


def place_symbol_groups(drawn: pd.DataFrame) -> list[SymbolGroup]:
    """One group per (holder, state, highlight, site): one symbol each; towns first, sites on top."""
    buckets: dict[tuple, list[dict]] = {}
    site_column = drawn["site"] if "site" in drawn else pd.Series(False, index=drawn.index)
    for row in records(drawn.assign(site=site_column), ["place_id", "label", "lat", "lon", "controller", "status", "highlighted", "site"]):
        buckets.setdefault((bool(row["site"]), row["controller"], row["status"], bool(row["highlighted"])), []).append(row)
    return [
        symbol_group(
            rows,
            place_symbol(controller, status, highlighted),
            f"{controller}-{status}{'-event' if highlighted else ''}{'-site' if site else ''}",
            site,
        )
        for (site, controller, status, highlighted), rows in sorted(buckets.items())
    ]


def attack_points(attacks: pd.DataFrame, places: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Attacks with their place's position, effective date and escaped label (compute once, slice per month)."""
    columns = ["place_id", "label", "lat", "lon", "effective_date"]
    if attacks.empty:
        return pd.DataFrame(columns=columns)
    rows = attacks.merge(places[["place_id", "lat", "lon", "name_en", "name_nl"]], on="place_id")
    labels = [attack_label(row, lang) for row in records(rows)]
    return rows.assign(label=labels)[columns]


def attack_label(row: dict, lang: str) -> str:
    """'Paris: attacks killed 130 people (13 November 2015)' (escaped)."""
    summary = pick(lang, row["summary_en"], row["summary_nl"])
    return f"{escape(place_name(row, lang))}: {escape(summary)} ({date_label(row['date'].date(), row['date_precision'], lang)})"


def layer_payload(drawn: pd.DataFrame, territory: list[dict], attacks: pd.DataFrame) -> LayerPayload:
    """The serialised content of a month's layer: territory below, places, then attacks (from attack_points)."""
    styles_json, features_json = territory_json(territory)
    groups = place_symbol_groups(drawn)
    if not attacks.empty:
        groups.append(symbol_group(attacks, ATTACK_SYMBOL, "attacks"))
    return LayerPayload(styles_json, features_json, tuple(groups))


def layer_from_payload(payload: LayerPayload, name: str = "control") -> folium.FeatureGroup:
    """A feature group to swap into the map (renders in about a millisecond)."""
    layer = folium.FeatureGroup(name=name)
    TerritoryPolygons(payload.territory_styles_json, payload.territory_features_json).add_to(layer)
    for group in payload.symbol_groups:
        SymbolPoints(group).add_to(layer)
    return localise(layer)


def build_difference_layer(drawn: pd.DataFrame, name: str = "difference") -> folium.FeatureGroup:
    """Places coloured and shaped by what IS gained, lost, kept or never held between two dates.

    `drawn` comes from core.model.compare.difference_features (labels already escaped).
    """
    layer = folium.FeatureGroup(name=name)
    for kind in reversed(CHANGE_KINDS):  # 'never' first, so the changes are drawn on top
        rows = drawn[drawn["change"] == kind]
        if not rows.empty:
            _symbol_layer(rows, change_symbol(kind), f"change-{kind}").add_to(layer)
    return localise(layer)
