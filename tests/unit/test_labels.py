"""Display names of codes: every code the tables may hold has a name in English and in Dutch."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from core.codes import constants
from core.codes.constants import DATA_DIR
from core.text import labels


@pytest.mark.parametrize(
    ("function", "code", "en", "nl"),
    [
        (labels.kind_name, "city", "city", "stad"),
        (labels.kind_name, "border_crossing", "border crossing", "grensovergang"),
        (labels.country_name, "IQ", "Iraq", "Irak"),
        (labels.country_name, "SY", "Syria", "Syrië"),
        (labels.country_name, "LY", "Libya", "Libië"),
        (labels.country_name, "EG", "Egypt", "Egypte"),
        (labels.country_name, "AF", "Afghanistan", "Afghanistan"),
        (labels.country_name, "FR", "France", "Frankrijk"),
        (labels.country_name, "BE", "Belgium", "België"),
        (labels.country_name, "TR", "Turkey", "Turkije"),
        (labels.country_name, "DE", "Germany", "Duitsland"),
        (labels.country_name, "TN", "Tunisia", "Tunesië"),
        (labels.country_name, "YE", "Yemen", "Jemen"),
        (labels.date_precision_name, "month", "to the month", "op de maand"),
        (labels.flag_name, "inferred", "inferred", "afgeleid"),
        (labels.coordinate_source_name, "geonames", "GeoNames gazetteer", "GeoNames-plaatsnamenlijst"),
        (labels.coordinate_precision_name, "locality", "town centre", "midden van de plaats"),
        (labels.coordinate_precision_name, "approximate", "approximate", "bij benadering"),
        (labels.kind_name, "", "—", "—"),
        (labels.country_name, None, "—", "—"),
        (labels.country_name, math.nan, "—", "—"),
        (labels.country_name, "XX", "XX", "XX"),  # unknown codes as written
    ],
)
def test_names_in_both_languages(function, code, en, nl):
    assert function(code, "en") == en
    assert function(code, "nl") == nl


@pytest.mark.parametrize(
    ("names", "codes"),
    [
        (labels.PLACE_KINDS, constants.PLACE_KINDS),
        (labels.DATE_PRECISIONS, constants.PRECISIONS),
        (labels.FLAG_NAMES, constants.FLAGS),
        (labels.FLAGS, constants.FLAGS),
        (labels.COUNTRIES, (*constants.CORE_COUNTRIES, *constants.BRANCH_COUNTRIES)),
        (labels.COUNTRIES, tuple(pd.read_csv(DATA_DIR / "places.csv", dtype=str)["country"].unique())),
        (labels.COORDINATE_SOURCES, ("geonames", "manual", "nominatim", "upload")),
        (labels.COORDINATE_PRECISIONS, ("locality", "site", "approximate", "region")),
    ],
)
def test_every_code_has_a_name_in_each_language(names, codes):
    missing = [code for code in codes if code not in names]
    assert not missing
    for code in codes:
        en, nl = names[code]
        assert en and nl


def test_dutch_names_differ_where_the_languages_do():
    """A Dutch name copied from the English (an untranslated entry) shows up here."""
    same = {
        "Afghanistan",
        "Iran",
        "Bangladesh",
        "Canada",
        "Mali",
        "Nigeria",
        "Pakistan",
        "Sri Lanka",
        "district",
        "OpenStreetMap (Nominatim)",
    }
    for table in (labels.PLACE_KINDS, labels.COUNTRIES, labels.DATE_PRECISIONS, labels.FLAG_NAMES, labels.COORDINATE_SOURCES):
        untranslated = [en for en, nl in table.values() if en == nl and en not in same]
        assert not untranslated


@pytest.mark.parametrize(("value", "expected"), [(None, "—"), ("", "—"), ("  ", "—"), (math.nan, "—"), ("x", "x"), (0, "0")])
def test_shown(value, expected):
    assert labels.shown(value) == expected


def test_flag_text_is_plain_words_in_each_language():
    assert labels.flag_text("contradiction", "nl").startswith("Het artikel spreekt")
    assert labels.flag_text("contradiction", "en").startswith("The article contradicts")
    assert labels.flag_text("", "nl") == ""
