"""How well the territory model predicts what it was not told: leave one place out, rebuild, compare.

For every place with cited dates in Iraq and Syria: hide it and the sites inside it (`parent_place`), build
the anchors (core.model.territory.build_anchors) from the other places and the settlements, find whose
territory its point then lies in (in a month that place is besieged or uncertain, the next nearest place's,
as the map shades it), and compare that holder with the hidden place's own holder (the control model) in
every timeline month in which the hidden place has one. Pure and vectorised over
months: one small graph per hidden place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.model.evidence import is_site
from core.model.territory import (
    CROSSING_FACTOR,
    DESERT_FACTOR,
    LINK_KM,
    NEXT_PLACES,
    REACH_KM,
    SAME_POINT_KM,
    anchor_lands,
    build_anchors,
    nearest_index,
    project,
    reach_of,
    regional_lands,
    settlement_points,
    shading_rank,
    split_banks,
    to_equal_area,
    unique_places,
    yielding_chain,
    yielding_places,
)

LOO_COLUMNS = ["place_id", "months", "agreeing", "is_agreeing", "is_months", "is_shaded"]


@dataclass(frozen=True)
class Method:
    """One way of spreading the places' holders over the land (the parameters of build_anchors and follow)."""

    name: str
    link_km: float = LINK_KM
    desert_factor: float = DESERT_FACTOR
    settlements: bool = True
    cap_km: float = math.inf  # the drawn cell stops this far from its place or settlement (inf: no cap)
    reach_km: float = REACH_KM  # a place's settlements lie at most this far from it along the chain of towns
    own_ground: bool = True  # a district holds only its own quarter (territory.OWN_GROUND_KINDS)
    rivers: bool = False  # hops along the river valleys cost RIVER_FACTOR of their length (tried; the map does not)
    yielding: bool = True  # the towns around a besieged or uncertain place follow the next nearest place that does not yield (YIELDING)
    vote: int = 0  # >0: each month, the holder with the most weight (1/distance²) among this many nearest places
    crossing: float = CROSSING_FACTOR  # a hop across the Euphrates or the Tigris costs this many times its length (1: no more)
    by_country: bool = True  # with borders: a country's towns follow its own places (territory.build_anchors)
    by_bank: bool = True  # with borders and crossing: each bank's land is shared among the anchors on it (split_banks)
    by_region: bool = True  # with borders and regions: the Kurdistan Region is a land of its own (regional_lands)
    next_places: int = NEXT_PLACES  # with yielding: the towns try this many next nearest places for one that does not yield


def holder_grid(states: pd.DataFrame, place_ids: list[str], months: list, values: str = "controller") -> np.ndarray:
    """place × month array of controllers (or another column: `values`; '' where a place has none), from
    control_by_month rows."""
    grid = states.pivot_table(index="place_id", columns="month", values=values, aggfunc="first")
    columns = [pd.Timestamp(m) for m in months]
    return grid.reindex(index=place_ids, columns=columns).fillna("").to_numpy(dtype=object)


