"""The short place card on the real data: where, who holds it this month in words, the changes that matter with
plain dates, one line per kind of evidence, and warnings that say what disagrees."""

from __future__ import annotations

import re
from datetime import date

import pytest

from core.codes.constants import DATA_DIR
from core.codes.dates import month_end
from core.model.atlas import load_atlas
from core.model.control import control_on
from core.model.place_summary import holding_text, language_note, place_summary, quote_language, short_quote

ISO_DATE = re.compile(r"\d{4}-\d{2}")
COORDINATES = re.compile(r"\d+\.\d{3,}")


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(DATA_DIR)


def summary_of(atlas, place_id: str, month: date, lang: str):
    states = control_on(atlas, month_end(month)).set_index("place_id")
    state = states.loc[place_id].to_dict() if place_id in states.index else None
    return place_summary(atlas, place_id, state, month, lang)


def default_text(summary) -> str:
    changes = " ".join(f"{c.date} {c.what}" for c in summary.changes)
    return " ".join([summary.where, summary.holding, changes, summary.article_line, summary.source_line, *summary.warnings])


@pytest.mark.parametrize(
    ("month", "lang", "holding"),
    [
        (date(2017, 3, 1), "nl", "maart 2017: betwist, in handen van Islamitische Staat, strijd met Iraakse regering"),
        (date(2016, 11, 1), "nl", "november 2016: belegerd, in handen van Islamitische Staat"),
        (date(2015, 6, 1), "nl", "juni 2015: in handen van Islamitische Staat"),
        (date(2017, 8, 1), "en", "August 2017: held by Iraqi government"),
        (date(2017, 3, 1), "en", "March 2017: contested, held by Islamic State, fighting Iraqi government"),
    ],
)
def test_mosul_says_in_words_who_holds_it_that_month(atlas, month, lang, holding):
    assert summary_of(atlas, "mosul", month, lang).holding == holding


def test_uncertain_and_nobody_are_said_in_words(atlas):
    state = {"controller": "IS", "status": "uncertain", "opponent": ""}
    said = holding_text(state, date(2018, 1, 1), "nl", atlas.sides)
    assert said.startswith("januari 2018: onzeker. Laatst bekend in handen van Islamitische Staat")
    assert holding_text(None, date(2018, 1, 1), "nl", atlas.sides) == "januari 2018: deze maand niet op de kaart van wie wat had"


def test_mosul_default_card_is_short_and_plain(atlas):
    summary = summary_of(atlas, "mosul", date(2016, 11, 1), "nl")
    assert summary.where == "Stad in Irak"
    assert [(c.date, c.what) for c in summary.changes] == [
        ("10 juni 2014", "ingenomen door IS"),  # the article's 'juni', dated by the cited source that agrees
        ("23 november 2016", "beleg begonnen"),
        ("9 juli 2017", "heroverd op IS"),
    ]
    text = default_text(summary)
    assert not COORDINATES.search(text) and not ISO_DATE.search(text), text  # no coordinates, one date format
    assert "GeoNames" not in text and "plaatsnamenlijst" not in text
    assert summary.article_line == "Het artikel zegt (17 oktober 2016):"
    assert summary.source_line == "Andere bronnen zeggen: China Daily (23 november 2016, in het Engels) — 7 bronnen in totaal:"
    assert summary.source_quote.startswith("The Iraqi security forces and allied paramilitary units")


def test_warnings_say_what_disagrees(atlas):
    warnings = summary_of(atlas, "mosul", date(2016, 11, 1), "nl").warnings
    assert warnings[0] == "Het artikel dateert dit (beleg begonnen) op ~ mei–juli 2016; China Daily meldt 23 november 2016."
    assert "heroverd op IS, 9 juli 2017" in warnings[1]
    fallujah = summary_of(atlas, "fallujah", date(2016, 6, 1), "en").warnings
    assert "The article dates this (retaken from IS) to ~ May 2016, and elsewhere to 18 June 2016." in fallujah
    assert not any("and elsewhere to ~ May 2016" in w for w in fallujah), "each pair of passages once"


def test_at_most_three_changes_the_rest_counted(atlas):
    summary = summary_of(atlas, "palmyra", date(2016, 1, 1), "en")
    assert len(summary.changes) == 3 and summary.more_changes == 1


@pytest.mark.parametrize(
    ("text", "lang", "note"),
    [
        ("The Iraqi security forces on Wednesday completely encircled the city of Mosul", "nl", "in het Engels"),
        ("De tweede fase van het offensief is bedoeld om Palmyra te heroveren.", "nl", ""),
        ("De tweede fase van het offensief is bedoeld om Palmyra te heroveren.", "en", "in Dutch"),
        ("Islamic State seized full control of Palmyra", "en", ""),
    ],
)
def test_quotes_in_the_other_language_are_marked(text, lang, note):
    assert language_note(text, lang) == note
    assert quote_language(text) in ("en", "nl")


def test_short_quote_keeps_the_words_and_marks_the_cut():
    assert short_quote("a b c", words=5) == "a b c"
    assert short_quote("a b c d e f", words=3) == "a b c …"
