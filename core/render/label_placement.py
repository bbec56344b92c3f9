"""Which place names fit on a still map: ranked, then placed greedily where they touch no other label or symbol.

Pure geometry on pixel boxes; core.render.rendering measures the text and draws the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from core.model.evidence import is_site

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels
KIND_RANK = {"city": 0, "town": 1}  # every other kind after these
MAX_LABEL_CHARACTERS = 24  # longer names are descriptions ("de laatste grensovergang tussen …"): symbol only
MAX_LABEL_TRIES = 3000  # candidates tried in rank order: a still map never holds more names (the atlas draws ~470 places)


@dataclass(frozen=True)
class PlaceLabel:
    place_id: str
    name: str
    box: Box  # where the text (with its halo) lands


@dataclass(frozen=True)
class Candidate:
    place_id: str
    name: str
    centre: Point  # the place's symbol
    minor: bool = False  # a place the article does not name: its small symbol may lie under an article place's name


def ranked_for_labels(places: pd.DataFrame, state: pd.DataFrame, control_events: pd.DataFrame, first: Sequence[str] = ()) -> pd.DataFrame:
    """The places drawn this month (sites inside a town never): those in `first` in its order (e.g. where the
    month's action is), then the article's places before those it does not name, then cities, then towns, then
    the rest; within each, the most control events first."""
    drawn = places.loc[~is_site(places)].merge(state[["place_id"]], on="place_id")
    counts = control_events["place_id"].value_counts()
    position = {place_id: index for index, place_id in enumerate(first)}
    ranked = drawn.assign(
        first_rank=drawn["place_id"].map(position).fillna(len(position)),
        article_rank=~drawn["in_article"].fillna(True).astype(bool) if "in_article" in drawn else False,
        kind_rank=drawn["kind"].map(KIND_RANK).fillna(len(KIND_RANK)),
        event_count=drawn["place_id"].map(counts).fillna(0),
    )
    order = ["first_rank", "article_rank", "kind_rank", "event_count", "place_id"]
    ranked = ranked.sort_values(order, ascending=[True, True, True, False, True], kind="stable")
    return ranked.drop(columns=["first_rank", "article_rank"])


def overlaps(first: Box, second: Box) -> bool:
    return first[0] < second[2] and second[0] < first[2] and first[1] < second[3] and second[1] < first[3]


def inside(inner: Box, outer: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def label_spots(centre: Point, width: float, height: float, half: float, gap: float) -> list[Box]:
    """Where a label may go, `gap` off its symbol (`half` from centre to edge), in order of preference:
    right, left, above, below, then the four corners."""
    x, y = centre
    clearance, corner = half + gap, half + gap / 2  # a corner label is off the symbol both ways: a smaller gap will do
    lefts = {"right": x + clearance, "left": x - clearance - width, "middle": x - width / 2}
    lefts |= {"right_corner": x + corner, "left_corner": x - corner - width}
    tops = {"middle": y - height / 2, "above": y - clearance - height, "below": y + clearance}
    tops |= {"above_corner": y - corner - height, "below_corner": y + corner}
    order = [("right", "middle"), ("left", "middle"), ("middle", "above"), ("middle", "below")]
    order += [("right_corner", "above_corner"), ("right_corner", "below_corner")]
    order += [("left_corner", "above_corner"), ("left_corner", "below_corner")]
    return [(lefts[h], tops[v], lefts[h] + width, tops[v] + height) for h, v in order]


class BoxIndex:
    """Boxes in a uniform grid of `cell`-pixel squares: `hits` compares a box only with those sharing a square, so
    placing n labels among n symbols costs about n checks, not n² (an upload of 20,000 places stays linear)."""

    def __init__(self, cell: float, boxes: Iterable[Box] = ()):
        self.cell = max(cell, 1.0)
        self.squares: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            self.add(box)

    def _squares(self, box: Box) -> Iterable[tuple[int, int]]:
        left, top, right, bottom = (int(v // self.cell) for v in box)
        return ((column, row) for column in range(left, right + 1) for row in range(top, bottom + 1))

    def add(self, box: Box) -> None:
        for square in self._squares(box):
            self.squares.setdefault(square, []).append(box)

    def hits(self, box: Box) -> bool:
        return any(overlaps(box, other) for square in self._squares(box) for other in self.squares.get(square, ()))


def symbol_box(centre: Point, half: float) -> Box:
    return centre[0] - half, centre[1] - half, centre[0] + half, centre[1] + half


def place_labels(
    candidates: Iterable[Candidate],
    size_of: Callable[[str], tuple[float, float]],
    half: float,
    gap: float,
    area: Box,
    keep_clear: Sequence[Box] = (),
) -> list[PlaceLabel]:
    """Greedy, in the candidates' order: a label takes its first spot that stays inside `area` and touches no
    placed label, no symbol and nothing in `keep_clear`; a label with no such spot, or a long name, is left out.
    An article place's name that finds no spot may cover the small symbol of a minor place (one the article does
    not name) rather than be left out: the article's places are what the map is about."""
    candidates = list(candidates)
    cell = max(4 * (half + gap), 16.0)  # about a short label's width: a box touches a few squares
    taken = BoxIndex(cell, [symbol_box(c.centre, half) for c in candidates if not c.minor])
    minor_symbols = BoxIndex(cell, [symbol_box(c.centre, half) for c in candidates if c.minor])
    placed: list[PlaceLabel] = []
    for candidate in candidates[:MAX_LABEL_TRIES]:
        if len(candidate.name) > MAX_LABEL_CHARACTERS:
            continue
        spots = label_spots(candidate.centre, *size_of(candidate.name), half, gap)
        spot = _first_spot(spots, area, taken, keep_clear, minor_symbols, candidate.minor)
        if spot is not None:
            taken.add(spot)
            placed.append(PlaceLabel(candidate.place_id, candidate.name, spot))
    return placed


def _first_spot(
    spots: list[Box], area: Box, taken: BoxIndex, keep_clear: Sequence[Box], minor_symbols: BoxIndex, minor: bool
) -> Box | None:
    """The first free spot that covers no minor symbol; else (for an article place) the first free spot."""
    fallback = None
    for spot in spots:
        if not inside(spot, area) or _blocked(spot, taken, keep_clear):
            continue
        if not minor_symbols.hits(spot):
            return spot
        fallback = fallback or (None if minor else spot)
    return fallback


def _blocked(spot: Box, taken: BoxIndex, keep_clear: Sequence[Box]) -> bool:
    """Whether `spot` touches a placed label or symbol, or one of the few large boxes to keep clear (the date,
    the legend: checked one by one rather than spread over many squares)."""
    return taken.hits(spot) or any(overlaps(spot, box) for box in keep_clear)
