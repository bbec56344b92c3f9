"""The in-map timeline player: a Leaflet control that scrubs, steps and plays the whole timeline in the browser.

Data comes from core.render.timeline_payload (fetched once from a static URL, or embedded in a standalone file).
The server only cues a month (MonthCue, swapped in as the map's feature group) and hears back the shown
month when the player rests (a component value), so moves never wait for a round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template

from core.render.mapping import script_json
from core.render.timeline_payload import TimelinePayload

PLAYER_DIR = "timeline"  # under static/: one file per language and content digest
DEFAULT_SPEED = 6  # months per second
SPEEDS = (2, 4, 6, 8, 12)
REPORT_AFTER_MS = 400  # the server hears the month once the player rests this long (never while playing)
URL_EVERY_MS = 250  # the address bar follows at most this often

PLAYER_CODE_DIR = Path(__file__).with_name("timeline_player")
# Like Leaflet.TimeDimension: the time model (no DOM; tests/js), the drawing, the controls' DOM, then the glue.
PLAYER_SCRIPTS = ("time_model.js", "drawing.js", "control.js", "player.js")
PLAYER_CSS = "player.css"
LEGEND_SHARE = 0.25  # the in-map legend starts folded where, open, it would cover more of the map than this


def payload_file_name(payload: TimelinePayload) -> str:
    return f"{PLAYER_DIR}/timeline-{payload.lang}-{payload.digest}.json"


def write_payload(payload: TimelinePayload, static_dir: Path) -> str:
    """Write the payload under static/ (atomically, once per digest); returns its path relative to static/."""
    name = payload_file_name(payload)
    target = static_dir / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{id(payload)}.tmp")
        temporary.write_text(payload.json, encoding="utf-8")
        temporary.replace(target)
    return name


class TimelinePlayer(MacroElement):
    """The player control and its layers. `url` (served) or `payload` (embedded, for offline files)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            var config = {{ this.config_json }};
            {{ this.player_js }}
            var player = atlasCreatePlayer(map, config);
            {% if this.data_json %}player.load({{ this.data_json }});
            {% else %}fetch(config.url).then(function(r) { return r.json(); }).then(player.load);{% endif %}
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        start: str,
        url: str | None = None,
        payload: TimelinePayload | None = None,
        url_param: str | None = None,
        report: bool = False,
        autoplay: bool = False,
        position: str = "bottomleft",
        legend: bool = True,
        words: dict | None = None,
    ):
        """`words`: the player's words (TimelinePayload.words) when the timeline comes by `url`."""
        super().__init__()
        self._name = "TimelinePlayer"
        config = {
            "url": url,
            "start": start,
            "urlParam": url_param,
            "report": report,
            "autoplay": autoplay,
            "position": position,
            "legend": legend,
            "speed": DEFAULT_SPEED,
            "speeds": list(SPEEDS),
            "reportAfter": REPORT_AFTER_MS,
            "urlEvery": URL_EVERY_MS,
            "legendShare": LEGEND_SHARE,
            "words": payload.words if payload is not None else words,  # the controls are named before the timeline arrives
            "css": player_css(),
        }
        self.config_json = script_json(config)
        self.data_json = payload.json if payload is not None else ""
        self.player_js = player_script()


def player_script() -> str:
    """The player's code, its units in order (no template syntax in it: branca re-reads scripts as Jinja; a
    unit test checks)."""
    return "\n".join((PLAYER_CODE_DIR / name).read_text(encoding="utf-8") for name in PLAYER_SCRIPTS)


def player_css() -> str:
    return (PLAYER_CODE_DIR / PLAYER_CSS).read_text(encoding="utf-8")


FLY_ZOOM = 8  # a chosen town is shown at least this close (a site: from SITE_MIN_ZOOM, where sites are drawn)


@dataclass(frozen=True)
class FlyTo:
    """Move the map to a chosen place, once per choice (`number` counts the choices of a session)."""

    lat: float
    lon: float
    zoom: int
    number: int


class MonthCue(MacroElement):
    """Tells the player which month the server shows (slider, URL, step buttons) and what to ring.

    `answers` is (map mount, sequence number) of the player's last report the server has seen: a cue older
    than the player's own moves is an echo and is ignored, so scrubbing never jumps back."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var cue = {{ this.cue_json }};
            if (window.atlasPlayer) { window.atlasPlayer.cue(cue); } else { window.atlasPendingCue = cue; }
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        month: str,
        ring: list[str],
        territory: bool,
        attacks: bool,
        answers: tuple[str, int] = ("", 0),
        fly: FlyTo | None = None,
    ):
        super().__init__()
        self._name = "MonthCue"
        cue = {"month": month, "ring": sorted(ring), "territory": territory, "attacks": attacks, "answers": list(answers)}
        if fly is not None:
            cue["fly"] = {"at": [round(fly.lat, 4), round(fly.lon, 4)], "zoom": fly.zoom, "n": fly.number}
        self.cue_json = script_json(cue)


def cue_layer(cue: MonthCue, name: str = "cue") -> folium.FeatureGroup:
    """The feature group st_folium swaps in: a few hundred bytes instead of a month's layer."""
    layer = folium.FeatureGroup(name=name)
    cue.add_to(layer)
    return layer
