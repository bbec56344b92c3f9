"""Small scripts added to a map for classroom use: keys that reach the page, a map that fills its frame,
views kept in step across maps, and a first view that fits a region."""

from __future__ import annotations

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from core.render.mapping import script_json
from core.text.i18n import escape, place_name

# What presenter clickers and keyboards send to turn a slide (KeyboardEvent.key values).
NEXT_KEYS = ("ArrowRight", "PageDown", " ", "ArrowDown")
PREVIOUS_KEYS = ("ArrowLeft", "PageUp", "ArrowUp")
KEY_MESSAGE = "atlasPresentKey"  # postMessage field the page's presenter component listens for


class PresenterKeys(MacroElement):
    """Inside the map's frame: slide keys go to the page (a click on the map no longer swallows them) and
    Leaflet's own keyboard panning is off, so the arrow keys never move the map instead."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            if (map.keyboard) { map.keyboard.disable(); }
            var keys = {{ this.keys_json }};
            document.addEventListener("keydown", function(event) {
                if (!(event.key in keys) || event.altKey || event.ctrlKey || event.metaKey) { return; }
                event.preventDefault();
                event.stopPropagation();
                window.parent.postMessage({ {{ this.field }}: keys[event.key] }, window.location.origin);
            }, true);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "PresenterKeys"
        self.field = KEY_MESSAGE
        self.keys_json = script_json({**dict.fromkeys(NEXT_KEYS, 1), **dict.fromkeys(PREVIOUS_KEYS, -1)})


class FillFrame(MacroElement):
    """The map fills its frame whatever pixel height the component was given; the page's CSS sizes the
    frame to the window, and Leaflet redraws when the frame is resized."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            var style = document.createElement("style");
            style.textContent = "html, body, #root, #parent, .float-child, #map_div {height: 100% !important; margin: 0;}";
            document.head.appendChild(style);
            // The frame gets its height after the first view is set: after each resize, show the view the app
            // asked for (streamlit-folium keeps it in __GLOBAL_DATA__), else keep the centre.
            function refit() {
                var asked = window.__GLOBAL_DATA__ || {};
                var centre = asked.last_center || map.getCenter();
                var zoom = asked.last_zoom || map.getZoom();
                map.invalidateSize({pan: false});
                map.setView(centre, zoom, {animate: false});
            }
            if (window.ResizeObserver) { new ResizeObserver(refit).observe(map.getContainer()); }
            else { window.addEventListener("resize", refit); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "FillFrame"


class SyncViews(MacroElement):
    """Maps of the same group on one page pan and zoom together (the frames are same-origin, so each map
    moves its siblings directly; a flag stops the echo)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            map.atlasSyncGroup = {{ this.group_json }};
            function siblings() {
                var maps = [];
                var frames = window.parent.document.querySelectorAll("iframe");
                for (var i = 0; i < frames.length; i++) {
                    var other;
                    try { other = frames[i].contentWindow && frames[i].contentWindow.map; } catch (error) { other = null; }
                    if (other && other !== map && other.atlasSyncGroup === map.atlasSyncGroup) { maps.push(other); }
                }
                return maps;
            }
            map.on("move zoomend", function() {
                if (map.atlasSyncing) { return; }
                siblings().forEach(function(other) {
                    other.atlasSyncing = true;
                    try { other.setView(map.getCenter(), map.getZoom(), {animate: false}); }
                    finally { other.atlasSyncing = false; }
                });
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, group: str):
        super().__init__()
        self._name = "SyncViews"
        self.group_json = script_json(group)


class FitRegion(MacroElement):
    """Open on a region (west, south, east, north) fitted to the frame, whatever the frame's width."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            var b = {{ this.bounds_json }};
            map.options.zoomSnap = 0.25;  // a narrow frame still shows the whole region, not one zoom level less
            map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {animate: false, padding: [4, 4]});
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: tuple[float, float, float, float]):
        super().__init__()
        self._name = "FitRegion"
        self.bounds_json = script_json(list(bounds))


class ClearLabels(MacroElement):
    """Highlight names never cover a symbol or another name: each takes the first free spot around its place
    (right, left, above, below, then the corners, as core.render.label_placement.label_spots orders them for
    the still maps) or is hidden; placed again whenever the layer, the zoom or the frame changes."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            var HALF = 12, GAP = 4;  // a place symbol is 24 px; names keep a few px off it
            function box(node) { var r = node.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; }
            function hits(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }
            function place() {
                var area = box(map.getContainer());
                var taken = [];
                map.getContainer().querySelectorAll(".atlas-symbol").forEach(function(node) {
                    var r = box(node);
                    if (r.w) { taken.push(r); }
                });
                map.getContainer().querySelectorAll(".leaflet-marker-icon.atlas-label").forEach(function(icon) {
                    var text = icon.firstElementChild;
                    if (!text) { return; }
                    text.style.transform = "";
                    icon.style.visibility = "";
                    var anchor = box(icon), size = box(text), w = size.w, h = size.h;
                    var x = anchor.x, y = anchor.y, c = HALF + GAP;  // the icon sits on the place (size 0)
                    var spots = [[x + c, y - h / 2], [x - c - w, y - h / 2], [x - w / 2, y - c - h], [x - w / 2, y + c],
                        [x + c, y - c - h], [x + c, y + c], [x - c - w, y - c - h], [x - c - w, y + c]];
                    for (var k = 0; k < spots.length; k++) {
                        var spot = {x: spots[k][0], y: spots[k][1], w: w, h: h};
                        var inside = spot.x >= area.x && spot.y >= area.y && spot.x + w <= area.x + area.w && spot.y + h <= area.y + area.h;
                        if (inside && !taken.some(function(other) { return hits(spot, other); })) {
                            text.style.transform = "translate(" + (spot.x - size.x) + "px," + (spot.y - size.y) + "px)";
                            taken.push(spot);
                            return;
                        }
                    }
                    icon.style.visibility = "hidden";
                });
            }
            var pending = null;
            function soon() {
                if (pending) { return; }
                pending = window.requestAnimationFrame(function() { pending = null; place(); });
            }
            map.on("layeradd zoomend moveend resize", soon);
            soon();
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "ClearLabels"


# Names beside highlighted places, readable on a projector over any colour (white halo, no box).
LABEL_STYLE = (
    "display: inline-block; font: 700 18px/1.2 sans-serif; color: #000; white-space: nowrap; pointer-events: none;"
    " text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 4px #fff, 0 0 4px #fff;"
)


def highlight_labels(places: pd.DataFrame, place_ids: tuple[str, ...], lang: str) -> list[folium.Marker]:
    """Permanent name labels for a chapter's highlighted places (pupils see which dot is which)."""
    rows = places[places["place_id"].isin(place_ids)]
    return [
        folium.Marker(
            [row["lat"], row["lon"]],
            icon=folium.DivIcon(
                html=f'<div style="{LABEL_STYLE}">{escape(place_name(row, lang))}</div>',
                icon_size=(0, 0),
                icon_anchor=(0, 0),  # on the place: ClearLabels moves the name to a free spot beside it
                class_name="atlas-label",
            ),
            interactive=False,
            keyboard=False,
        )
        for row in rows.to_dict("records")
    ]
