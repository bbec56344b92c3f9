"""Compare page (AppTest, fixture data): URL dates applied or corrected, the change list, maps that never remount."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from core.render.multiples import SHEET_SIZES
from core.text.i18n import markdown_escape
from tests.app.conftest import carries, download_button, map_components

MAP_KEYS = ("a", "b", "difference")


@pytest.fixture()
def open_compare(fixture_app):
    """The compare page on the fixture atlas, run once with the given URL parameters."""

    def run(**params: str) -> AppTest:
        at = fixture_app("pages/compare.py", **params).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def maps(at: AppTest) -> dict[str, object]:
    """The three st_folium components by their key suffix (a, b, difference)."""
    found = map_components(at)
    assert len(found) == 3
    return dict(zip(MAP_KEYS, found, strict=True))


def args(element) -> dict:
    return json.loads(element.proto.json_args)


def js(text: str) -> str:
    """Text as it appears inside the map's JavaScript (JSON-escaped, non-ASCII as \\uXXXX)."""
    return json.dumps(text)[1:-1]


def slider_values(at: AppTest) -> tuple[str, str]:
    return at.select_slider(key="compare.a_key").value, at.select_slider(key="compare.b_key").value


def change_rows(at: AppTest) -> dict[str, tuple[str, str, str]]:
    table = at.dataframe[0].value
    return {row.place: (row.holder_a, row.holder_b, row.change) for row in table.itertuples(index=False)}


def test_dates_from_the_url_are_applied_and_the_change_list_is_right(open_compare):
    at = open_compare(a="2014-06", b="2017-10")
    assert slider_values(at) == ("2014-06", "2017-10")
    assert not at.info
    assert change_rows(at) == {
        "Abu Kamal": ("Syrian opposition", "Syrian government", "changed hands in between"),
        "Fallujah": ("Islamic State", "Iraqi government", "lost by IS"),
        "Mosul": ("Islamic State", "Iraqi government", "lost by IS"),
        "Palmyra": ("Syrian government", "Syrian government", "changed hands in between"),  # IS twice in between
    }
    events = dict(zip(at.dataframe[0].value["place"], at.dataframe[0].value["events"], strict=True))
    assert events["Mosul"] == "17 October 2016: fighting · 10 July 2017: retaken from IS"
    assert "~ summer 2014" in events["Abu Kamal"]


def test_difference_map_and_legend_count_each_kind(open_compare):
    at = open_compare(a="2014-06", b="2015-05")
    difference = args(maps(at)["difference"])["feature_group"]
    assert 'points=\\"12,2 22,20 2,20\\" fill=\\"\\u0023882255\\"' in difference  # gained: wine triangle up
    assert 'points=\\"2,4 22,4 12,22\\"' not in difference  # lost: blue triangle down; nothing lost here
    assert js("Palmyra: gained by IS (Syrian government → Islamic State)") in difference
    assert js("Mosul: held by IS on both dates (Islamic State → Islamic State)") in difference
    legend = next(m.value for m in at.markdown if 'data-testid="change-legend"' in m.value)
    assert "gained by IS (2)" in legend and "lost by IS (0)" in legend
    assert "held by IS on both dates (2)" in legend and "not held by IS on either date (1)" in legend


def test_side_maps_show_each_month_with_a_fixed_key(open_compare):
    at = open_compare(a="2014-05", b="2014-06")
    found = maps(at)
    a_layer, b_layer = args(found["a"])["feature_group"], args(found["b"])["feature_group"]
    assert js("Mosul — Iraqi government") in a_layer
    assert js("Mosul — Islamic State") in b_layer
    assert len({el.proto.id for el in found.values()}) == 3


@pytest.mark.parametrize(
    ("params", "expected", "notices"),
    [
        ({"a": "2014-13", "b": "2099-01"}, ("2015-01", "2017-10"), ["Ignored a='2014-13'", "Ignored b='2099-01'"]),
        ({"a": "<script>alert(1)</script>"}, ("2015-01", "2017-10"), ["Ignored a="]),
        ({"a": "2017-10", "b": "2015-01"}, ("2015-01", "2017-10"), ["Date A (2017-10) was later than date B (2015-01): swapped them."]),
    ],
)
def test_invalid_or_reversed_dates_fall_back_with_a_notice(open_compare, params, expected, notices):
    at = open_compare(**params)
    assert slider_values(at) == expected
    shown = [info.value for info in at.info]
    assert len(shown) == len(notices)
    for text, start in zip(shown, notices, strict=True):
        assert text.startswith(markdown_escape(start))  # shown as text, not Markdown


def test_moving_a_slider_changes_the_maps_without_remounting_and_updates_the_url(open_compare):
    at = open_compare(a="2014-06", b="2015-01")
    before = {name: (el.proto.id, args(el)["feature_group"]) for name, el in maps(at).items()}
    at.select_slider(key="compare.b_key").set_value("2017-10").run()
    after = {name: (el.proto.id, args(el)["feature_group"]) for name, el in maps(at).items()}
    assert after["a"] == before["a"]
    assert after["b"][0] == before["b"][0] and after["b"][1] != before["b"][1]
    assert after["difference"][0] == before["difference"][0] and after["difference"][1] != before["difference"][1]
    assert dict(at.query_params) == {"a": "2014-06", "b": "2017-10"}
    assert set(change_rows(at)) == {"Abu Kamal", "Fallujah", "Mosul", "Palmyra"}


def test_moving_a_past_b_swaps_them(open_compare):
    at = open_compare(a="2015-01", b="2016-01")
    at.select_slider(key="compare.a_key").set_value("2017-01").run()
    assert slider_values(at) == ("2016-01", "2017-01")
    assert [info.value for info in at.info] == [markdown_escape("Date A was later than date B: swapped them.")]
    assert dict(at.query_params) == {"a": "2016-01", "b": "2017-01"}


