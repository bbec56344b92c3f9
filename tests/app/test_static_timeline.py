"""The in-map player's timeline comes from the build step (issue 20): the app writes nothing into its folder."""

from __future__ import annotations

import json

from core.render.assets import STATIC_DIR
from scripts.prepare_static import build_timelines


def _player_config(at) -> dict:
    [component] = [el for el in at.get("component_instance") if "atlasCreatePlayer" in json.loads(el.proto.json_args)["script"]]
    script = json.loads(component.proto.json_args)["script"]
    start = script.index("var config = ") + len("var config = ")
    return json.JSONDecoder().raw_decode(script[start:])[0], script


def test_the_map_fetches_the_built_timeline_and_writes_nothing(real_app, tmp_path):
    names = build_timelines(tmp_path)  # what `make static` writes for the committed tables
    for name in names:
        assert (STATIC_DIR / name).read_bytes() == (tmp_path / name).read_bytes()  # make static ran (make test does)
    before = sorted(p.name for p in (STATIC_DIR / "timeline").iterdir())
    for lang in ("en", "nl"):
        at = real_app(lang=lang).run()
        config, _ = _player_config(at)
        assert config["url"] == f"/app/static/timeline/timeline-{lang}-" + names[0 if lang == "en" else 1].split("-")[-1]
    assert sorted(p.name for p in (STATIC_DIR / "timeline").iterdir()) == before


def test_without_a_built_file_the_timeline_rides_inside_the_map(fixture_app):
    at = fixture_app().run()
    config, script = _player_config(at)
    assert config["url"] is None
    assert "player.load({" in script  # embedded: the map plays without any file
    assert not list((STATIC_DIR / "timeline").glob("*.tmp"))
