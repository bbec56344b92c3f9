"""How the presenter shows a class's answers: values in display order (months in time order, a histogram;
everything else most given first) and which town a tap on a pupil's map means."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

TAP_TOLERANCE_PX = 36  # a finger's width and a bit: a tap this close to a town counts as the town


def in_display_order(kind: str, counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Months in time order (a histogram); taps, holders and open answers most given first, then by value."""
    if kind == "month":
        return sorted(counts.items())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


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