def test_a_preset_sets_both_dates_and_the_url(open_compare):
    at = open_compare()
    assert at.selectbox(key="compare.preset").value == ("2015-01", "2017-10")  # the default pair is a preset
    at.selectbox(key="compare.preset").set_value(("2014-06", "2019-03")).run()
    assert slider_values(at) == ("2014-06", "2019-03")
    assert dict(at.query_params) == {"a": "2014-06", "b": "2019-03"}


def test_area_on_both_dates_and_the_difference(open_compare):
    at = open_compare(a="2014-05", b="2014-06")
    values = [metric.value for metric in at.metric]
    assert len(values) == 3
    numbers = [float(v.replace("km²", "").replace(" ", "").replace("+", "")) for v in values]
    assert numbers[1] > numbers[0] > 0  # IS gained Mosul in June 2014
    assert numbers[2] == pytest.approx(numbers[1] - numbers[0], abs=1)
    assert values[2].startswith("+")


def test_dutch_interface(open_compare):
    at = open_compare(a="2014-06", b="2017-10", lang="nl")
    assert at.title[0].value == "Vergelijk twee momenten"
    assert change_rows(at)["Mosoel"] == ("Islamitische Staat", "Iraakse regering", "verloren door IS")


def multiples_png(keys: tuple[str, ...], lang: str, territory: bool = False) -> bytes:
    from components import multiples_view

    return multiples_view.small_multiples_png(keys, lang, territory)


def test_three_maps_show_one_image_offered_with_the_months_in_its_name(open_compare):
    at = open_compare()
    assert at.radio(key="compare.multiples_count").value == 6
    at.radio(key="compare.multiples_count").set_value(3).run()
    assert not at.exception
    keys = ("2014-06", "2015-06", "2017-06")
    assert [at.selectbox(key=f"compare.multiples_3_{i}").value for i in range(3)] == list(keys)
    png = multiples_png(keys, "en")
    assert Image.open(io.BytesIO(png)).size == SHEET_SIZES[3]
    assert len(at.get("image")) == 1
    assert carries(at, "compare.multiples_download", png, "image/png", "territory-atlas-maps-2014-06_2015-06_2017-06.png")

    at.selectbox(key="compare.multiples_3_0").set_value("2016-06").run()  # out of order: drawn in time order
    keys = ("2015-06", "2016-06", "2017-06")
    assert carries(
        at, "compare.multiples_download", multiples_png(keys, "en"), "image/png", "territory-atlas-maps-2015-06_2016-06_2017-06.png"
    )


def test_the_sheet_is_drawn_once_per_choice(open_compare, monkeypatch):
    from components import multiples_view

    multiples_view._small_multiples_png.clear()  # a cold cache: count the first drawing too
    calls = []
    real = multiples_view.render_small_multiples
    monkeypatch.setattr(multiples_view, "render_small_multiples", lambda *a, **k: calls.append(a[3]) or real(*a, **k))
    at = open_compare(a="2014-06", b="2015-01")
    assert len(calls) == 1
    at.select_slider(key="compare.b_key").set_value("2017-10").run()  # another part of the page changes
    assert len(calls) == 1
    at.checkbox(key="compare.multiples_territory").check().run()
    assert len(calls) == 2


def test_small_multiples_in_dutch(open_compare):
    at = open_compare(lang="nl")
    assert "Meerdere jaren tegelijk" in [header.value for header in at.subheader]
    assert at.radio(key="compare.multiples_count").label == "Aantal kaarten"
    assert at.selectbox(key="compare.multiples_6_0").label == "Kaart 1"
    assert at.checkbox(key="compare.multiples_territory").label == "Geschat gebied tonen"
    assert download_button(at, "compare.multiples_download").proto.label == "Download de PNG"
    keys = tuple(f"{year}-06" for year in range(2014, 2020))
    dutch = multiples_png(keys, "nl")
    assert dutch != multiples_png(keys, "en")
    assert carries(at, "compare.multiples_download", dutch, "image/png", "territory-atlas-maps-" + "_".join(keys) + ".png")


def test_worksheet_to_print_in_dutch(open_compare):
    from components import multiples_view

    at = open_compare(lang="nl")
    assert at.radio(key="compare.worksheet_orientation").options == ["Liggend", "Staand"]
    assert [download_button(at, f"compare.worksheet_{kind}").proto.label for kind in ("pdf", "png")] == [
        "Werkblad (PDF)",
        "Werkblad (PNG, 300 dpi)",
    ]
    at.checkbox(key="compare.worksheet_asks").check().run()
    assert at.text_input(key="compare.worksheet_question_nl").value.startswith("Wat had IS in {month} in handen?")
    keys = ("2014-06", "2017-06")
    pdf = multiples_view.worksheet_file(keys, "nl", False, "portrait", "Vraag over {month}", "pdf")
    assert pdf.startswith(b"%PDF") and b"/MediaBox [ 0 0 595.2 841.92 ]" in pdf  # A4 portrait in points


def test_change_table_wraps_its_text_in_narrow_columns(open_compare):
    """Every column stays in view: no 'large' column, and rows tall enough that Streamlit wraps cell text (> 4rem)."""
    at = open_compare(a="2014-06", b="2017-10")
    table = at.dataframe[0]
    assert table.proto.row_height > 64
    widths = {name: config.get("width") for name, config in json.loads(table.proto.columns).items() if name != "_index"}
    assert widths == {
        "place": "small",
        "holder_a": "small",
        "holder_b": "small",
        "change": "small",
        "events": "medium",
        "evidence": "medium",
    }
