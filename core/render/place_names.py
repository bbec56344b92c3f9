"""Place names on a Leaflet map that has no in-map player (the Compare maps): ranked on the server
(core.render.label_placement.ranked_for_labels, as the still images and the main map rank them), placed in the
browser after every zoom or pan, greedily: right of the symbol, else left, never over a name placed before it, its
symbol or a map control; a name that fits nowhere is hidden until there is room.

The main map places its names in core/render/player.js with the same rule; the two could share one script."""

from __future__ import annotations

import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from core.model.evidence import is_site
from core.render.mapping import script_json
from core.text.i18n import place_name

NAME_CLASS = "atlas-name"


def ranked_names(ranked: pd.DataFrame, lang: str) -> list[dict]:
    """[{id, name, at}] in rank order for the places of `ranked` (sites left out: they sit inside a town)."""
    towns = ranked[~is_site(ranked)] if "kind" in ranked else ranked
    return [
        {"id": row["place_id"], "name": place_name(row, lang), "at": [round(row["lat"], 4), round(row["lon"], 4)]}
        for row in towns.to_dict("records")
    ]


class PlaceNames(MacroElement):
    """The names of a layer's places; removed with the layer (a new month brings its own)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var group = {{ this._parent.get_name() }}, names = {{ this.names_json }}, labels = [], map = null;
            var GAP = 3, HALF = 12;  // px around a name; from a symbol's centre to its edge
            function overlaps(a, taken) {
                return taken.some(function(b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; });
            }
            function place() {
                if (!map) { return; }
                var size = map.getSize(), origin = map.getContainer().getBoundingClientRect(), taken = [];
                map.getContainer().querySelectorAll(".leaflet-control").forEach(function(node) {
                    var r = node.getBoundingClientRect();
                    if (r.width) { taken.push({x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height}); }
                });
                labels.forEach(function(label, k) {
                    var pt = map.latLngToContainerPoint(names[k].at), w = label.offsetWidth + GAP, h = label.offsetHeight, box = null;
                    var symbol = {x: pt.x - HALF, y: pt.y - HALF, w: 2 * HALF, h: 2 * HALF};
                    if (pt.x >= 0 && pt.y >= 0 && pt.x <= size.x && pt.y <= size.y) {
                        var right = {x: pt.x + HALF + 2, y: pt.y - h / 2, w: w, h: h};
                        var left = {x: pt.x - HALF - 2 - w, y: pt.y - h / 2, w: w, h: h};
                        var fits = function(b) { return b.x >= 0 && b.x + b.w <= size.x && b.y >= 0 && b.y + b.h <= size.y && !overlaps(b, taken); };
                        box = fits(right) ? right : (fits(left) ? left : null);
                    }
                    if (box) {
                        taken.push(symbol, box);  // a later name keeps clear of this place's symbol and name
                        L.DomUtil.setPosition(label, map.containerPointToLayerPoint([box.x, box.y]));
                        label.style.visibility = "visible";
                    } else {
                        label.style.visibility = "hidden";
                    }
                });
            }
            function start() {
                map = group._map;
                if (!map) { return; }
                var pane = map.getPane("atlasNames") || map.createPane("atlasNames");
                pane.style.zIndex = 640;
                pane.style.pointerEvents = "none";
                labels = names.map(function(p) {
                    var label = L.DomUtil.create("div", "{{ this.css_class }}", pane);
                    label.textContent = p.name;  // text, never HTML
                    label.setAttribute("data-atlas-id", p.id);
                    label.setAttribute("style", {{ this.style_json }});
                    return label;
                });
                map.on("zoomend moveend resize", place);
                place();
            }
            group.on("remove", function() {
                labels.forEach(function(label) { label.remove(); });
                labels = [];
                if (map) { map.off("zoomend moveend resize", place); }
                map = null;
            });
            if (group._map) { start(); } else { group.once("add", start); }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, names: list[dict]):
        super().__init__()
        self._name = "PlaceNames"
        self.names_json = script_json(names)
        self.css_class = NAME_CLASS
        self.style_json = script_json(
            "position: absolute; visibility: hidden; white-space: nowrap; font: 700 13px/16px sans-serif; color: #111;"
            " text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 3px #fff;"
        )
