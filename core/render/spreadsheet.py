"""Tables for spreadsheets people read: readable headers and holder names in English or Dutch, and who held
each place month by month. The file formats themselves (plain CSV, Dutch Excel) are in core.render.exports."""

from __future__ import annotations

import pandas as pd

from core.codes.constants import STATUS_LOOKS
from core.codes.sides import Sides
from core.model.atlas import Atlas
from core.model.control import control_by_month
from core.model.provenance import event_type_name
from core.text.i18n import pick, place_name
from core.text.labels import (
    coordinate_precision_name,
    coordinate_source_name,
    country_name,
    date_precision_name,
    flag_name,
    kind_name,
    yes_no_name,
)

# Column -> (English, Dutch) header; a column not listed keeps its name with spaces for underscores.
HEADERS: dict[str, tuple[str, str]] = {
    "place_id": ("Place code", "Plaatscode"),
    "name_nl": ("Name (Dutch)", "Naam (Nederlands)"),
    "name_en": ("Name (English)", "Naam (Engels)"),
    "article_spellings": ("Spellings in the article", "Spellingen in het artikel"),
    "aliases": ("Other names", "Andere namen"),
    "country": ("Country", "Land"),
    "kind": ("Kind of place", "Soort plaats"),
    "initial_controller": ("Held by at the start (2014)", "In handen van bij het begin (2014)"),
    "initial_status": ("State at the start", "Toestand bij het begin"),
    "initial_basis": ("Start state based on", "Begintoestand gebaseerd op"),
    "parent_place": ("Inside place", "Ligt in plaats"),
    "lat": ("Latitude", "Breedtegraad"),
    "lon": ("Longitude", "Lengtegraad"),
    "coord_source": ("Coordinates from", "Coördinaten van"),
    "coord_precision": ("Coordinate precision", "Precisie coördinaten"),
    "coord_note": ("Note on coordinates", "Opmerking coördinaten"),
    "event_id": ("Event code", "Gebeurteniscode"),
    "date": ("Date", "Datum"),
    "date_precision": ("Date precision", "Precisie datum"),
    "date_text": ("Date as written", "Datum zoals geschreven"),
    "event_type": ("What happened", "Wat er gebeurde"),
    "actor_before": ("Held by before", "In handen van daarvoor"),
    "actor_after": ("Held by after", "In handen van daarna"),
    "status_after": ("State after", "Toestand daarna"),
    "opponent": ("Opponent", "Tegenstander"),
    "section": ("Article section", "Artikelsectie"),
    "evidence": ("The article's words", "Woorden uit het artikel"),
    "summary_en": ("Summary (English)", "Samenvatting (Engels)"),
    "summary_nl": ("Summary (Dutch)", "Samenvatting (Nederlands)"),
    "note": ("Note", "Opmerking"),
    "flag": ("Flag", "Markering"),
    "in_model": ("Used on the map", "Gebruikt op de kaart"),
    "effective_date": ("Date used on the map", "Datum gebruikt op de kaart"),
    "place_name_en": ("Place (English)", "Plaats (Engels)"),
    "place": ("Place", "Plaats"),
}
# Free text the curators wrote in English: the Dutch header says so.
ENGLISH_TEXT_COLUMNS = ("initial_basis", "coord_note", "note")
HOLDER_COLUMNS = ("initial_controller", "actor_before", "actor_after", "opponent")
# Code columns named in words by core.text.labels (the one home of code names; Explore shows the same words).
CODE_NAMES = {
    "country": country_name,
    "kind": kind_name,
    "date_precision": date_precision_name,
    "flag": flag_name,
    "coord_source": coordinate_source_name,
    "coord_precision": coordinate_precision_name,
    "in_model": yes_no_name,
}
STATUS_COLUMNS = ("initial_status", "status_after")


def header(column: str, lang: str) -> str:
    en, nl = HEADERS.get(column, (column.replace("_", " "), column.replace("_", " ")))
    return pick(lang, en, nl + (" (in het Engels)" if column in ENGLISH_TEXT_COLUMNS else ""))


def code_text(name, code: object, lang: str) -> object:
    """A code cell in words; empty cells stay empty (a spreadsheet, not a card)."""
    return name(code, lang) if isinstance(code, str) and code.strip() else code


def holder_text(code: object, lang: str, sides: Sides) -> object:
    """'Islamic State' / 'Islamitische Staat' for a holder code; other cells (empty, unknown) as they are."""
    holder = sides.get(code) if isinstance(code, str) else None
    return holder.name(lang) if holder else code


def status_text(code: object, lang: str) -> object:
    look = STATUS_LOOKS.get(code) if isinstance(code, str) else None
    return pick(lang, look.name_en, look.name_nl) if look else code


def readable(frame: pd.DataFrame, lang: str, sides: Sides) -> pd.DataFrame:
    """Holder, state, event and other codes (country, kind, precision, flag, yes/no) as words, and headers people
    understand, in `lang`."""
    shown = frame.copy()
    for column in HOLDER_COLUMNS:
        if column in shown:
            shown[column] = shown[column].map(lambda code: holder_text(code, lang, sides))
    for column in STATUS_COLUMNS:
        if column in shown:
            shown[column] = shown[column].map(lambda code: status_text(code, lang))
    for column, name in CODE_NAMES.items():
        if column in shown:
            shown[column] = shown[column].map(lambda code, name=name: code_text(name, code, lang))
    if "event_type" in shown:
        shown["event_type"] = shown["event_type"].map(lambda code: event_type_name(code, lang, sides) if isinstance(code, str) else code)
    return shown.rename(columns={column: header(column, lang) for column in shown.columns})


def holders_by_month(atlas: Atlas, lang: str, place_ids: set[str] | None = None) -> pd.DataFrame:
    """One row per place, one column per month (2014-01 ... 2019-12): who held it at the end of that month,
    with its state when not simply held ('Islamic State (contested)'); empty when nobody held it."""
    table = control_by_month(atlas)
    if place_ids is not None:
        table = table[table["place_id"].isin(place_ids)]
    cell = [
        holder_text(c, lang, atlas.sides) if s == "held" else f"{holder_text(c, lang, atlas.sides)} ({status_text(s, lang)})"
        for c, s in zip(table["controller"], table["status"], strict=True)
    ]
    wide = table.assign(cell=cell, month_key=table["month"].dt.strftime("%Y-%m")).pivot(
        index="place_id", columns="month_key", values="cell"
    )
    places = atlas.places.set_index("place_id")
    wide = wide.reindex(sorted(wide.index, key=lambda p: place_name(places.loc[p], lang).casefold())).fillna("")
    names = [place_name(places.loc[p], lang) for p in wide.index]
    wide.insert(0, pick(lang, "Country", "Land"), [country_name(places.loc[p, "country"], lang) for p in wide.index])
    wide.insert(0, pick(lang, "Place", "Plaats"), names)
    return wide.reset_index(drop=True).rename_axis(columns=None)
