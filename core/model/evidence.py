"""Two kinds of evidence and the timeline the map follows: the article's events and cited published dates.

An article event stands where a cited source agrees with it; where the article is silent, or a source
gives another date or another new holder, the cited event drives the map. Sites inside a town take the
town's timeline unless they have control evidence of their own.
"""

from __future__ import annotations

import pandas as pd

from core.codes.constants import AGREEMENT_DAYS, CONTROL_EVENT_TYPES

SILENT, AGREES, DIFFERS, CONTRADICTS = "article_silent", "agrees", "differs", "contradicts"
RELATIONS = (AGREES, DIFFERS, CONTRADICTS, SILENT)
ARTICLE, SOURCE = "article", "source"
INCIDENT = "incident"  # an article event that changes no control and that no cited source may turn into one
TIMELINE_COLUMNS = [
    "event_id",
    "place_id",
    "event_type",
    "date",
    "date_precision",
    "effective_date",
    "actor_before",
    "actor_after",
    "status_after",
    "opponent",
    "note",
    "flag",
    "basis",
    "cited",
    "via_parent",
]
PRECISION_ORDER = {"day": 0, "month": 1, "season": 2, "year": 3}


def relate_sources(sources: pd.DataFrame, events: pd.DataFrame, focus: str | None = None) -> pd.DataFrame:
    """Each cited event with how it relates to the article's own event of the same happening.

    Adds `relation` (agrees / differs / contradicts / article_silent), `days_apart` (cited effective date
    minus the article's, in days; empty when silent), the article event's date, precision and in_model, and
    the `opponent` of a contested or besieged place held by another side: the dataset's `focus` side.
    """
    # Uploaded events may reuse an id of the built-in ones: a source relates to the first event with its id.
    article = events.drop_duplicates("event_id").set_index("event_id")[
        ["date", "date_precision", "effective_date", "actor_after", "in_model"]
    ]
    linked = sources["article_event_id"].where(sources["article_event_id"].isin(article.index), "")
    matched = article.reindex(linked.where(linked != "")).set_axis(sources.index)
    days = (sources["effective_date"] - matched["effective_date"]).dt.days
    relation = pd.Series(SILENT, index=sources.index, dtype=object)
    relation[linked != ""] = DIFFERS
    relation[(linked != "") & (days.abs() <= AGREEMENT_DAYS)] = AGREES
    relation[(linked != "") & (matched["actor_after"] != sources["actor_after"])] = CONTRADICTS
    fighting = sources["status_after"].isin(("contested", "besieged")) & (sources["actor_after"] != focus)
    return sources.assign(
        opponent=fighting.map({True: focus or "", False: ""}),
        article_event_id=linked,
        relation=relation,
        days_apart=days.astype("Int64"),
        article_date=matched["date"],
        article_precision=matched["date_precision"].fillna(""),
        article_in_model=matched["in_model"].fillna(""),
    )


