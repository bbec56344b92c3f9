"""How far the map agrees with published history (printed, never asserted; tests assert the floors).

`python -m bench.agreement` (also part of `make bench`): the article's dated claims against the cited
sources, month-by-month agreement of the map with the cited dates (overall, per region, worst places),
the area estimate against every published IHS figure, and the longest contested, besieged or uncertain spells
with what they rest on.
"""

from __future__ import annotations

import json
from datetime import date

import shapely
from shapely.geometry import shape

from core.codes.constants import BASEMAP_DIR, CORE_COUNTRIES, DATA_DIR, FIGHTING_STATUSES
from core.model.atlas import load_atlas
from core.model.control import control_on
from core.model.source_check import (
    agreement_by_place,
    area_against_published,
    article_claims,
    claim_counts,
    load_published_area,
    overall_agreement,
    silent_count,
    supporting_counts,
)
from core.model.spells import rests_on_text, state_spells
from core.model.territory import held_area_km2, load_settlements, territory_cells

REGIONS = {"Iraq and Syria": ("IQ", "SY"), "Libya": ("LY",), "Egypt (Sinai)": ("EG",)}


def _clip():
    countries = json.loads((BASEMAP_DIR / "countries.geojson").read_text(encoding="utf-8"))
    return shapely.union_all([shape(f["geometry"]) for f in countries["features"] if f["properties"].get("iso2") in CORE_COUNTRIES])


def print_longest_spells(atlas, count: int = 15) -> None:
    """The longest contested, besieged and uncertain spells (sites that follow their town left out), with the
    events each rests on: cited, article (with 'cited' where a source agrees), or inferred."""
    spells = state_spells(atlas)
    spells = spells[~spells["site"]]
    fighting = spells[spells["status"].isin(FIGHTING_STATUSES)]
    print(
        f"  contested or besieged spells: {len(fighting)}, {int((fighting['months'] >= 6).sum())} of 6+ months, {int((fighting['months'] >= 12).sum())} of a year or more;"
    )
    print(
        f"  uncertain spells: {int((spells['status'] == 'uncertain').sum())}. The longest (months, place, state, from-to: what it rests on):"
    )
    for row in spells.head(count).itertuples():
        span = f"{row.first:%Y-%m}..{row.last:%Y-%m}"
        print(f"    {row.months:>3}  {row.place_id} {row.controller}/{row.status} {span}: {rests_on_text(row.rests_on)}")


def main() -> None:
    atlas = load_atlas()
    print("Territory Atlas: the map against published history")
    counts = claim_counts(article_claims(atlas), silent_count(atlas))
    print(f"  cited published dates: {len(atlas.sources)} for {atlas.sources['place_id'].nunique()} places")
    print("  the article's dated control claims: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    dates, places = supporting_counts(atlas)
    print(f"  places the article does not name (supporting places): {dates} cited dates for {places} places")
    by_place = agreement_by_place(atlas)
    country = atlas.places.set_index("place_id")["country"]
    print(f"  month-by-month agreement with the cited dates: {overall_agreement(by_place):.1%} of {by_place['months'].sum()} place-months")
    in_article = atlas.places.set_index("place_id")["in_article"]
    for name, rows in (
        ("the article's places", by_place[by_place["place_id"].map(in_article)]),
        ("supporting places", by_place[~by_place["place_id"].map(in_article)]),
    ):
        print(f"    {name}: {overall_agreement(rows):.1%} of {rows['months'].sum()} place-months")
    for region, codes in REGIONS.items():
        rows = by_place[by_place["place_id"].map(country).isin(codes)]
        figure = f"{overall_agreement(rows):.1%} of {rows['months'].sum()} place-months" if len(rows) else "no cited places"
        print(f"    {region}: {figure}")
    print("  lowest places: " + ", ".join(f"{r.place_id} {r.share:.0%}" for r in by_place.head(5).itertuples()))
    cells = territory_cells(atlas.places[atlas.places["country"].isin(CORE_COUNTRIES)], _clip(), load_settlements())
    compared = area_against_published(
        load_published_area(DATA_DIR), lambda day: held_area_km2(cells, control_on(atlas, day), atlas.sides.focus)
    )
    print("  estimated area against the IHS Conflict Monitor (km²):")
    for row in compared.itertuples():
        print(f"    {row.date:%Y-%m-%d}: published {row.published_km2:>8,.0f}  estimate {row.estimate_km2:>8,.0f}  ({row.difference:+.0%})")
    for day in (date(2017, 12, 31), date(2019, 3, 31), date(2019, 12, 31)):
        print(f"    {day}: estimate {held_area_km2(cells, control_on(atlas, day), atlas.sides.focus):,.0f}")
    print_longest_spells(atlas)


if __name__ == "__main__":
    main()
