"""The date-dependent layers drawn into the map: places by holder and state with escaped labels, territory,
attacks, and the compare page's difference layer (the base map is core/render/mapping.py)."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from core.codes.constants import STATUS_LOOKS
from core.codes.dates import date_label
from core.codes.sides import Side, Sides
from core.model.compare import CHANGE_KINDS, change_symbol
from core.model.evidence import is_site
from core.model.provenance import state_text
from core.model.tables import records
from core.render.assets import localise
from core.render.mapping import script_json
from core.render.symbols import ATTACK_SYMBOL, place_symbol
from core.text.i18n import escape, pick, place_name


def place_features(places: pd.DataFrame, state: pd.DataFrame, lang: str, highlighted: set[str], sides: Sides) -> pd.DataFrame:
    """Places joined with their state and an escaped tooltip label, ready to draw."""
    supporting = ~places["in_article"] if "in_article" in places else False
    drawn = places[["place_id", "name_en", "name_nl", "lat", "lon"]].assign(site=is_site(places), supporting=supporting)
    drawn = drawn.merge(state, on="place_id", how="inner")
    drawn["label"] = [place_label(row, lang, sides) for row in records(drawn)]
    drawn["highlighted"] = drawn["place_id"].isin(highlighted)
    return drawn


def place_label(row: dict, lang: str, sides: Sides) -> str:
    """'Mosul — Islamic State, since 10 June 2014' (escaped)."""
    since = date_label(row["since"].date(), row["since_precision"], lang) if pd.notna(row["since"]) else pick(lang, "start", "begin")
    state = escape(state_text((row["controller"], row["status"]), lang, sides))
    return f"{escape(place_name(row, lang))} — {state}, {pick(lang, 'since', 'sinds')} {since}"


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


def territory_json(features: list[dict], sides: Sides) -> tuple[str, str]:
    """(styles, features) as script-safe JSON; each feature refers to its style by key."""
    styles, slim = {}, []
    for feature in features:
        controller, status = feature["properties"]["controller"], feature["properties"]["status"]
        key = f"{controller}-{status}"
        styles[key] = territory_style(sides[controller], status)
        slim.append({"type": "Feature", "geometry": feature["geometry"], "properties": {"style": key}})
    return script_json(styles), script_json({"type": "FeatureCollection", "features": slim})


def territory_style(holder: Side, status: str) -> dict:
    """Holder colour; contested, besieged and uncertain areas paler with dashed edges."""
    colour = holder.colour
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


def place_symbol_groups(drawn: pd.DataFrame, sides: Sides) -> list[SymbolGroup]:
    """One group per (holder, state, highlight, site, supporting): one symbol each; towns first, sites on top."""
    buckets: dict[tuple, list[dict]] = {}
    flags = {name: drawn[name] if name in drawn else pd.Series(False, index=drawn.index) for name in ("site", "supporting")}
    columns = ["place_id", "label", "lat", "lon", "controller", "status", "highlighted", "site", "supporting"]
    for row in records(drawn.assign(**flags), columns):
        key = (bool(row["site"]), row["controller"], row["status"], bool(row["highlighted"]), bool(row["supporting"]))
        buckets.setdefault(key, []).append(row)
    return [
        symbol_group(
            rows,
            place_symbol(sides[controller], status, highlighted, supporting),
            f"{controller}-{status}{'-event' if highlighted else ''}{'-site' if site else ''}{'-supporting' if supporting else ''}",
            site,
        )
        for (site, controller, status, highlighted, supporting), rows in sorted(buckets.items())
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


def layer_payload(drawn: pd.DataFrame, territory: list[dict], attacks: pd.DataFrame, sides: Sides) -> LayerPayload:
    """The serialised content of a month's layer: territory below, places, then attacks (from attack_points)."""
    styles_json, features_json = territory_json(territory, sides)
    groups = place_symbol_groups(drawn, sides)
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
    """Places coloured and shaped by what the followed side gained, lost, kept or never held between two dates.

    `drawn` comes from core.model.compare.difference_features (labels already escaped).
    """
    layer = folium.FeatureGroup(name=name)
    for kind in reversed(CHANGE_KINDS):  # 'never' first, so the changes are drawn on top
        rows = drawn[drawn["change"] == kind]
        if not rows.empty:
            _symbol_layer(rows, change_symbol(kind), f"change-{kind}").add_to(layer)
    return localise(layer)
