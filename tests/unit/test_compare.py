"""Compare logic: presets, URL reading, gained/lost/held/never on the fixture atlas, the change list, the layer."""

from __future__ import annotations

from datetime import date

import pytest

from core.codes.constants import DATA_DIR
from core.codes.dates import parse_month
from core.model.atlas import load_sides
from core.model.compare import (
    CHANGE_KINDS,
    CHANGE_STYLES,
    DEFAULT_PAIR,
    KEY_MOMENTS,
    PRESETS,
    change_symbol,
    change_table,
    count_changes,
    difference_features,
    month_changes,
    preset_for,
    preset_label,
)
from core.render.layers import build_difference_layer

SIDES = load_sides(DATA_DIR)[0]  # the atlas declares its sides (data/sides.csv)


@pytest.mark.parametrize("pair", PRESETS)
def test_presets_are_ordered_key_moments_inside_the_timeline(pair):
    first, second = (parse_month(key) for key in pair)
    assert first is not None and second is not None
    assert first < second
    assert all(key in KEY_MOMENTS for key in pair)
    assert preset_for(*pair) == pair
    assert "→" in preset_label(pair, "en") and "→" in preset_label(pair, "nl")


def test_presets_cover_the_moments_the_product_names():
    assert set(KEY_MOMENTS) == {"2014-06", "2015-01", "2016-01", "2017-01", "2017-10", "2019-03"}
    assert DEFAULT_PAIR in PRESETS
    assert preset_for("2014-07", "2015-01") is None


# The fixture atlas (tests/fixtures/data): Fallujah IS from Jan 2014 to Jun 2016, Mosul IS from 10 Jun 2014
# (contested from Oct 2016) to Jul 2017, Palmyra IS May 2015-Mar 2016 and Dec 2016-Mar 2017,
# Abu Kamal rebel -> IS (summer 2014, effective 15 Jul) -> Syria (2017, effective 1 Jul), Kobani always SDF.
@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("2014-06", "2015-05", {"fallujah": "held", "mosul": "held", "palmyra": "gained", "abu_kamal": "gained", "kobani": "never"}),
        ("2015-05", "2017-10", {"fallujah": "lost", "mosul": "lost", "palmyra": "lost", "abu_kamal": "lost", "kobani": "never"}),
        # Palmyra (IS twice) and Abu Kamal (IS 2014-2017) are Syrian/rebel on both dates: they changed hands in between.
        ("2014-06", "2017-10", {"fallujah": "lost", "mosul": "lost", "palmyra": "between", "abu_kamal": "between", "kobani": "never"}),
        # Palmyra was IS on both dates but Syrian from March to November 2016.
        ("2015-06", "2017-01", {"fallujah": "lost", "mosul": "held", "palmyra": "between", "abu_kamal": "held", "kobani": "never"}),
        # Months next to each other have no month in between.
        ("2016-11", "2016-12", {"fallujah": "never", "mosul": "held", "palmyra": "gained", "abu_kamal": "held", "kobani": "never"}),
        ("2016-10", "2016-12", {"fallujah": "never", "mosul": "held", "palmyra": "gained", "abu_kamal": "held", "kobani": "never"}),
        ("2014-05", "2014-06", {"fallujah": "held", "mosul": "gained", "palmyra": "never", "abu_kamal": "never", "kobani": "never"}),
    ],
)
def test_month_changes_classify_every_place(fixture_atlas, first, second, expected):
    changes = month_changes(fixture_atlas, parse_month(first), parse_month(second))
    assert dict(zip(changes["place_id"], changes["change"], strict=True)) == expected
    assert set(count_changes(changes)) == set(CHANGE_KINDS)
    assert sum(count_changes(changes).values()) == len(expected)


