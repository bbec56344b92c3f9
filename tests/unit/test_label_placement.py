"""Place names on still images: ranking, greedy placement without collisions, and the real map of June 2015."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pandas as pd
import pytest
from shapely.geometry import box

from core.model.atlas import Atlas, load_atlas
from core.model.control import control_in_month
from core.model.evidence import is_site
from core.render.label_placement import Candidate, PlaceLabel, place_labels, ranked_for_labels, symbol_box
from core.render.rendering import SYMBOL_HALF, SYMBOL_SCALE, date_box, month_labels, prepare_scene
from tests.unit.test_rendering import COUNTRIES

AREA = (0.0, 0.0, 400.0, 300.0)


def intersect(first, second) -> bool:
    """Checked with shapely, not with the code under test: boxes that share more than an edge."""
    return box(*first).intersection(box(*second)).area > 0


HALF, GAP = 5.0, 2.0


def fixed_size(name: str) -> tuple[float, float]:
    return 10.0 * len(name), 12.0


def placed(candidates: list[Candidate], keep_clear=()) -> dict[str, tuple[float, ...]]:
    return {label.place_id: label.box for label in place_labels(candidates, fixed_size, HALF, GAP, AREA, keep_clear)}


def test_first_choice_is_right_of_the_symbol():
    assert placed([Candidate("a", "Abc", (100, 100))]) == {"a": (107, 94, 137, 106)}


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        # b's right spot is taken by a's label: b goes left instead
        ([Candidate("a", "Abc", (100, 100)), Candidate("b", "Bcd", (100, 110))], {"a": (107, 94, 137, 106), "b": (63, 104, 93, 116)}),
        # near the right edge: left of the symbol
        ([Candidate("a", "Abc", (390, 100))], {"a": (353, 94, 383, 106)}),
        # a long name is never a label
        ([Candidate("a", "A" * 25, (100, 100))], {}),
    ],
)
def test_labels_move_to_the_next_free_spot(candidates, expected):
    assert placed(candidates) == expected


def test_a_label_with_no_free_spot_is_left_out():
    """A ring of symbols around `a` blocks every spot; the neighbours are ranked after it, so `a` comes first."""
    ring = [Candidate(f"n{i}", "", (100 + dx, 100 + dy)) for i, (dx, dy) in enumerate([(20, 0), (-20, 0), (0, -14), (0, 14)])]
    ring += [Candidate(f"d{i}", "", (100 + dx, 100 + dy)) for i, (dx, dy) in enumerate([(20, -12), (20, 12), (-20, -12), (-20, 12)])]
    assert "a" not in placed([Candidate("a", "Abc", (100, 100)), *ring])
    assert "a" in placed([Candidate("a", "Abc", (100, 100))])


def test_keep_clear_boxes_are_avoided():
    assert placed([Candidate("a", "Abc", (100, 100))], keep_clear=[(100, 0, 200, 200)])["a"] == (63, 94, 93, 106)


@pytest.fixture(scope="module")
def real_atlas() -> Atlas:
    return load_atlas()


@pytest.fixture(scope="module")
def june_2015(real_atlas) -> tuple[list[PlaceLabel], dict[str, tuple[float, ...]], pd.DataFrame]:
    """The labels of the real map of June 2015 (1280 × 800, English), and every symbol's box by place."""
    scene = prepare_scene(real_atlas, COUNTRIES, "en", (1280, 800))
    state = control_in_month(real_atlas, date(2015, 6, 1))
    labels = month_labels(scene, real_atlas, state, [date_box(scene, date(2015, 6, 1))[0]])
    ranked = ranked_for_labels(real_atlas.places, state, real_atlas.control_events)
    half = SYMBOL_HALF * scene.layout.unit * SYMBOL_SCALE
    symbols = {row.place_id: symbol_box(scene.projection.point(row.lon, row.lat), half) for row in ranked.itertuples(index=False)}
    return labels, symbols, ranked


