"""A pupil's map that follows a lesson in the browser: the map carries every chapter's month, view and places
(built once per page), the page says which chapter the class is on in one small element, and
lesson_follow.js moves the in-map player (core/render/timeline_player/) there without a new map from the server."""

from __future__ import annotations

import html
import json
from pathlib import Path

from branca.element import MacroElement
from jinja2 import Template

from core.render.mapping import script_json

CUE_ATTRIBUTE = "data-lesson-cue"  # the page's element that names the class's chapter; the map's script reads it
FOLLOW_EVERY_MS = 200  # how often the map looks at that element (a DOM read, no network)
FOLLOW_SCRIPT = Path(__file__).with_name("lesson_follow.js")


class LessonFollow(MacroElement):
    """Add after the timeline player. `chapters`: per chapter {"month", "at": [lat, lon], "zoom", "ring": [place ids]}."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            var config = {{ this.config_json }};
            {{ this.follow_js }}
            atlasFollowLesson(map, config);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, chapters: list[dict], every_ms: int = FOLLOW_EVERY_MS):
        super().__init__()
        self._name = "LessonFollow"
        self.config_json = script_json({"chapters": chapters, "attribute": CUE_ATTRIBUTE, "every": every_ms})
        self.follow_js = follow_script()


def follow_script() -> str:
    return FOLLOW_SCRIPT.read_text(encoding="utf-8")


def cue_html(cue: dict) -> str:
    """The page's element that tells the map the class's chapter (hidden; the JSON is an escaped attribute)."""
    return f'<div {CUE_ATTRIBUTE}="{html.escape(json.dumps(cue, sort_keys=True), quote=True)}" hidden></div>'