def test_change_table_lists_places_whose_holder_changed_with_events_between(fixture_atlas):
    table = change_table(fixture_atlas, date(2014, 6, 1), date(2017, 10, 1), "en")
    rows = table.set_index("place_id")
    # Palmyra ends where it started (Syria) but changed hands in between: listed with its events. Kobani never changed.
    assert list(table["place_id"]) == ["abu_kamal", "fallujah", "mosul", "palmyra"]
    assert rows.loc["palmyra", "change"] == "changed hands in between"
    assert rows.loc["palmyra", "holder_a"] == rows.loc["palmyra", "holder_b"] == "Syrian government"
    assert rows.loc["mosul", "holder_a"] == "Islamic State"
    assert rows.loc["mosul", "holder_b"] == "Iraqi government"
    assert rows.loc["mosul", "change"] == "lost by IS"
    assert rows.loc["mosul", "events"] == "17 October 2016: fighting · 10 July 2017: retaken from IS"
    assert rows.loc["mosul", "evidence"] == "“ev12” · “ev13”"
    # approximate dates carry '~'; the summer-2014 capture counts after June (effective 15 July)
    assert rows.loc["abu_kamal", "events"] == "~ summer 2014: captured by IS · ~ 2017: retaken from IS"
    assert rows.loc["abu_kamal", "change"] == "changed hands in between"
    assert rows.loc["fallujah", "events"] == "26 June 2016: retaken from IS"


def test_change_table_excludes_events_of_month_a_itself(fixture_atlas):
    """State A is the END of month A, so Mosul's capture on 10 June 2014 is before A for a June start."""
    table = change_table(fixture_atlas, date(2014, 6, 1), date(2015, 1, 1), "nl")
    assert list(table["place_id"]) == ["abu_kamal"]
    assert table.loc[0, "place"] == "Al-Bukamal"
    assert table.loc[0, "change"] == "gewonnen door IS"
    assert table.loc[0, "holder_a"] == "Syrische oppositie"


def test_contested_status_shows_in_the_holder(fixture_atlas):
    table = change_table(fixture_atlas, date(2016, 9, 1), date(2016, 11, 1), "en").set_index("place_id")
    assert tuple(table.loc["mosul", ["holder_a", "holder_b", "change"]]) == (
        "Islamic State",
        "Islamic State (contested)",
        "held by IS on both dates",
    )


def test_difference_features_escape_labels_and_keep_coordinates(fixture_atlas):
    places = fixture_atlas.places.copy()
    places.loc[places["place_id"] == "mosul", "name_en"] = "<b>Mosul</b>"
    changes = month_changes(fixture_atlas, date(2014, 5, 1), date(2014, 6, 1))
    drawn = difference_features(changes, places, "en", SIDES).set_index("place_id")
    assert drawn.loc["mosul", "label"] == "&lt;b&gt;Mosul&lt;/b&gt;: gained by IS (Iraqi government → Islamic State)"
    assert drawn.loc["mosul", "lat"] == pytest.approx(36.34)
    assert "paris" not in drawn.index  # no holder on either date: not part of the control comparison


def test_difference_layer_has_one_symbol_layer_per_kind_present(fixture_atlas):
    changes = month_changes(fixture_atlas, date(2014, 6, 1), date(2015, 5, 1))
    layer = build_difference_layer(difference_features(changes, fixture_atlas.places, "en", SIDES))
    names = sorted(child.layer_name for child in layer._children.values())
    assert names == ["change-gained", "change-held", "change-never"]


@pytest.mark.parametrize("kind", CHANGE_KINDS)
def test_change_symbols_differ_in_colour_and_shape(kind):
    svg = change_symbol(kind)
    assert CHANGE_STYLES[kind].colour in svg
    others = [change_symbol(k) for k in CHANGE_KINDS if k != kind]
    assert svg not in others
    shapes = {CHANGE_STYLES[k].shape for k in CHANGE_KINDS}
    assert len(shapes) == len(CHANGE_KINDS)  # shape is a second cue, never colour alone


def test_change_colours_are_no_holders_colours():
    """Gained/lost once reused the Iraqi and Syrian government colours; a change must never look like a holder."""
    holder_colours = {c.colour.lower() for c in SIDES.items}
    change_colours = [CHANGE_STYLES[k].colour.lower() for k in CHANGE_KINDS]
    assert not holder_colours & set(change_colours)
    assert len(set(change_colours)) == len(CHANGE_KINDS)