def apply_evidence(places: pd.DataFrame, events: pd.DataFrame, related_sources: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(places with the initial state the map uses, the control timeline it follows)."""
    own = own_timeline(events, related_sources)
    followers = site_followers(places, own)
    timeline = pd.concat([own, _inherited(own, followers)], ignore_index=True)
    order = {ARTICLE: 0, SOURCE: 1}
    timeline = timeline.assign(_basis_order=timeline["basis"].map(order), _row=range(len(timeline)))
    timeline = (
        timeline.sort_values(["effective_date", "_basis_order", "_row"], kind="stable")
        .drop(columns=["_basis_order", "_row"])
        .reset_index(drop=True)
    )
    return inherit_initial_state(places, followers), timeline


def own_timeline(events: pd.DataFrame, related_sources: pd.DataFrame) -> pd.DataFrame:
    """Each place's own control events: the article's, unless a cited event of the same happening differs.
    A cited source of a happening the article's row records as an incident (an offensive towards the place,
    scripts/build_tables.py NOT_FIGHTING_IN) dates it and stays off the map."""
    article = events[events["event_type"].isin(CONTROL_EVENT_TYPES) & (events["in_model"] != "no")]
    confirmed = set(related_sources.loc[related_sources["relation"] == AGREES, "article_event_id"]) & set(article["event_id"])
    linked = set(related_sources["article_event_id"]) - {""}
    kept_article = _dated_by_sources(article[~article["event_id"].isin(linked - confirmed)], related_sources)
    incidents = set(events.loc[events["event_type"] == INCIDENT, "event_id"])  # e.g. an offensive towards the place
    driving_sources = related_sources[~related_sources["article_event_id"].isin(confirmed | incidents)]
    return pd.concat([_as_timeline(kept_article, ARTICLE), _as_timeline(driving_sources, SOURCE)], ignore_index=True)


def _dated_by_sources(article: pd.DataFrame, related_sources: pd.DataFrame) -> pd.DataFrame:
    """Article events a cited source agrees with take that source's date when it is more precise (the
    article's 'June 2015' becomes the cited 27 June, so it orders rightly against other events of the month)
    and are marked cited: a source confirms them, even where the article's own row is only inferred."""
    agreeing = related_sources[related_sources["relation"] == AGREES]
    agreeing = agreeing.assign(_rank=agreeing["date_precision"].map(PRECISION_ORDER).astype(float))
    best = agreeing.sort_values("_rank", kind="stable").drop_duplicates("article_event_id").set_index("article_event_id")
    best = best.reindex(article["event_id"]).set_axis(article.index)
    finer = (best["_rank"] < article["date_precision"].map(PRECISION_ORDER).astype(float)).fillna(False).astype(bool)
    dated = article.copy()
    for column in ("date", "date_precision", "effective_date"):
        dated[column] = best[column].where(finer, article[column])
    return dated.assign(cited=best["_rank"].notna().map({True: "yes", False: ""}))


def _as_timeline(frame: pd.DataFrame, basis: str) -> pd.DataFrame:
    if basis == SOURCE:
        frame = frame.assign(event_id=frame["source_id"], cited="yes")
    return frame.assign(basis=basis, via_parent="").reindex(columns=TIMELINE_COLUMNS, fill_value="")


def is_site(places: pd.DataFrame) -> pd.Series:
    """True for places inside a town (a `parent_place`): no territory cell, drawn small and only zoomed in."""
    if "parent_place" not in places:
        return pd.Series(False, index=places.index)
    return places["parent_place"].fillna("") != ""


def site_followers(places: pd.DataFrame, own: pd.DataFrame) -> dict[str, str]:
    """{site: parent town} for the sites that have no control evidence of their own."""
    if "parent_place" not in places:
        return {}
    known, with_evidence = set(places["place_id"]), set(own["place_id"])
    pairs = places[places["parent_place"].isin(known) & ~places["place_id"].isin(with_evidence)]
    return dict(zip(pairs["place_id"], pairs["parent_place"], strict=True))


def _inherited(own: pd.DataFrame, followers: dict[str, str]) -> pd.DataFrame:
    """A following site gets a copy of its parent's timeline."""
    copies = [own[own["place_id"] == parent].assign(place_id=child, via_parent=parent) for child, parent in followers.items()]
    return pd.concat(copies, ignore_index=True) if copies else own.iloc[0:0]


def inherit_initial_state(places: pd.DataFrame, followers: dict[str, str]) -> pd.DataFrame:
    """A following site starts with its parent's holder, whatever its own row says; `follows` names the parent."""
    inherited = places.assign(follows=[followers.get(place_id, "") for place_id in places["place_id"]])
    if not followers:
        return inherited
    by_id = places.set_index("place_id")
    is_follower = inherited["place_id"].isin(followers.keys())
    parent_ids = inherited.loc[is_follower, "place_id"].map(followers)
    for column in ("initial_controller", "initial_status"):
        inherited.loc[is_follower, column] = parent_ids.map(by_id[column]).to_numpy()
    return inherited
