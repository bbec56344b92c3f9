"""The short place card a pupil reads in a minute: where the place is, who holds it in the shown month (in words),
the two or three changes that matter with plain dates, one line per kind of evidence and warnings that say what
disagrees. The full evidence stays in core.model.provenance (behind "more" on the card)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from core.codes.dates import date_label, month_label
from core.codes.sides import Sides
from core.model.atlas import Atlas
from core.model.evidence import CONTRADICTS, DIFFERS
from core.model.provenance import event_type_name
from core.text.i18n import pick, status_name
from core.text.labels import country_name, kind_name

MAX_CHANGES = 3
QUOTE_WORDS = 22  # one line of a quote on the short card; the whole quote is under "more"
HOLDER_CHANGES = ("captured", "retaken", "withdrawal", "other_control")

# A few function words decide which language a quote is in, so a Dutch card can mark English quotes (and back).
_DUTCH_WORDS = frozenset(
    ["de", "het", "een", "van", "en", "werd", "dat", "die", "op", "met", "door", "zijn", "niet", "naar", "voor", "wordt"]
)
_ENGLISH_WORDS = frozenset(["the", "of", "and", "to", "in", "was", "that", "on", "by", "with", "said", "has", "from", "were", "it"])


@dataclass(frozen=True)
class Change:
    """One change that matters: a plain date ('10 juni 2014', '~ juni 2014') and what happened."""

    event_id: str
    date: str
    what: str


@dataclass(frozen=True)
class PlaceSummary:
    """The card's default view. `notes` is open for short markers from elsewhere (e.g. 'not in the article')."""

    title: str
    where: str
    holding: str
    changes: tuple[Change, ...]
    more_changes: int
    article_line: str
    article_quote: str
    source_line: str
    source_quote: str
    warnings: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


