"""Place search over names, Dutch spellings and aliases: accents and case folded, exact names first, then
prefixes, then parts of names, then near misses ('Mossul' -> Mosul); ties go to the more important place."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

import pandas as pd

from core.model.explore import fold, place_search_names

EXACT, PREFIX, CONTAINS, NEAR = 0, 1, 2, 3  # how a query matched a name (lower is better)
NEAR_RATIO = 0.75  # difflib ratio over folded names from which a misspelling still counts


@dataclass(frozen=True)
class SearchName:
    place_id: str
    folded: str


def search_names(places: pd.DataFrame) -> list[SearchName]:
    """Every name a place can be found by (core.model.explore.place_search_names), folded once."""
    names = []
    for row in places.to_dict("records"):
        names += [SearchName(row["place_id"], folded) for folded in dict.fromkeys(fold(n) for n in place_search_names(row) if n) if folded]
    return names


def match_score(query: str, name: str) -> tuple[int, float] | None:
    """(kind of match, closeness) of a folded query against a folded name; None when they do not match."""
    if name == query:
        return EXACT, 1.0
    if name.startswith(query):
        return PREFIX, len(query) / len(name)
    if query in name:
        return CONTAINS, len(query) / len(name)
    ratio = SequenceMatcher(None, query, name, autojunk=False).ratio()
    return (NEAR, ratio) if ratio >= NEAR_RATIO else None


def search_places(query: str, names: list[SearchName], ranks: pd.Series | dict, limit: int = 8) -> list[str]:
    """Place ids that match `query`, best first: kind of match, then closeness, then place rank.

    One pass over the names (linear in the number of places)."""
    folded = fold(query)
    if not folded:
        return []
    best: dict[str, tuple] = {}
    for name in names:
        score = match_score(folded, name.folded)
        if score is None:
            continue
        key = (score[0], -score[1], ranks.get(name.place_id, len(ranks)))
        if name.place_id not in best or key < best[name.place_id]:
            best[name.place_id] = key
    return sorted(best, key=best.get)[:limit]
