"""How a class answered, as the presenter sees it: the count, each value's count (bars, a month histogram,
dots on the map), how many were right and the open answers; and which town a tap on the map means."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

TAP_TOLERANCE_PX = 36  # a finger's width and a bit: a tap this close to a town counts as the town


@dataclass(frozen=True)
class Spread:
    """One question's answers: count, each value's count (most first; months in time order), how many were
    right (None: no right answer), the open answers as given."""

    kind: str
    count: int
    counts: tuple[tuple[str, int], ...]
    right: int | None
    texts: tuple[str, ...] = ()


def spread(kind: str, values: Iterable[str], answer: Iterable[str] = ()) -> Spread:
    values = list(values)
    right_set = set(answer)
    right = sum(v in right_set for v in values) if right_set and kind != "open" else None
    tally = Counter(values)
    in_order = sorted(tally.items()) if kind == "month" else sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    return Spread(kind, len(values), tuple(in_order), right, tuple(values) if kind == "open" else ())


def metres_per_pixel(lat: float, zoom: int) -> float:
    """Web Mercator ground resolution at a latitude and zoom level."""
    return 156_543.03 * math.cos(math.radians(lat)) / 2**zoom


def nearest_place(lat: float, lon: float, places: Iterable[tuple[str, float, float]], zoom: int) -> str | None:
    """The place nearest to a tap, if it lies within TAP_TOLERANCE_PX at this zoom (None: the tap hit no town)."""
    limit_m = TAP_TOLERANCE_PX * metres_per_pixel(lat, zoom)
    best, best_m = None, math.inf
    for place_id, p_lat, p_lon in places:
        dx = math.radians(p_lon - lon) * math.cos(math.radians((lat + p_lat) / 2))
        dy = math.radians(p_lat - lat)
        metres = 6_371_000 * math.hypot(dx, dy)
        if metres < best_m:
            best, best_m = place_id, metres
    return best if best_m <= limit_m else None
