"""Spreadsheet tables: Dutch Excel CSV, readable headers and holder names, who held each place month by month."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from core.model.explore import events_export, places_export
from core.render.exports import to_csv_bytes
from core.render.spreadsheet import header, holders_by_month, readable


def rows(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads é and ë right"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_dutch_excel_csv_uses_semicolons_and_a_decimal_comma():
    frame = pd.DataFrame({"name": ["Mosoel", "=cmd"], "lat": [36.34, -1.5], "count": [3, 4]})
    dutch = rows(to_csv_bytes(frame, dutch_excel=True), ";")
    assert dutch == [["name", "lat", "count"], ["Mosoel", "36,34", "3"], ["'=cmd", "-1,5", "4"]]
    plain = rows(to_csv_bytes(frame), ",")
    assert plain[1] == ["Mosoel", "36.34", "3"]


@pytest.mark.parametrize(
    ("lang", "holder", "headers"),
    [
        ("nl", "Iraakse regering", ["Plaatscode", "Naam (Engels)", "In handen van bij het begin (2014)", "Breedtegraad"]),
        ("en", "Iraqi government", ["Place code", "Name (English)", "Held by at the start (2014)", "Latitude"]),
    ],
)
def test_places_table_has_readable_headers_and_holder_names(fixture_atlas, lang, holder, headers):
    shown = readable(places_export(fixture_atlas.places), lang, fixture_atlas.sides)
    assert set(headers) <= set(shown.columns)
    assert "initial_controller" not in shown.columns
    column = header("initial_controller", lang)
    assert holder in set(shown[column])
    assert not set(shown[column]) & {"IS", "IQ", "SY"}, "no raw codes"


def test_events_table_names_what_happened(fixture_atlas):
    shown = readable(events_export(fixture_atlas.events, fixture_atlas.places), "nl", fixture_atlas.sides)
    assert "heroverd op IS" in set(shown["Wat er gebeurde"]) or "veroverd door IS" in set(shown["Wat er gebeurde"])
    assert "Islamitische Staat" in set(shown["In handen van daarna"])


def test_holders_by_month_one_row_per_place_one_column_per_month(fixture_atlas):
    table = holders_by_month(fixture_atlas, "en").set_index("Place")
    assert [c for c in table.columns if c[:2] == "20"][:2] == ["2014-01", "2014-02"]
    assert table.columns[-1] == "2019-12"
    # Palmyra: Syrian, IS from May 2015, Syrian again from March 2016, IS from December 2016, Syrian from March 2017.
    palmyra = table.loc["Palmyra"]
    assert palmyra["2015-04"] == "Syrian government"
    assert palmyra["2015-06"] == "Islamic State"
    assert palmyra["2016-06"] == "Syrian government"
    assert palmyra["2017-01"] == "Islamic State"
    assert table.loc["Mosul", "2016-11"] == "Islamic State (contested)"
    dutch = holders_by_month(fixture_atlas, "nl").set_index("Plaats")
    assert dutch.loc["Palmyra", "2015-06"] == "Islamitische Staat"
