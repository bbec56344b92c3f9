"""Place search and place ranks on the committed data: exact names and aliases first, accents and case
folded, near misses found; cities before towns before sites."""

from __future__ import annotations

import pytest

from core.model.atlas import load_atlas
from core.model.place_rank import kind_tier, place_ranks
from core.model.search import search_names, search_places


@pytest.fixture(scope="module")
def real():
    atlas = load_atlas()
    return search_names(atlas.places), place_ranks(atlas.places, atlas.events)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Mosoel", "mosul"),  # the Dutch name, before Mosoeldam (Mosul Dam)
        ("Mossul", "mosul"),  # a misspelling: near match
        ("Tadmoer", "palmyra"),  # the article's spelling
        ("Mosul Dam", "mosul_dam"),
        ("mosul", "mosul"),
        ("  MOSUL ", "mosul"),
        ("Al-Mawṣil", "mosul"),  # accents and dashes folded
        ("Rakka", "raqqa"),
        ("Falluja", "fallujah"),
        ("Shingal", "sinjar"),
        ("Temple of Bel", "temple_of_bel"),
    ],
)
def test_the_expected_place_comes_first(real, query, first):
    names, ranks = real
    assert search_places(query, names, ranks)[0] == first


@pytest.mark.parametrize(
    ("query", "before", "after"),
    [("Mosoel", "mosul", "mosul_dam"), ("Sinjar", "sinjar", "mount_sinjar"), ("Mosul", "mosul", "mosul_public_library")],
)
def test_a_place_comes_before_another(real, query, before, after):
    found = search_places(query, *real, limit=20)
    assert found.index(before) < found.index(after)


@pytest.mark.parametrize("query", ["", "   ", "Xyzzyqq", "-"])
def test_nothing_matches_nonsense(real, query):
    assert search_places(query, *real) == []


def test_cities_rank_before_towns_before_sites(real):
    _, ranks = real
    assert ranks["mosul"] < ranks["qaraqosh"] < ranks["mosul_public_library"]
    assert ranks["palmyra"] < ranks["temple_of_bel"]
    assert ranks["raqqa"] < ranks["mosul_dam"]


@pytest.mark.parametrize(
    ("kind", "site", "tier"), [("city", False, 3), ("town", False, 2), ("dam", False, 1), ("site", True, 0), ("city", True, 0)]
)
def test_kind_tier(kind, site, tier):
    assert kind_tier(kind, site) == tier