def test_real_map_names_the_main_cities(june_2015):
    labels, _, _ = june_2015
    assert {"Mosul", "Raqqa", "Baghdad"} <= {label.name for label in labels}


def test_real_map_labels_touch_no_other_label_and_no_symbol(june_2015):
    labels, symbols, ranked = june_2015
    assert len(labels) > 10
    for first, second in combinations(labels, 2):
        assert not intersect(first.box, second.box), (first.name, second.name)
    minor = set(ranked.loc[~ranked["in_article"], "place_id"])
    assert minor, "the real data has places the article does not name (the test would prove nothing without)"
    for label in labels:
        # an article place's name may lie over the small symbol of a place the article does not name, never over another
        allowed = minor if label.place_id not in minor else set()
        assert not any(intersect(label.box, box) for place, box in symbols.items() if place not in allowed), label.name


def test_sites_inside_a_town_are_never_labelled(real_atlas, june_2015):
    _, _, ranked = june_2015
    sites = set(real_atlas.places.loc[is_site(real_atlas.places), "place_id"])
    assert sites, "the real data has sites (the test would prove nothing without)"
    assert not sites & set(ranked["place_id"])


def test_ranking_puts_the_article_first_then_cities_then_by_control_events(june_2015):
    _, _, ranked = june_2015
    article = list(ranked["in_article"])
    assert article == sorted(article, reverse=True)  # the article's places before those it does not name
    for _, group in ranked.groupby("in_article"):
        kinds = list(group["kind_rank"])
        assert kinds == sorted(kinds)
    cities = ranked[(ranked["kind"] == "city") & ranked["in_article"]]
    assert list(cities["event_count"]) == sorted(cities["event_count"], reverse=True)
    assert ranked.iloc[0]["place_id"] == "deir_ez_zor"  # the city with most control events (its cited siege rows)


def test_names_follow_the_language(real_atlas):
    scene = prepare_scene(real_atlas, COUNTRIES, "nl", (1280, 800))
    names = {label.name for label in month_labels(scene, real_atlas, control_in_month(real_atlas, date(2015, 6, 1)))}
    assert {"Mosoel", "Bagdad"} <= names


def test_the_box_index_finds_exactly_the_overlaps_a_full_scan_finds():
    """BoxIndex (the grid that keeps placing labels linear for 20,000 uploaded places) against comparing every box:
    small and wide boxes, negative coordinates, boxes that share only an edge."""
    import random

    from core.render.label_placement import BoxIndex, overlaps

    rng = random.Random(7)

    def random_box():
        left, top = rng.uniform(-200, 600), rng.uniform(-200, 400)
        return left, top, left + rng.choice([0.5, 8, 30, 260]), top + rng.choice([0.5, 8, 12, 90])

    stored = [random_box() for _ in range(400)] + [(0.0, 0.0, 28.0, 28.0)]
    index = BoxIndex(28.0, stored)
    probes = [random_box() for _ in range(2000)] + [(28.0, 0.0, 40.0, 10.0), (27.9, 0.0, 40.0, 10.0)]
    assert [index.hits(p) for p in probes] == [any(overlaps(p, s) for s in stored) for p in probes]
    assert index.hits((27.9, 0.0, 40.0, 10.0)) and not BoxIndex(28.0, [(0.0, 0.0, 28.0, 28.0)]).hits((28.0, 0.0, 40.0, 10.0))


def test_only_the_first_max_label_tries_candidates_are_tried():
    """Work per map is bounded: an upload of 20,000 places tries at most MAX_LABEL_TRIES names, in rank order."""
    from core.render.label_placement import MAX_LABEL_TRIES

    many = [Candidate(f"p{i}", "Ab", (100.0 + 60 * i, 100.0)) for i in range(MAX_LABEL_TRIES + 5)]
    labels = place_labels(many, fixed_size, HALF, GAP, (0.0, 0.0, 60.0 * (MAX_LABEL_TRIES + 10) + 200, 300.0))
    assert [label.place_id for label in labels] == [f"p{i}" for i in range(MAX_LABEL_TRIES)]
