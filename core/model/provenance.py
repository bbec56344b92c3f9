"""What a provenance card shows: a place's names, holder and every dated change with its evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import pandas as pd

from core.codes.dates import date_label
from core.codes.sides import Sides
from core.model.atlas import Atlas
from core.model.control import place_history
from core.model.evidence import AGREES, CONTRADICTS, DIFFERS, SILENT, SOURCE
from core.text.i18n import pick, status_name
from core.text.labels import coordinate_precision_name, coordinate_source_name, country_name, flag_text, kind_name
from core.text.names import split_list

ARTICLE_URL = "https://nl.wikipedia.org/wiki/Islamitische_Staat"
EVENT_TYPE_NAMES = {
    "captured": ("captured by {side}", "ingenomen door {side}"),
    "retaken": ("retaken from {side}", "heroverd op {side}"),
    "siege_begun": ("siege begun", "beleg begonnen"),
    "siege_lifted": ("siege lifted", "beleg opgeheven"),
    "contested": ("fighting", "strijd"),
    "withdrawal": ("withdrawal", "terugtrekking"),
    "other_control": ("changed hands", "van eigenaar gewisseld"),
    "attack": ("attack", "aanslag"),
    "strike": ("strike against {side}", "aanval op {side}"),
    "incident": ("incident", "voorval"),
}


@dataclass(frozen=True)
class PlaceCard:
    """history: the article's events; cited: the other sources' events (both display rows, see below);
    follows: the name of the town whose holder this site takes, or ''."""

    place_id: str
    title: str
    other_names: list[str]
    country: str
    kind: str
    coordinates: str
    initial: str
    history: pd.DataFrame
    cited: pd.DataFrame
    follows: str = ""


def article_link(evidence: str) -> str:
    """A link that opens the article scrolled to the exact phrase (URL text fragment)."""
    words = evidence.split()
    fragment = (
        quote(" ".join(words[:8]), safe="")
        if len(words) <= 8
        else f"{quote(' '.join(words[:4]), safe='')},{quote(' '.join(words[-4:]), safe='')}"
    )
    return f"{ARTICLE_URL}#:~:text={fragment}"


def state_text(state: tuple[str, str] | None, lang: str, sides: Sides) -> str:
    """'SDF / YPG (contested)': the holder and, unless simply held, the state (core.model.control.place_state);
    the map's tooltip and the place card both say it in these words. '—' when no one holds the place."""
    if state is None:
        return "—"
    controller, status = state
    holder = sides.name(controller, lang)
    return holder if status == "held" else f"{holder} ({status_name(status, lang)})"


def event_type_name(event_type: str, lang: str, sides: Sides) -> str:
    """'captured by IS' / 'ingenomen door Geallieerden': the types are told from the followed side's point of view."""
    en, nl = EVENT_TYPE_NAMES.get(event_type, (event_type, event_type))
    return pick(lang, en, nl).format(side=followed_name(sides, lang))


def followed_name(sides: Sides, lang: str) -> str:
    """The followed side's short name as the event and change names use it ('IS' for the atlas: its code)."""
    if sides.focus is None:
        return pick(lang, "the followed side", "de gevolgde partij")
    return sides.focus if len(sides.focus) <= 4 else sides.name(sides.focus, lang)


def dated_columns(rows: pd.DataFrame, lang: str, sides: Sides) -> dict:
    """How a dated change reads in a table (article event or cited source): date (~ when approximate), what, from, to, summary."""
    return {
        "date": [date_label(d.date(), p, lang) for d, p in zip(rows["date"], rows["date_precision"], strict=True)],
        "what": [event_type_name(t, lang, sides) for t in rows["event_type"]],
        "from": [sides.name(c, lang) for c in rows["actor_before"]],
        "to": [sides.name(c, lang) for c in rows["actor_after"]],
        "summary": rows["summary_nl"] if lang == "nl" else rows["summary_en"],
    }


def history_table(events: pd.DataFrame, lang: str, sides: Sides) -> pd.DataFrame:
    """Display rows for events: date (with ~ when approximate), what, who, evidence, section, note."""
    return pd.DataFrame(
        {
            "event_id": events["event_id"],
            **dated_columns(events, lang, sides),
            "evidence": events["evidence"],
            "section": events["section"],
            "note": events["note"],
            "flag": events["flag"],
            "plain_note": [plain_note(n, f, lang) for n, f in zip(events["note"], events["flag"], strict=True)],
            "explanation": [contradiction_explained(n, f) for n, f in zip(events["note"], events["flag"], strict=True)],
            "link": [article_link(e) for e in events["evidence"]],
        }
    ).reset_index(drop=True)


RESTATED = re.compile(r"^Restates [a-z0-9_]+(?: \((?P<section>[^)]*)\))?")
RESTATED_TEXT = ("Told again in another section of the article", "Nog eens verteld in een ander deel van het artikel")


def plain_note(note: str, flag: str, lang: str) -> str:
    """What a pupil reads instead of the curators' note (which names row ids, article lines and columns):
    whether the event is told again elsewhere, and why a flagged row needs care ('' when neither)."""
    restated = RESTATED.match(note or "")
    parts = []
    if restated:
        where = f" ({restated['section']})" if restated["section"] else ""
        parts.append(pick(lang, *RESTATED_TEXT) + where + ".")
    parts.append(flag_text(flag, lang))
    return " ".join(part for part in parts if part)


