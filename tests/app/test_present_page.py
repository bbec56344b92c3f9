"""Present page (AppTest, fixture atlas, committed story): chapter from the URL, stepping, one map that never remounts."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from core.ingest.story import load_story
from core.text.i18n import markdown_escape
from tests.app.conftest import has_label, map_components

STORY = load_story()


@pytest.fixture()
def open_present(fixture_app):
    """The present page on the fixture atlas and the committed story, with URL parameters and session values."""

    def run(session: dict | None = None, **params: str) -> AppTest:
        at = fixture_app("pages/present.py", **params)
        for name, value in (session or {}).items():
            at.session_state[name] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def the_map(at: AppTest):
    (element,) = map_components(at)
    return element


def map_args(at: AppTest) -> dict:
    return json.loads(the_map(at).proto.json_args)


def shown_title(at: AppTest) -> str:
    return at.title[0].value


def progress_text(at: AppTest) -> str:
    return at.get("progress")[0].proto.text


def chapter_text_shown(at: AppTest, lang: str, number: int) -> bool:
    return any(m.value == markdown_escape(STORY[number - 1].text(lang)) for m in at.markdown)


@pytest.mark.parametrize("number", [1, 4, len(STORY)])
def test_chapter_from_the_url_is_shown_with_its_view(open_present, number):
    at = open_present(chapter=str(number))
    chapter = STORY[number - 1]
    assert shown_title(at) == markdown_escape(chapter.title_en)
    assert chapter_text_shown(at, "en", number)
    assert progress_text(at) == f"Chapter {number} of {len(STORY)}"
    assert map_args(at)["center"] == list(chapter.center)
    assert map_args(at)["zoom"] == chapter.zoom
    assert not at.info


@pytest.mark.parametrize("raw", ["abc", "-2", "4.5", "", "²"])
def test_invalid_chapter_falls_back_to_chapter_one_with_a_notice(open_present, raw):
    at = open_present(chapter=raw)
    assert shown_title(at) == markdown_escape(STORY[0].title_en)
    expected = f"Ignored chapter={raw!r}: use a whole number from 1 to {len(STORY)}."
    assert [info.value for info in at.info] == [markdown_escape(expected)]  # shown as text, not Markdown


@pytest.mark.parametrize(("raw", "number"), [("0", 1), ("99", len(STORY)), (str(len(STORY) + 1), len(STORY))])
def test_a_chapter_past_either_end_opens_the_nearest_one_with_a_notice(open_present, raw, number):
    at = open_present(chapter=raw)
    assert shown_title(at) == markdown_escape(STORY[number - 1].title_en)
    expected = f"Adjusted chapter={raw!r}: the story has chapters 1 to {len(STORY)}; showing {number}."
    assert [info.value for info in at.info] == [markdown_escape(expected)]
    assert dict(at.query_params) == {"chapter": str(number)}  # the address bar holds what is shown


def test_next_changes_text_and_map_args_but_not_the_map_identity(open_present):
    at = open_present(chapter="2")
    before_id, before = the_map(at).proto.id, map_args(at)
    at.button(key="present.next").click().run()
    chapter = STORY[2]
    assert shown_title(at) == markdown_escape(chapter.title_en)
    assert chapter_text_shown(at, "en", 3)
    after = map_args(at)
    assert the_map(at).proto.id == before_id, "the map must not remount between chapters"
    assert after["center"] == list(chapter.center) != before["center"]
    assert after["zoom"] == chapter.zoom
    assert after["feature_group"] != before["feature_group"], "the month layer follows the chapter"
    assert after["script"] == before["script"], "the base map is the same"
    assert dict(at.query_params)["chapter"] == "3"
    assert progress_text(at) == f"Chapter 3 of {len(STORY)}"


def test_previous_steps_back_and_the_ends_are_disabled(open_present):
    at = open_present(chapter="2")
    at.button(key="present.previous").click().run()
    assert shown_title(at) == markdown_escape(STORY[0].title_en)
    assert at.button(key="present.previous").disabled
    assert not at.button(key="present.next").disabled
    assert dict(at.query_params)["chapter"] == "1"
    last = open_present(chapter=str(len(STORY)))
    assert last.button(key="present.next").disabled


def test_stepping_clears_the_url_notice(open_present):
    at = open_present(chapter="abc")
    assert at.info
    at.button(key="present.next").click().run()
    assert not at.info
    assert shown_title(at) == markdown_escape(STORY[1].title_en)


def test_highlighted_places_are_ringed(open_present):
    """Chapter 10 (Mosul retaken, July 2017) rings Mosul; in the fixture data it is retaken that month."""
    number = next(i for i, c in enumerate(STORY, start=1) if c.id == "mosul_retaken")
    layer = map_args(open_present(chapter=str(number)))
    ring = 'stroke=\\"\\u0023CC0000\\"'  # '#' is \\u0023 inside map JSON (core.render.mapping.script_json)
    assert ring in layer["feature_group"]
    assert has_label(layer, "Mosul — Iraqi government")
    assert "\\u003eMosul\\u003c/div\\u003e" in layer["feature_group"], "a highlighted place carries its name on the map"


def all_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def key_turner_data(at: AppTest) -> dict:
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "atlas_present_keys"]
    return json.loads(element.proto.json)


def test_the_projected_slide_has_no_teacher_note(open_present):
    at = open_present(chapter="5")
    assert markdown_escape(STORY[4].teacher_note_en) not in all_text(at)
    assert not [e for e in at.expander if e.label == "Teacher note"]
    assert len(map_components(at)) == 1


def test_presenter_view_shows_the_note_and_the_next_chapter_without_a_map(open_present):
    at = open_present(chapter="5", view="presenter")
    shown = all_text(at)
    assert markdown_escape(STORY[4].teacher_note_en) in shown
    assert markdown_escape(STORY[5].title_en) in shown and markdown_escape(STORY[5].text_en) in shown
    assert shown_title(at) == markdown_escape(STORY[4].title_en)
    assert map_components(at) == []
    assert progress_text(at) == f"Chapter 5 of {len(STORY)}"


def test_presenter_view_of_the_last_chapter_says_so(open_present):
    at = open_present(chapter=str(len(STORY)), view="presenter", lang="nl")
    assert "Dit is het laatste hoofdstuk." in all_text(at)


def test_key_turner_knows_the_chapter_the_story_size_and_the_story_channel(open_present):
    at = open_present(chapter="3")
    sent = key_turner_data(at)
    assert (sent["chapter"], sent["count"], sent["seq"]) == (3, len(STORY), 0)
    assert {key: sent["keys"][key] for key in ("ArrowRight", "PageDown", " ", "ArrowLeft", "PageUp")} == {
        "ArrowRight": 1,
        "PageDown": 1,
        " ": 1,
        "ArrowLeft": -1,
        "PageUp": -1,
    }
    at.button(key="present.next").click().run()
    assert key_turner_data(at)["chapter"] == 4
    own = [replace(STORY[0], id="one"), replace(STORY[1], id="two")]
    other = open_present(session={"present.story": own})
    assert key_turner_data(other)["channel"] != sent["channel"], "windows with another story never follow this one"


def test_leave_present_mode_is_always_there(open_present):
    for view in ("slide", "presenter"):
        at = open_present(view=view, lang="nl")
        assert [link.proto.label for link in at.get("page_link")] == ["Presentatie verlaten"]


def test_dutch_chapter(open_present):
    at = open_present(chapter="3", lang="nl")
    assert shown_title(at) == markdown_escape(STORY[2].title_nl)
    assert chapter_text_shown(at, "nl", 3)
    assert progress_text(at) == f"Hoofdstuk 3 van {len(STORY)}"
    assert at.button(key="present.next").label == "Volgende ▶"


def test_projector_css_hides_chrome_until_the_teacher_asks(open_present):
    hidden = 'section[data-testid="stSidebar"]'
    at = open_present()
    assert any(hidden in m.value for m in at.markdown)
    at.toggle(key="present.chrome").set_value(True).run()
    assert not any(hidden in m.value for m in at.markdown)
    assert any("font-size: clamp(1.9rem, 3vw, 3rem)" in m.value for m in at.markdown), "big type stays"


def test_a_story_kept_in_the_session_replaces_the_built_in_one(open_present):
    own = [replace(STORY[0], id="one", title_en="My first chapter"), replace(STORY[5], id="two", title_en="My second chapter")]
    at = open_present(session={"present.story": own}, chapter="2")
    assert shown_title(at) == "My second chapter"
    assert progress_text(at) == "Chapter 2 of 2"
    assert at.button(key="present.next").disabled