def leave_one_out(
    places: pd.DataFrame,
    states: pd.DataFrame,
    hidden_ids,
    months: list,
    settlements: pd.DataFrame | None,
    method: Method = Method(""),
    focus: str | None = None,
    rivers=None,
    borders: dict | None = None,
    regions: dict | None = None,
) -> pd.DataFrame:
    """Per hidden place: months with a holder, months the rebuilt territory at its point agrees, months the followed
    side (`focus`, IS for the atlas) held it, and of those the months shaded so. `places` are those the territory is
    built from (with sites); `rivers` (lon/lat, territory.load_rivers), `borders` (country code -> lon/lat
    polygon) and `regions` (territory.load_land_regions) as the map uses them."""
    places = places.reset_index(drop=True)
    countries = places["country"].to_numpy(dtype=object) if "country" in places else np.full(len(places), None, dtype=object)
    if borders and regions and method.by_region and method.by_country:
        countries, borders = regional_lands(countries, places["lon"].to_numpy(float), places["lat"].to_numpy(float), borders, regions)
    projected = project(rivers) if rivers is not None else None
    valleys = projected if method.rivers else None
    banks = projected if method.crossing != 1.0 else None
    borders = {code: project(shape) for code, shape in borders.items()} if borders and method.by_country else None
    if borders and method.by_bank:
        borders = split_banks(borders, banks)
    ids = list(places["place_id"])
    holders, statuses = holder_grid(states, ids, months), holder_grid(states, ids, months, "status")
    ever_yields = np.isin(ids, list(yielding_places(states)))  # once: whose towns may pass on (yielding_chain)
    x, y = to_equal_area(places["lon"].to_numpy(float), places["lat"].to_numpy(float))
    sx, sy = settlement_points(settlements if method.settlements else None)
    settlement_lands = anchor_lands(sx, sy, None, borders) if borders else None  # once, not per hidden place
    lands = anchor_lands(x, y, countries, borders) if borders else countries  # where each hidden point lies
    reach = reach_of(places, method.reach_km) if method.own_ground else np.full(len(places), method.reach_km)
    site, parent = is_site(places).to_numpy(), places["parent_place"].fillna("").to_numpy() if "parent_place" in places else None
    rows = []
    for index in [ids.index(p) for p in hidden_ids if p in ids]:
        kept = ~site & (np.arange(len(ids)) != index)
        if parent is not None:
            kept &= parent != ids[index]
        keep = np.flatnonzero(kept)
        if method.vote:
            shaded = _vote(holders[keep], np.hypot(x[keep] - x[index], y[keep] - y[index]), method.vote)
        else:
            kx, ky, twin = unique_places(x[keep], y[keep])
            anchors = build_anchors(
                kx,
                ky,
                sx,
                sy,
                method.link_km,
                method.desert_factor,
                reach[keep],
                group=twin,
                rivers=valleys,
                countries=countries[keep],
                borders=borders,
                settlement_lands=settlement_lands,
                crossing=banks,
                crossing_factor=method.crossing,
                place_lands=lands[keep] if borders else None,
            )
            split = set(np.flatnonzero(ever_yields[keep]).tolist())
            shaded = _shaded(anchors, len(keep), x[index], y[index], holders[keep], statuses[keep], method, lands[index], split)
        own = holders[index]
        has = own != ""
        rows.append(
            {
                "place_id": ids[index],
                "months": int(has.sum()),
                "agreeing": int(((shaded == own) & has).sum()),
                "is_agreeing": int((((shaded == focus) == (own == focus)) & has).sum()),
                "is_months": int((own == focus).sum()),
                "is_shaded": int(((own == focus) & (shaded == focus)).sum()),
            }
        )
    return pd.DataFrame(rows, columns=LOO_COLUMNS)


def _shaded(
    anchors,
    count: int,
    x: float,
    y: float,
    holders: np.ndarray,
    statuses: np.ndarray,
    method: Method,
    land: str | None = None,
    split: set[int] = frozenset(),
) -> np.ndarray:
    """Per month, the holder the territory gives the point (x, y) on `land`: its anchor's place's (with borders,
    the nearest anchor of its own country or bank: the cells are cut at the border and the rivers), or
    (`method.yielding`) where that place is besieged or uncertain and the anchor is a town around it, the next
    nearest place's that does not yield that month (territory.shading_rank; `split`: the places that yield in some
    month, territory.yielding_chain)."""
    candidates = np.arange(len(anchors.x))
    if anchors.land is not None and (anchors.land == land).any():
        candidates = np.flatnonzero(anchors.land == land)
    found, distance = nearest_index(np.array([x]), np.array([y]), anchors.x[candidates], anchors.y[candidates])
    nearest = candidates[found]
    owner = anchors.owner[nearest[0]] if distance[0] <= method.cap_km else -1
    if owner < 0:
        return np.full(holders.shape[1], "", dtype=object)
    shaded = holders[owner]
    if method.yielding and nearest[0] >= count:
        chain = list(yielding_chain(owner, anchors.fallback[nearest[0]][: method.next_places], split))
        rank = shading_rank(statuses[chain], holders[chain] != "")
        shaded = holders[chain][rank, np.arange(holders.shape[1])]
    return shaded


