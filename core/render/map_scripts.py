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


# Names beside highlighted places, readable on a projector over any colour (white halo, no box).
LABEL_STYLE = (
    "font: 700 18px/1.2 sans-serif; color: #000; white-space: nowrap; pointer-events: none;"
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
                icon_anchor=(-14, 10),
                class_name="atlas-label",
            ),
            interactive=False,
            keyboard=False,
        )
        for row in rows.to_dict("records")
    ]