def quote_language(text: str) -> str:
    """'nl' or 'en', by counting common function words (English when it cannot tell)."""
    words = [word.strip(".,;:!?'\"()").lower() for word in str(text).split()]
    dutch = sum(word in _DUTCH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    return "nl" if dutch > english else "en"


def language_note(text: str, lang: str) -> str:
    """'in het Engels' / 'in Dutch' when a quote is not in the UI's language, else ''."""
    if quote_language(text) == lang:
        return ""
    return pick(lang, "in Dutch", "in het Engels")


def _dated(when: str, text: str, lang: str) -> str:
    """'(10 juni 2014)' or '(10 juni 2014, in het Engels)'."""
    note = language_note(text, lang)
    return f"({when}, {note})" if note else f"({when})"


def short_quote(text: str, words: int = QUOTE_WORDS) -> str:
    """The first `words` words, with '…' when cut (the quote stays verbatim up to the cut)."""
    parts = str(text).split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def where_text(place: Mapping, lang: str) -> str:
    """'City in Iraq' / 'Stad in Irak': no coordinates, no gazetteer names."""
    kind = kind_name(place["kind"], lang)
    return f"{kind[:1].upper()}{kind[1:]} {pick(lang, 'in', 'in')} {country_name(place['country'], lang)}"


def holding_text(state: Mapping | None, month: date, lang: str, sides: Sides) -> str:
    """'March 2017: contested, held by Islamic State, fighting Iraq' / 'maart 2017: betwist, …' (in words)."""
    when = month_label(month, lang)
    if not state or not state.get("controller"):
        return f"{when}: " + pick(lang, "not on the control map this month", "deze maand niet op de kaart van wie wat had")
    holder = sides.name(state["controller"], lang)
    status = state.get("status") or "held"
    opponent = state.get("opponent") or ""
    if status == "held":
        return f"{when}: " + pick(lang, f"held by {holder}", f"in handen van {holder}")
    if status == "uncertain":
        return f"{when}: {status_name(status, lang)}. " + pick(
            lang,
            f"Last known holder: {holder}; no news for over a year.",
            f"Laatst bekend in handen van {holder}; al meer dan een jaar geen bericht.",
        )
    words = f"{when}: {status_name(status, lang)}, " + pick(lang, f"held by {holder}", f"in handen van {holder}")
    if opponent and opponent != state["controller"]:
        words += pick(lang, f", fighting {sides.name(opponent, lang)}", f", strijd met {sides.name(opponent, lang)}")
    return words


def key_changes(timeline: pd.DataFrame, month: date, lang: str, sides: Sides) -> tuple[tuple[Change, ...], int]:
    """The changes of holder, and the start of the state shown in `month` when it is not a change of holder:
    at most MAX_CHANGES (those nearest the month), in time order; and how many more changes there are."""
    rows = timeline.sort_values("effective_date", kind="stable").reset_index(drop=True)
    if rows.empty:
        return (), 0
    holder_changed = (rows["actor_before"] != rows["actor_after"]) | rows["event_type"].isin(HOLDER_CHANGES)
    chosen = set(rows.index[holder_changed])
    shown = rows[rows["effective_date"] <= pd.Timestamp(month) + pd.offsets.MonthEnd(0)]
    if not shown.empty:
        chosen.add(_state_start(shown))
    nearest = sorted(chosen, key=lambda i: abs((rows.at[i, "effective_date"] - pd.Timestamp(month)).days))[:MAX_CHANGES]
    changes = tuple(
        Change(
            rows.at[i, "event_id"],
            date_label(rows.at[i, "date"].date(), rows.at[i, "date_precision"], lang),
            event_type_name(rows.at[i, "event_type"], lang, sides),
        )
        for i in sorted(nearest)
    )
    return changes, len(chosen) - len(changes)


def _state_start(shown: pd.DataFrame) -> int:
    """The row that began the run of the same holder and status that ends with the last shown row."""
    last = len(shown) - 1
    start = last
    while start > 0 and (shown.at[start - 1, "actor_after"], shown.at[start - 1, "status_after"]) == (
        shown.at[last, "actor_after"],
        shown.at[last, "status_after"],
    ):
        start -= 1
    return int(shown.index[start])


def article_evidence(events: pd.DataFrame, followed: set[str], month: date, lang: str) -> tuple[str, str]:
    """'The article says (~ June 2014, in Dutch):' and one line of its words on the latest change the map follows
    up to the month (else the first; else any event it tells here); ('', '') when the article tells nothing here."""
    control = events[events["event_id"].isin(followed)]
    control = events if control.empty else control
    if control.empty:
        return "", ""
    upto = control[control["effective_date"] <= pd.Timestamp(month) + pd.offsets.MonthEnd(0)]
    row = upto.iloc[-1] if not upto.empty else control.iloc[0]
    when = date_label(row["date"].date(), row["date_precision"], lang)
    return pick(lang, "The article says", "Het artikel zegt") + f" {_dated(when, row['evidence'], lang)}:", short_quote(row["evidence"])


def source_evidence(sources: pd.DataFrame, month: date, lang: str) -> tuple[str, str]:
    """'Other sources say: Reuters (22 October 2015, in English):' and one line of its quote: the latest source up
    to the month (else the first); the card says so when there is none."""
    if sources.empty:
        return pick(lang, "Other sources: none for this place in the data.", "Andere bronnen: geen voor deze plaats in de gegevens."), ""
    ordered = sources.sort_values("effective_date", kind="stable")
    upto = ordered[ordered["effective_date"] <= pd.Timestamp(month) + pd.offsets.MonthEnd(0)]
    row = upto.iloc[-1] if not upto.empty else ordered.iloc[0]
    when = date_label(row["date"].date(), row["date_precision"], lang)
    count = len(sources)
    more = pick(lang, f" — {count} sources in all", f" — {count} bronnen in totaal") if count > 1 else ""
    return pick(
        lang, "Other sources say", "Andere bronnen zeggen"
    ) + f": {row['publisher']} {_dated(when, row['quote'], lang)}{more}:", short_quote(row["quote"])


def disagreements(events: pd.DataFrame, sources: pd.DataFrame, lang: str, sides: Sides) -> tuple[str, ...]:
    """Warnings that say what disagrees: another source's date or holder against the article's, or a row the
    curators flagged as contradicting itself or history (then: which claim, and that the note is under "more")."""
    warnings = []
    by_id = events.set_index("event_id")
    for row in sources.itertuples(index=False):
        if row.article_event_id not in by_id.index or row.relation not in (DIFFERS, CONTRADICTS):
            continue
        event = by_id.loc[row.article_event_id]
        what = event_type_name(event["event_type"], lang, sides)
        article_date = date_label(event["date"].date(), event["date_precision"], lang)
        source_date = date_label(row.date.date(), row.date_precision, lang)
        if row.relation == DIFFERS:
            warnings.append(
                pick(
                    lang,
                    f"The article dates this ({what}) to {article_date}; {row.publisher} reports {source_date}.",
                    f"Het artikel dateert dit ({what}) op {article_date}; {row.publisher} meldt {source_date}.",
                )
            )
        else:
            warnings.append(
                pick(
                    lang,
                    f"The article says {sides.name(event['actor_after'], lang)} ({what}, {article_date}); "
                    f"{row.publisher} names {sides.name(row.actor_after, lang)} ({source_date}).",
                    f"Het artikel noemt {sides.name(event['actor_after'], lang)} ({what}, {article_date}); "
                    f"{row.publisher} noemt {sides.name(row.actor_after, lang)} ({source_date}).",
                )
            )
    pairs = set()
    for event in events[events["flag"] == "contradiction"].itertuples(index=False):
        what, when = event_type_name(event.event_type, lang, sides), date_label(event.date.date(), event.date_precision, lang)
        other = _other_passage(events, event)
        if other is not None and frozenset((event.event_id, other.event_id)) in pairs:
            continue
        if other is not None:
            pairs.add(frozenset((event.event_id, other.event_id)))
            elsewhere = date_label(other.date.date(), other.date_precision, lang)
            warnings.append(
                pick(
                    lang,
                    f"The article dates this ({what}) to {when}, and elsewhere to {elsewhere}.",
                    f"Het artikel dateert dit ({what}) op {when}, en elders op {elsewhere}.",
                )
            )
            continue
        warnings.append(
            pick(
                lang,
                f"The article's “{what}, {when}” contradicts another passage of the article or well-known history "
                "(what exactly: under “All sources”).",
                f"Het artikel (“{what}, {when}”) spreekt een ander deel van het artikel of de bekende geschiedenis "
                "tegen (wat precies: onder “Alle bronnen”).",
            )
        )
    return tuple(dict.fromkeys(warnings))


def _other_passage(events: pd.DataFrame, event) -> object | None:
    """Another of the article's rows on the same kind of change here within a year, dated differently (or None)."""
    same = events[
        (events["event_type"] == event.event_type)
        & (events["event_id"] != event.event_id)
        & ((events["effective_date"] - event.effective_date).abs() <= pd.Timedelta(days=365))
        & ((events["date"] != event.date) | (events["date_precision"] != event.date_precision))
    ]
    return next(same.itertuples(index=False), None)


def place_summary(atlas: Atlas, place_id: str, state: Mapping | None, month: date, lang: str) -> PlaceSummary:
    """The short card for `place_id` in `month`; `state` is the place's row of the month's state (controller,
    status, opponent), or None when nobody holds it on the map."""
    place = atlas.places.set_index("place_id").loc[place_id]
    events = atlas.events[atlas.events["place_id"] == place_id]
    sources = atlas.sources[atlas.sources["place_id"] == place_id]
    timeline = atlas.timeline[atlas.timeline["place_id"] == place_id]
    changes, more = key_changes(timeline, month, lang, atlas.sides)
    article_line, article_quote = article_evidence(events, set(timeline["event_id"]), month, lang)
    source_line, source_quote = source_evidence(sources, month, lang)
    return PlaceSummary(
        title=place["name_nl"] if lang == "nl" else place["name_en"],
        where=where_text(place, lang),
        holding=holding_text(state, month, lang, atlas.sides),
        changes=changes,
        more_changes=more,
        article_line=article_line,
        article_quote=article_quote,
        source_line=source_line,
        source_quote=source_quote,
        warnings=disagreements(events, sources, lang, atlas.sides),
    )