def _vote(holders: np.ndarray, distance: np.ndarray, count: int) -> np.ndarray:
    """Per month, the holder with the largest sum of 1/distance² among the `count` nearest places (ties: the
    nearer place's holder); '' where none of them has one."""
    nearest = np.argsort(distance, kind="stable")[:count]
    weight = 1.0 / np.maximum(distance[nearest], SAME_POINT_KM) ** 2
    rows = holders[nearest]
    sides = sorted({h for h in rows.ravel() if h}, key=lambda h: min(np.flatnonzero((rows == h).any(axis=1))))
    if not sides:
        return np.full(holders.shape[1], "", dtype=object)
    scores = np.stack([((rows == side) * weight[:, None]).sum(axis=0) for side in sides])
    best = scores.argmax(axis=0)  # the first maximum: the side whose nearest place is nearer
    return np.where(scores.max(axis=0) > 0, np.array(sides, dtype=object)[best], "")


def nearest_ceiling(places: pd.DataFrame, states: pd.DataFrame, hidden_ids, months: list, count: int) -> float:
    """The best any rule that copies one of the `count` nearest other places could do: the share of
    place-months in which at least one of them has the hidden place's holder (an oracle, not a method)."""
    places = places[~is_site(places)].reset_index(drop=True)
    ids = list(places["place_id"])
    holders = holder_grid(states, ids, months)
    x, y = to_equal_area(places["lon"].to_numpy(float), places["lat"].to_numpy(float))
    right = total = 0
    for index in [ids.index(p) for p in hidden_ids if p in ids]:
        distance = np.hypot(x - x[index], y - y[index])
        distance[index] = np.inf
        nearest = np.argsort(distance)[:count]
        own = holders[index]
        right += int(((holders[nearest] == own[None, :]).any(axis=0) & (own != "")).sum())
        total += int((own != "").sum())
    return right / total if total else 1.0


def close_neighbours(places: pd.DataFrame, hidden_ids, km: float = 5.0) -> dict[str, str]:
    """Hidden place -> the other place (not a site) within `km` of it: hiding one leaves a near-twin that tells its
    holder (fair by the definition, but worth printing apart)."""
    towns = places[~is_site(places)].reset_index(drop=True)
    x, y = to_equal_area(towns["lon"].to_numpy(float), towns["lat"].to_numpy(float))
    ids, close = list(towns["place_id"]), {}
    for place in [p for p in hidden_ids if p in ids]:
        index = ids.index(place)
        distance = np.hypot(x - x[index], y - y[index])
        distance[index] = np.inf
        if distance.min() <= km:
            close[place] = ids[int(distance.argmin())]
    return close


def loo_summary(table: pd.DataFrame) -> tuple[float, float]:
    """(share of place-months that agree, share of IS-held months shaded IS); 1.0 where there is nothing to compare."""
    months, is_months = table["months"].sum(), table["is_months"].sum()
    return (
        float(table["agreeing"].sum() / months) if months else 1.0,
        float(table["is_shaded"].sum() / is_months) if is_months else 1.0,
    )


def worst_places(table: pd.DataFrame, count: int = 8) -> pd.DataFrame:
    """The hidden places the rebuilt territory gets wrong most often (share of their months)."""
    share = table["agreeing"] / table["months"].where(table["months"] > 0)
    return table.assign(share=share.fillna(1.0)).sort_values(["share", "place_id"], kind="stable").head(count)
