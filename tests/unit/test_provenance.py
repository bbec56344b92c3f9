"""Provenance card contents, search labels with Dutch spellings, article links."""

import pytest

from core.codes.constants import EVENT_TYPES
from core.model.provenance import EVENT_TYPE_NAMES, article_link, event_type_name, place_card, search_label
from core.text.i18n import escape, markdown_escape


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
    assert search_label(mosul, "en") == "Mosul — Mosoel, al-Mawsil (Iraq)"
    assert search_label(mosul, "nl").startswith("Mosoel — Mosul")


def test_article_link_points_at_the_phrase():
    link = article_link("Op 10 juni 2014 veroverde ISIS de stad Mosoel, de tweede stad van Irak")
    assert link.startswith("https://nl.wikipedia.org/wiki/Islamitische_Staat#:~:text=Op%2010%20juni%202014,")


def test_escaping():
    assert escape('<img src=x onerror="a">') == "&lt;img src=x onerror=&quot;a&quot;&gt;"
    assert markdown_escape("**bold** [link](x)") == r"\*\*bold\*\* \[link\]\(x\)"


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_has_a_name_in_both_languages(fixture_atlas, event_type):
    assert event_type in EVENT_TYPE_NAMES
    assert event_type_name(event_type, "nl", fixture_atlas.sides) not in EVENT_TYPES


def test_event_and_change_names_are_told_from_the_followed_side():
    from core.codes.sides import derive_sides
    from core.model.compare import change_name

    sides = derive_sides(["Duitsland", "Geallieerden"], focus="Geallieerden")
    assert event_type_name("captured", "nl", sides) == "ingenomen door Geallieerden"
    assert change_name("lost", "en", sides) == "lost by Geallieerden"
    assert event_type_name("captured", "en", derive_sides(["A"])) == "captured by the followed side"


def test_search_label_names_the_country_in_dutch(fixture_atlas):
    mosul = fixture_atlas.places.set_index("place_id").loc["mosul"].to_dict()
    assert search_label(mosul, "nl").endswith("(Irak)")


@pytest.mark.parametrize(
    ("lang", "country", "kind", "source"),
    [("en", "Iraq", "city", "GeoNames gazetteer"), ("nl", "Irak", "stad", "GeoNames-plaatsnamenlijst")],
)
def test_place_card_names_codes_in_the_language(fixture_atlas, lang, country, kind, source):
    card = place_card(fixture_atlas, "mosul", lang)
    assert (card.country, card.kind) == (country, kind)
    assert source in card.coordinates and "geonames" not in card.coordinates


@pytest.mark.parametrize(
    ("note", "flag", "lang", "expected"),
    [
        (
            "Restates palmyra_2015_05_captured (Geschiedenis > 2015). Line 134 repeats it.",
            "",
            "en",
            "Told again in another section of the article (Geschiedenis > 2015).",
        ),
        (
            "Restates palmyra_2015_05_captured (Geschiedenis > 2015).",
            "inferred",
            "nl",
            "Nog eens verteld in een ander deel van het artikel (Geschiedenis > 2015). "
            "Het artikel zegt dit niet precies: de datum of partij is afgeleid uit de tekst eromheen.",
        ),
        ("actor_before KRG per line 134.", "contradiction", "nl", "Het artikel spreekt zichzelf of de bekende geschiedenis hier tegen."),
        ("actor_before KRG per line 134.", "", "en", ""),
    ],
)
def test_plain_note_hides_curation_jargon(note, flag, lang, expected):
    from core.model.provenance import plain_note

    assert plain_note(note, flag, lang) == expected