CURATION_JARGON = re.compile(r"\bline \d|\blines \d|_|\benum\b|\bthe lead\b|\brow\b|\bactor\b|\bopponent\b", re.IGNORECASE)


def contradiction_explained(note: str, flag: str) -> str:
    """What a row flagged as a contradiction disagrees with, in the curators' words (English) without the sentences
    that name row ids, article lines or columns; '' for other rows."""
    if flag != "contradiction" or not note:
        return ""
    sentences = re.split(r"(?<=[.;])\s+(?=[A-Z'])", note.strip())
    return " ".join(sentence for sentence in sentences if not CURATION_JARGON.search(sentence))


def plain_published(published: str, lang: str) -> str:
    """'2014-06-10' -> '10 juni 2014' (one date format on the card); other text as written."""
    try:
        day = date.fromisoformat(str(published))
    except ValueError:
        return str(published or "")
    return date_label(day, "day", lang)


RELATION_TEXT = {
    AGREES: ("agrees with the article", "komt overeen met het artikel"),
    DIFFERS: ("gives another date than the article", "geeft een andere datum dan het artikel"),
    CONTRADICTS: ("names another holder than the article", "noemt een andere partij dan het artikel"),
    SILENT: ("the article does not mention this", "het artikel vermeldt dit niet"),
}


def days_apart_text(days_apart, lang: str) -> str:
    """'340 days later' / '340 dagen eerder': how far the other source's date is from the article's ('' when unknown)."""
    if pd.isna(days_apart):
        return ""
    days = abs(int(days_apart))
    if days == 0:
        return pick(lang, "same day", "zelfde dag")
    direction = pick(lang, "later", "later") if days_apart > 0 else pick(lang, "earlier", "eerder")
    unit = pick(lang, "day", "dag") if days == 1 else pick(lang, "days", "dagen")
    return f"{days} {unit} {direction}"


def relation_text(relation: str, days_apart, lang: str) -> str:
    """'gives another date than the article (340 days later)' and the like."""
    words = pick(lang, *RELATION_TEXT[relation])
    if relation != DIFFERS or pd.isna(days_apart):
        return words
    return f"{words} ({days_apart_text(days_apart, lang)})"


def cited_table(sources: pd.DataFrame, timeline: pd.DataFrame, lang: str, sides: Sides) -> pd.DataFrame:
    """Display rows for cited events: date, what, who, publisher, title, url, quote, relation, and whether
    the map follows this source (it does unless the article's own event agrees with it)."""
    followed = set(timeline.loc[timeline["basis"] == SOURCE, "event_id"])
    return pd.DataFrame(
        {
            "source_id": sources["source_id"],
            "article_event_id": sources["article_event_id"],
            **dated_columns(sources, lang, sides),
            "publisher": sources["publisher"],
            "title": sources["title"],
            "url": sources["url"],
            "published": [plain_published(p, lang) for p in sources["published"]],
            "quote": sources["quote"],
            "relation": [relation_text(r, d, lang) for r, d in zip(sources["relation"], sources["days_apart"], strict=True)],
            "map_follows": sources["source_id"].isin(followed),
            "effective_date": sources["effective_date"],
        }
    ).reset_index(drop=True)


def place_card(atlas: Atlas, place_id: str, lang: str) -> PlaceCard:
    place = atlas.places.set_index("place_id").loc[place_id]
    own_sources = atlas.sources[atlas.sources["place_id"] == place_id].sort_values("effective_date", kind="stable")
    follows = place.get("follows", "")
    names = [place["name_nl"], place["name_en"], *split_list(place["article_spellings"]), *split_list(place["aliases"])]
    title = place["name_en"] if lang == "en" else place["name_nl"]
    basis = f" ({place['initial_basis']})" if lang == "en" and place["initial_basis"] else ""  # the basis is written in English only
    initial = (
        f"{atlas.sides.name(place['initial_controller'], lang) or '—'}{basis}"
        if place["initial_controller"]
        else pick(lang, "not part of the control timeline", "geen deel van de tijdlijn van controle")
    )
    return PlaceCard(
        place_id=place_id,
        title=title,
        other_names=list(dict.fromkeys(n for n in names if n and n != title)),
        country=country_name(place["country"], lang),
        kind=kind_name(place["kind"], lang),
        coordinates=(
            f"{place['lat']:.4f}, {place['lon']:.4f} "
            f"({coordinate_source_name(place['coord_source'], lang)}, {coordinate_precision_name(place['coord_precision'], lang)})"
        ),
        initial=initial,
        history=history_table(place_history(atlas, place_id), lang, atlas.sides),
        cited=cited_table(own_sources, atlas.timeline, lang, atlas.sides),
        follows=_name(atlas, follows, lang) if follows else "",
    )


def _name(atlas: Atlas, place_id: str, lang: str) -> str:
    row = atlas.places.set_index("place_id").loc[place_id]
    return row["name_en"] if lang == "en" else row["name_nl"]


def search_label(place: pd.Series | dict, lang: str) -> str:
    """'Mosul — Mosoel, al-Mawsil (Iraq)': the selectbox filters on this, so Dutch spellings and aliases match."""
    title = place["name_en"] if lang == "en" else place["name_nl"]
    others = [place["name_nl"], place["name_en"], *split_list(place["article_spellings"]), *split_list(place["aliases"])]
    others = list(dict.fromkeys(n for n in others if n and n != title))
    country = country_name(place["country"], lang)
    return f"{title} — {', '.join(others)} ({country})" if others else f"{title} ({country})"
