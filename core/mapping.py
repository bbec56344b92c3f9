"""Folium builders: a date-independent base map and the date-dependent control layer."""

from __future__ import annotations

import json

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from core.assets import localise
from core.compare import CHANGE_KINDS, change_symbol
from core.constants import CONTROLLERS, MAP_CENTER, MAP_ZOOM
from core.dates import date_label
from core.i18n import escape, pick, place_name
from core.symbols import ATTACK_SYMBOL, place_symbol

COUNTRIES_URL = "/app/static/geo/countries.geojson"
RIVERS_URL = "/app/static/geo/rivers.geojson"
BASEMAP_ATTRIBUTION = "Borders: Natural Earth (public domain) · Data: Wikipedia (nl), CC BY-SA 4.0 · GeoNames, CC BY 4.0"
TILE_LAYERS = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "&copy; OpenStreetMap contributors"),
    "carto": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors &copy; CARTO",
    ),
}
COUNTRY_STYLE = {"color": "#555555", "weight": 1, "fillColor": "#f4f1ea", "fillOpacity": 1.0}
RIVER_STYLE = {"color": "#5b9bd5", "weight": 1.5, "opacity": 0.8}


def _script_json(value) -> str:
    """JSON that is safe inside a <script> element (no '</script>' can close it)."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


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
        self.style_json = json.dumps(style)
        self.url_json = _script_json(url)
        self.data_json = _script_json(data) if data is not None else ""
        self.attribution = attribution
        self.attribution_json = _script_json(attribution)


def build_base_map(
    tiles: str | None = None,
    center: tuple[float, float] = MAP_CENTER,
    zoom: int = MAP_ZOOM,
    countries: dict | None = None,
    rivers: dict | None = None,
) -> folium.Map:
    """The map without anything date-dependent: borders (by URL, or inline when given), optional tiles."""
    base = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False)
    base.options["max_zoom"] = 18
    StaticGeoJson(COUNTRY_STYLE, url=COUNTRIES_URL, data=countries, attribution=BASEMAP_ATTRIBUTION).add_to(base)
    if rivers is not None or (countries is None and tiles is None):
        StaticGeoJson(RIVER_STYLE, url=RIVERS_URL, data=rivers, to_back=False).add_to(base)
    if tiles in TILE_LAYERS:
        url, attribution = TILE_LAYERS[tiles]
        folium.TileLayer(url, attr=attribution, name=tiles, max_zoom=18).add_to(base)
    return localise(base)


def place_features(places: pd.DataFrame, state: pd.DataFrame, lang: str, highlighted: set[str]) -> pd.DataFrame:
    """Places joined with their state and an escaped tooltip label, ready to draw."""
    drawn = places.merge(state, on="place_id", how="inner")
    holder_names = {code: pick(lang, c.name_en, c.name_nl) for code, c in CONTROLLERS.items()}
    labels = []
    for row in drawn.itertuples(index=False):
        since = date_label(row.since.date(), row.since_precision, lang) if pd.notna(row.since) else pick(lang, "start", "begin")
        status = "" if row.status == "held" else f" ({pick(lang, row.status, _STATUS_NL[row.status])})"
        labels.append(
            f"{escape(place_name(row._asdict(), lang))} — {escape(holder_names[row.controller])}{status}, {pick(lang, 'since', 'sinds')} {since}"
        )
    drawn["label"] = labels
    drawn["highlighted"] = drawn["place_id"].isin(highlighted)
    return drawn


_STATUS_NL = {"held": "in handen", "contested": "betwist", "besieged": "belegerd"}


def _points_geojson(rows: pd.DataFrame) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(r.lon, 4), round(r.lat, 4)]},
                "properties": {"id": r.place_id, "label": r.label},
            }
            for r in rows.itertuples(index=False)
        ],
    }


def _symbol_layer(rows: pd.DataFrame, svg: str, name: str) -> folium.GeoJson:
    icon = folium.DivIcon(html=svg, icon_size=(24, 24), icon_anchor=(12, 12), class_name="atlas-symbol")
    return folium.GeoJson(
        _points_geojson(rows),
        name=name,
        marker=folium.Marker(icon=icon),
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    )


def add_place_symbols(layer: folium.FeatureGroup, drawn: pd.DataFrame) -> None:
    """One GeoJson layer per (holder, state, highlight): cheap to send, one symbol each."""
    for (controller, status, highlighted), rows in drawn.groupby(["controller", "status", "highlighted"], sort=True):
        svg = place_symbol(controller, status, bool(highlighted))
        _symbol_layer(rows, svg, f"{controller}-{status}{'-event' if highlighted else ''}").add_to(layer)


def add_territory(layer: folium.FeatureGroup, features: list[dict]) -> None:
    """Approximate territory polygons, coloured by holder; contested/besieged with dashed edges."""
    if not features:
        return

    def style(feature: dict) -> dict:
        props = feature["properties"]
        colour = CONTROLLERS[props["controller"]].colour
        dashed = props["status"] != "held"
        return {
            "color": colour,
            "weight": 1,
            "fillColor": colour,
            "fillOpacity": 0.28 if not dashed else 0.12,
            "dashArray": "4 4" if dashed else None,
        }

    folium.GeoJson({"type": "FeatureCollection", "features": features}, name="territory", style_function=style, interactive=False).add_to(
        layer
    )


def add_attacks(layer: folium.FeatureGroup, attacks: pd.DataFrame, places: pd.DataFrame, lang: str) -> None:
    """Attacks as their own star symbols (no change of control)."""
    if attacks.empty:
        return
    rows = attacks.merge(places[["place_id", "lat", "lon", "name_en", "name_nl"]], on="place_id")
    rows = rows.assign(
        label=[
            f"{escape(place_name(r._asdict(), lang))}: {escape(pick(lang, r.summary_en, r.summary_nl))} ({date_label(r.date.date(), r.date_precision, lang)})"
            for r in rows.itertuples(index=False)
        ]
    )
    _symbol_layer(rows, ATTACK_SYMBOL, "attacks").add_to(layer)


def build_control_layer(
    drawn: pd.DataFrame,
    territory: list[dict],
    attacks: pd.DataFrame,
    places: pd.DataFrame,
    lang: str,
    name: str = "control",
) -> folium.FeatureGroup:
    """Everything that depends on the date, as one feature group swapped into the same map."""
    layer = folium.FeatureGroup(name=name)
    add_territory(layer, territory)
    add_place_symbols(layer, drawn)
    add_attacks(layer, attacks, places, lang)
    return localise(layer)


def build_difference_layer(drawn: pd.DataFrame, name: str = "difference") -> folium.FeatureGroup:
    """Places coloured and shaped by what IS gained, lost, kept or never held between two dates.

    `drawn` comes from core.compare.difference_features (labels already escaped).
    """
    layer = folium.FeatureGroup(name=name)
    for kind in reversed(CHANGE_KINDS):  # 'never' first, so the changes are drawn on top
        rows = drawn[drawn["change"] == kind]
        if not rows.empty:
            _symbol_layer(rows, change_symbol(kind), f"change-{kind}").add_to(layer)
    return localise(layer)
