"""The article against other sources: which of its dated claims they confirm, where they differ and by
how much, where it is silent, and how far the map agrees with the cited dates month by month."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from core.codes.constants import CONTROL_EVENT_TYPES, UNCERTAIN
from core.codes.dates import date_label
from core.model.atlas import Atlas
from core.model.control import control_by_month
from core.model.evidence import AGREES, CONTRADICTS, DIFFERS, RELATIONS, SILENT, apply_evidence
from core.model.provenance import days_apart_text, event_type_name, relation_text
from core.model.tables import read_csv_text

AREA_FILE = "area_published.csv"
AREA_COLUMNS = ["date", "km2", "scope", "series", "publisher", "title", "url", "published", "quote", "note"]
IHS_SERIES = "IHS Conflict Monitor"

CLAIM_VERDICTS = (AGREES, DIFFERS, CONTRADICTS, "unchecked")
GAPS_FILE = "source_gaps.csv"
GAP_COLUMNS = ["place_id", "what", "searched"]


def cited_only(atlas: Atlas) -> Atlas:
    """The atlas as the cited sources alone tell it (the article's events left out)."""
    no_article = atlas.events.iloc[0:0]
    places, timeline = apply_evidence(atlas.places, no_article, atlas.sources.assign(relation=SILENT, article_event_id=""))
    return dataclasses.replace(atlas, places=places, timeline=timeline)


def _by_month(atlas: Atlas, place_ids, value: pd.Series) -> pd.DataFrame:
    """place × month grid of a boolean computed on control_by_month rows (False where a place has no holder)."""
    table = control_by_month(atlas)
    keep = table["place_id"].isin(place_ids)
    grid = value(table[keep]).groupby([table.loc[keep, "place_id"], table.loc[keep, "month"]]).any().unstack(fill_value=False)
    return grid.reindex(index=sorted(place_ids), fill_value=False)


def _is_uncertain(rows: pd.DataFrame) -> pd.Series:
    return rows["status"] == UNCERTAIN


def agreement_by_place(atlas: Atlas) -> pd.DataFrame:
    """For each place with cited control dates: the months the cited dates speak for (not uncertain by
    them alone), how many of those the map agrees with on whether IS holds the place, and the share."""
    cited_places = sorted(set(atlas.sources["place_id"]))
    if not cited_places:
        return pd.DataFrame(columns=["place_id", "months", "agreeing", "share"])

    def focus_holds(rows: pd.DataFrame) -> pd.Series:
        return rows["controller"] == atlas.sides.focus

    shown = _by_month(atlas, cited_places, focus_holds)
    cited_atlas = cited_only(atlas)
    cited = _by_month(cited_atlas, cited_places, focus_holds).reindex_like(shown).fillna(False)
    spoken = ~_by_month(cited_atlas, cited_places, _is_uncertain).reindex_like(shown).fillna(False)
    agreeing = ((shown == cited) & spoken).sum(axis=1)
    table = pd.DataFrame({"place_id": shown.index, "months": spoken.sum(axis=1).to_numpy(), "agreeing": agreeing.to_numpy()})
    table["share"] = (table["agreeing"] / table["months"].where(table["months"] > 0)).fillna(1.0)
    return table.sort_values(["share", "place_id"], kind="stable").reset_index(drop=True)


def overall_agreement(by_place: pd.DataFrame) -> float:
    """Share of all place-months that agree (1.0 when nothing is cited)."""
    months = by_place["months"].sum()
    return float(by_place["agreeing"].sum() / months) if months else 1.0


def article_claims(atlas: Atlas) -> pd.DataFrame:
    """Every dated control claim of the article with its verdict: agrees / differs (with days) /
    contradicts (another new holder) / unchecked (no cited source on it)."""
    claims = atlas.events[atlas.events["event_type"].isin(CONTROL_EVENT_TYPES)]
    linked = atlas.sources[atlas.sources["article_event_id"] != ""]
    rank = {relation: i for i, relation in enumerate(RELATIONS)}
    best = linked.assign(_rank=linked["relation"].map(rank)).sort_values("_rank", kind="stable").drop_duplicates("article_event_id")
    verdicts = best.set_index("article_event_id")
    return pd.DataFrame(
        {
            "event_id": claims["event_id"].to_numpy(),
            "place_id": claims["place_id"].to_numpy(),
            "date": claims["date"].to_numpy(),
            "date_precision": claims["date_precision"].to_numpy(),
            "event_type": claims["event_type"].to_numpy(),
            "verdict": [verdicts["relation"].get(e, "unchecked") for e in claims["event_id"]],
            "days_apart": claims["event_id"].map(verdicts["days_apart"]).to_numpy(),
            "source_id": [verdicts["source_id"].get(e, "") for e in claims["event_id"]],
        }
    )


def claim_counts(claims: pd.DataFrame, silent: int) -> dict[str, int]:
    """Claims per verdict, plus the happenings only other sources report (the article is silent)."""
    counts = claims["verdict"].value_counts()
    return {**{verdict: int(counts.get(verdict, 0)) for verdict in CLAIM_VERDICTS}, SILENT: silent}


def supporting_place_ids(atlas: Atlas) -> set[str]:
    """The places the article does not name (data/supporting_places.csv): counted apart from the article's."""
    places = atlas.places
    return set(places.loc[~places["in_article"], "place_id"]) if "in_article" in places else set()


def _silent_rows(atlas: Atlas, in_article: bool) -> pd.DataFrame:
    """Cited dates the article is silent on, about the article's places (True) or the supporting places (False)."""
    silent = atlas.sources[atlas.sources["relation"] == SILENT]
    supporting = silent["place_id"].isin(supporting_place_ids(atlas))
    return silent[~supporting if in_article else supporting]


def silent_count(atlas: Atlas) -> int:
    """Happenings at the article's places that only other sources report."""
    return len(_silent_rows(atlas, in_article=True))


def supporting_counts(atlas: Atlas) -> tuple[int, int]:
    """(cited dates, places) for the places the article does not name."""
    rows = _silent_rows(atlas, in_article=False)
    return len(rows), rows["place_id"].nunique()


def load_published_area(data_dir: Path) -> pd.DataFrame:
    """Published estimates of the area IS held (date, km², scope, series, publisher, url, quote, …);
    rows that give only a percentage have no km². Empty when the file is missing."""
    path = Path(data_dir) / AREA_FILE
    if not path.exists():
        return pd.DataFrame(columns=AREA_COLUMNS)
    table = read_csv_text(path).reindex(columns=AREA_COLUMNS, fill_value="")
    return table.assign(date=pd.to_datetime(table["date"], format="%Y-%m-%d"), km2=pd.to_numeric(table["km2"], errors="coerce"))


def area_against_published(published: pd.DataFrame, estimate_on: Callable[[date], float]) -> pd.DataFrame:
    """The IHS series for Iraq and Syria beside the map's estimate on the same day, and the difference."""
    series = ihs_series(published)
    estimate = [estimate_on(day.date()) for day in series["date"]]
    return pd.DataFrame(
        {
            "date": series["date"].to_numpy(),
            "published_km2": series["km2"].to_numpy(),
            "estimate_km2": estimate,
            "difference": [e / p - 1 for e, p in zip(estimate, series["km2"], strict=True)],
            "publisher": series["publisher"].to_numpy(),
            "url": series["url"].to_numpy(),
        }
    )


def percent_label(share: float, lang: str) -> str:
    """0.99607 -> '99.6%' / '99,6%'."""
    text = f"{share * 100:.1f}%"
    return text.replace(".", ",") if lang == "nl" else text


def _place_names(atlas: Atlas, place_ids: pd.Series, lang: str) -> pd.Series:
    """Place names in the language (the id as written when the id is not a place)."""
    names = atlas.places.set_index("place_id")["name_nl" if lang == "nl" else "name_en"]
    return place_ids.map(names).fillna(place_ids)


def _date_labels(dates: pd.Series, precisions: pd.Series, lang: str) -> list[str]:
    return [date_label(d.date(), p, lang) for d, p in zip(dates, precisions, strict=True)]


def differences_table(atlas: Atlas, lang: str) -> pd.DataFrame:
    """Display rows for the article's claims another source dates differently or gives another holder:
    place, what, both dates, how far apart, the verdict, publisher and link; largest difference first."""
    claims = article_claims(atlas)
    claims = claims[claims["verdict"].isin((DIFFERS, CONTRADICTS))]
    cited = atlas.sources.set_index("source_id").loc[claims["source_id"]]
    days = claims["days_apart"].abs().astype("Int64")
    table = pd.DataFrame(
        {
            "event_id": claims["event_id"].to_numpy(),
            "place": _place_names(atlas, claims["place_id"], lang).to_numpy(),
            "what": [event_type_name(t, lang, atlas.sides) for t in claims["event_type"]],
            "article_date": _date_labels(claims["date"], claims["date_precision"], lang),
            "source_date": _date_labels(cited["date"], cited["date_precision"], lang),
            "days": days.array,
            "apart": [days_apart_text(d, lang) for d in claims["days_apart"]],
            "verdict": [relation_text(v, None, lang) for v in claims["verdict"]],
            "publisher": cited["publisher"].to_numpy(),
            "url": cited["url"].to_numpy(),
        }
    )
    return table.sort_values(["days", "event_id"], ascending=[False, True], kind="stable", na_position="last").reset_index(drop=True)


def silent_table(atlas: Atlas, lang: str, in_article: bool = True) -> pd.DataFrame:
    """Display rows for the happenings only other sources report: place, date, what, summary, publisher, link;
    oldest first. in_article False: the dates of the places the article does not name."""
    rows = _silent_rows(atlas, in_article).sort_values(["effective_date", "source_id"], kind="stable")
    return pd.DataFrame(
        {
            "source_id": rows["source_id"].to_numpy(),
            "place": _place_names(atlas, rows["place_id"], lang).to_numpy(),
            "date": _date_labels(rows["date"], rows["date_precision"], lang),
            "what": [event_type_name(t, lang, atlas.sides) for t in rows["event_type"]],
            "summary": rows["summary_nl" if lang == "nl" else "summary_en"].to_numpy(),
            "publisher": rows["publisher"].to_numpy(),
            "url": rows["url"].to_numpy(),
        }
    )


def load_source_gaps(data_dir: Path) -> pd.DataFrame:
    """What was searched for and not found (place_id, what, searched); empty when there is no file."""
    path = Path(data_dir) / GAPS_FILE
    if not path.exists():
        return pd.DataFrame(columns=GAP_COLUMNS)
    return read_csv_text(path).reindex(columns=GAP_COLUMNS, fill_value="")


def gaps_table(atlas: Atlas, gaps: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Display rows for the gaps: place (in the language) and what was not found."""
    return pd.DataFrame({"place": _place_names(atlas, gaps["place_id"], lang).to_numpy(), "what": gaps["what"].to_numpy()})


def ihs_series(published: pd.DataFrame) -> pd.DataFrame:
    """The IHS Conflict Monitor figures for Iraq and Syria, one row per date."""
    rows = published[(published["series"] == IHS_SERIES) & (published["scope"] == "IQ+SY") & published["km2"].notna()]
    return rows.drop_duplicates("date").sort_values("date").reset_index(drop=True)


def published_near(published: pd.DataFrame, day: date, within_days: int = 62) -> pd.Series | None:
    """The IHS figure closest to `day` if one lies within `within_days`, else None."""
    series = ihs_series(published)
    if series.empty:
        return None
    gaps = (series["date"] - pd.Timestamp(day)).abs()
    nearest = gaps.idxmin()
    return series.loc[nearest] if gaps[nearest].days <= within_days else None
