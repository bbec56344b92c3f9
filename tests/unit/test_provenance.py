"""Provenance card contents, search labels with Dutch spellings, article links."""

import pytest

from core.constants import EVENT_TYPES
from core.i18n import escape, markdown_escape
from core.provenance import EVENT_TYPE_NAMES, article_link, event_type_name, place_card, search_label


def test_place_card_lists_every_change_with_evidence(fixture_atlas):
    card = place_card(fixture_atlas, "palmyra", "nl")
    assert card.title == "Palmyra" and "Tadmoer" in card.other_names
    assert card.history["what"].tolist() == ["ingenomen door IS", "heroverd op IS", "ingenomen door IS", "heroverd op IS"]
    assert card.history["evidence"].tolist() == ["ev5", "ev9", "ev10", "ev11"]
    assert card.history["date"].iloc[0] == "21 mei 2015"


def test_approximate_dates_are_marked(fixture_atlas):
    card = place_card(fixture_atlas, "abu_kamal", "en")
    assert card.history["date"].tolist() == ["~ summer 2014", "~ 2017"]


def test_search_label_contains_all_spellings(fixture_atlas):
    mosul = fixture_atlas.places.set_index("place_id").loc["mosul"].to_dict()
    assert search_label(mosul, "en") == "Mosul — Mosoel, al-Mawsil (IQ)"
    assert search_label(mosul, "nl").startswith("Mosoel — Mosul")


def test_article_link_points_at_the_phrase():
    link = article_link("Op 10 juni 2014 veroverde ISIS de stad Mosoel, de tweede stad van Irak")
    assert link.startswith("https://nl.wikipedia.org/wiki/Islamitische_Staat#:~:text=Op%2010%20juni%202014,")


def test_escaping():
    assert escape('<img src=x onerror="a">') == "&lt;img src=x onerror=&quot;a&quot;&gt;"
    assert markdown_escape("**bold** [link](x)") == r"\*\*bold\*\* \[link\]\(x\)"


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_has_a_name_in_both_languages(event_type):
    assert event_type in EVENT_TYPE_NAMES
    assert event_type_name(event_type, "nl") not in EVENT_TYPES
