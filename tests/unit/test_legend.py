"""One legend model: distinct holders, every state, and the same entries in every medium."""

from __future__ import annotations

from datetime import date

import pytest

from core.codes.constants import DATA_DIR, STATUS_LOOKS
from core.model.atlas import load_sides
from core.render.legend import ATTACK, EVENT, HOLDER, STATE, TERRITORY, entry_svg, legend_entries, standalone_caption_html
from core.text.i18n import escape

SIDES = load_sides(DATA_DIR)[0]  # the atlas declares its sides (data/sides.csv)


def test_holders_differ_in_colour_or_shape_and_states_differ_in_drawing():
    holders = [e for e in legend_entries("en", SIDES) if e.kind == HOLDER]
    looks = [(e.side.colour, e.side.shape) for e in holders]
    assert len(set(looks)) == len(looks)
    states = [e for e in legend_entries("en", SIDES) if e.kind == STATE]
    assert [e.status for e in states] == [s for s in STATUS_LOOKS if s != "held"]  # held = the holders' filled shapes
    assert len({entry_svg(e) for e in states}) == len(states)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_entry_has_a_label_in_the_language(lang):
    entries = legend_entries(lang, SIDES, territory=True)
    assert {e.kind for e in entries} == {HOLDER, STATE, EVENT, ATTACK, TERRITORY}
    other = {e.label for e in legend_entries("nl" if lang == "en" else "en", SIDES, territory=True)}
    assert all(e.label for e in entries)
    assert {e.label for e in entries if e.kind not in (HOLDER,)}.isdisjoint(other)


def test_the_standalone_map_shows_the_same_entries():
    html = standalone_caption_html(date(2015, 6, 1), "nl", SIDES).render()
    for entry in legend_entries("nl", SIDES):
        assert escape(entry.label) in html


def test_standalone_caption_escapes_and_labels():
    html = standalone_caption_html(date(2015, 6, 1), "nl", SIDES).render()
    assert "juni 2015" in html
    assert "Islamitische Staat" in html and "<svg" in html
    assert "aanslag" in html and "betwist" in html


def test_attacks_and_sea_use_colours_no_holder_uses():
    from core.codes.constants import ATTACK_COLOUR, SEA_COLOUR
    from core.render.symbols import ATTACK_SYMBOL

    holder_colours = {c.colour.lower() for c in SIDES.items}
    assert ATTACK_COLOUR.lower() not in holder_colours | {"#cc0000"}  # nor the event ring's red
    assert f'fill="{ATTACK_COLOUR}"' in ATTACK_SYMBOL and 'stroke="#fff"' in ATTACK_SYMBOL
    assert SEA_COLOUR.lower() not in holder_colours
    red, green, blue = (int(SEA_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    assert blue > red + 30 and min(red, green, blue) > 150  # a light blue, far from IS black and its grey shading


def test_the_territory_swatch_is_shaded_like_the_map():
    entry = next(e for e in legend_entries("en", SIDES, territory=True) if e.kind == TERRITORY)
    svg = entry_svg(entry)
    assert f'fill-opacity="{STATUS_LOOKS["held"].territory_opacity:g}"' in svg and 'fill="#000000"' in svg
    assert "IS grey" in entry.label  # the followed side, by its short code
