"""Your own data: read and check an uploaded CSV, look up places without coordinates, join it with the atlas.

Pure Python on top of core.ingest.uploads; the upload page keeps the results in the user's session only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from core.codes.constants import EVENT_TYPES, PLACE_KINDS, STATUSES
from core.ingest.csv_text import MAX_UPLOAD_BYTES, UploadError, read_upload
from core.ingest.nominatim import GazetteerMatch, OnlineFailure, geocode_online
from core.ingest.uploads import NameLookup, build_upload_atlas, validate_upload
from core.model.atlas import Atlas, side_values
from core.model.tables import SOURCES_SCHEMA, Problem
from core.text.i18n import pick
from core.text.names import place_names

MODES = ("alongside", "instead")
MAX_ONLINE_LOOKUPS = 30  # Nominatim requests per click: at its 1 a second, half a minute at most
MAX_TERRITORY_PLACES = 5_000  # territory cells for more places cost seconds per month drawn
PROBLEM_COLUMNS = ["file", "row", "column", "problem", "how_to_fix"]


def _listed(codes, last_en: str) -> tuple[str, str]:
    """'IS, IQ … or GOV' / 'IS, IQ … of GOV' from a list of codes (derived: a new code needs no edit here)."""
    codes = list(codes)
    head = ", ".join(codes[:-1])
    return f"{head} {last_en} {codes[-1]}", f"{head} of {codes[-1]}"


_STATES = _listed(STATUSES, "or")
# Sides are the dataset's own: a short code (read in any case) or a name, written the same way in every row.
_HOLDERS = (
    "a side's name or code, written the same way in every row (for example Allies or IS)",
    "de naam of code van een partij, in elke regel op dezelfde manier geschreven (bijvoorbeeld Geallieerden of IS)",
)
_KINDS, _TYPES = ", ".join(PLACE_KINDS), ", ".join(EVENT_TYPES)
_EMPTY = (" (or leave it empty)", " (of laat het leeg)")
# How to fix a cell a schema check rejects, per column, in English and Dutch; the code lists come from
# core.codes.constants, so they always name what the checks accept.
_FIXES = {
    "country": ("use a two-letter country code such as IQ, SY, LY or FR", "gebruik een landcode van twee letters, zoals IQ, SY, LY of FR"),
    "kind": (f"use one of: {_KINDS}", f"gebruik een van: {_KINDS}"),
    "event_type": (f"use one of: {_TYPES}", f"gebruik een van: {_TYPES}"),
    "initial_controller": (f"use {_HOLDERS[0]}{_EMPTY[0]}", f"gebruik {_HOLDERS[1]}{_EMPTY[1]}"),
    "actor_before": (f"use {_HOLDERS[0]}{_EMPTY[0]}", f"gebruik {_HOLDERS[1]}{_EMPTY[1]}"),
    "actor_after": (f"use {_HOLDERS[0]}", f"gebruik {_HOLDERS[1]}"),
    "opponent": (f"use {_HOLDERS[0]}{_EMPTY[0]}", f"gebruik {_HOLDERS[1]}{_EMPTY[1]}"),
    "initial_status": (f"use {_STATES[0]}{_EMPTY[0]}", f"gebruik {_STATES[1]}{_EMPTY[1]}"),
    "status_after": (f"use {_STATES[0]}{_EMPTY[0]}", f"gebruik {_STATES[1]}{_EMPTY[1]}"),
    "place_id": (
        "use lowercase letters, digits and _ only, and give every place its own id",
        "gebruik alleen kleine letters, cijfers en _, en geef elke plaats een eigen id",
    ),
    "event_id": (
        "use lowercase letters, digits and _ only, and give every event its own id",
        "gebruik alleen kleine letters, cijfers en _, en geef elke gebeurtenis een eigen id",
    ),
}
GENERIC_FIXES = {column: en for column, (en, _) in _FIXES.items()}
GENERIC_FIXES_NL = {column: nl for column, (_, nl) in _FIXES.items()}
FALLBACK_FIX = "compare the cell with the expected columns above"
FALLBACK_FIX_NL = "vergelijk de cel met de verwachte kolommen hierboven"


@dataclass(frozen=True)
class ExpectedColumn:
    name: str
    required: bool
    meaning_en: str
    meaning_nl: str
    example: str


EXPECTED_COLUMNS: dict[str, tuple[ExpectedColumn, ...]] = {
    "places": (
        ExpectedColumn("name", True, "the place's name (or name_en / name_nl)", "de naam van de plaats (of name_en / name_nl)", "Nijmegen"),
        ExpectedColumn(
            "country", True, "two-letter code or name: NL, IQ, Netherlands, Iraq…", "landcode of naam: NL, IQ, Nederland, Irak…", "NL"
        ),
        ExpectedColumn(
            "lat", False, "latitude, 51.84 or 51,84; empty = look it up by name", "breedtegraad, 51.84 of 51,84; leeg = opzoeken", "51.84"
        ),
        ExpectedColumn("lon", False, "longitude, 5.85 or 5,85", "lengtegraad, 5.85 of 5,85", "5.85"),
        ExpectedColumn(
            "kind", False, "city, town, village, base, dam… (default town)", "city, town, village, base, dam… (standaard town)", "city"
        ),
        ExpectedColumn(
            "initial_controller",
            False,
            "who held it at the start: a side's code or name (IS, IQ… or your own, e.g. Allies)",
            "wie het aan het begin had: code of naam van een partij (IS, IQ… of je eigen, bijv. Geallieerden)",
            "Duitsland",
        ),
        ExpectedColumn(
            "initial_status", False, "held, contested or besieged (default held)", "held, contested of besieged (standaard held)", "held"
        ),
        ExpectedColumn(
            "place_id", False, "your own id; default: made from the name", "eigen id; standaard: gemaakt uit de naam", "nijmegen"
        ),
        ExpectedColumn("aliases", False, "other names, separated by |", "andere namen, gescheiden door |", "Nimwegen"),
    ),
    "events": (
        ExpectedColumn(
            "place", True, "a place name or place_id (yours or the atlas's)", "een plaatsnaam of place_id (van jou of de atlas)", "Nijmegen"
        ),
        ExpectedColumn(
            "date",
            True,
            "2015-05-20, 20-05-2015, '20 mei 2015', 'mei 2015', 2015",
            "2015-05-20, 20-05-2015, '20 mei 2015', 'mei 2015', 2015",
            "20-09-1944",
        ),
        ExpectedColumn(
            "event_type",
            True,
            "captured, retaken, siege_begun, contested, attack…",
            "captured, retaken, siege_begun, contested, attack…",
            "captured",
        ),
        ExpectedColumn("actor_before", False, "the side that held it before", "de partij die het eerst had", "Duitsland"),
        ExpectedColumn(
            "actor_after",
            False,
            "the side that holds it after (needed for a change of control)",
            "de partij die het daarna heeft (nodig bij een wisseling)",
            "Geallieerden",
        ),
        ExpectedColumn("status_after", False, "held, contested or besieged", "held, contested of besieged", "held"),
        ExpectedColumn("opponent", False, "besieger or attacker", "belegeraar of aanvaller", ""),
        ExpectedColumn("summary_en", False, "one sentence in English", "één zin in het Engels", "Nijmegen is liberated."),
        ExpectedColumn("summary_nl", False, "one sentence in Dutch", "één zin in het Nederlands", "Nijmegen wordt bevrijd."),
    ),
}

TEMPLATES: dict[str, str] = {
    "places": (
        "name,name_nl,country,lat,lon,kind,initial_controller,initial_status,aliases\n"
        "Mosul,Mosoel,IQ,36.34,43.13,city,IQ,held,al-Mawsil\n"
        "Kobani,Kobani,SY,,,town,SDF,held,Ayn al-Arab\n"
    ),
    "events": (
        "place,date,event_type,actor_before,actor_after,status_after,opponent,summary_en,summary_nl\n"
        "Mosoel,10 juni 2014,captured,IQ,IS,held,,IS took Mosul.,IS nam Mosoel in.\n"
        "Kobani,15-09-2014,siege_begun,SDF,SDF,besieged,IS,IS besieged Kobani.,IS belegerde Kobani.\n"
    ),
}


def template_bytes(kind: str) -> bytes:
    """A template CSV with the header and two example rows (UTF-8 with BOM, so Excel reads the accents)."""
    return TEMPLATES[kind].encode("utf-8-sig")


@dataclass(frozen=True)
class UploadResult:
    """One uploaded file: the rows that passed, a Problem per bad cell, or an error for an unreadable file."""

    kind: str
    file_name: str
    good: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    error_nl: str | None = None


def check_upload(
    raw: bytes, kind: str, file_name: str, known_places: pd.DataFrame | None = None, max_bytes: int = MAX_UPLOAD_BYTES
) -> UploadResult:
    """Read and validate an uploaded file; never raises for what is in the file."""
    try:
        frame = read_upload(raw, max_bytes=max_bytes)
    except UploadError as error:
        return UploadResult(kind, file_name, pd.DataFrame(), error=str(error), error_nl=error.nl)
    good, problems = validate_upload(frame, kind, known_places=known_places, file_name=file_name)
    return UploadResult(kind, file_name, good, problems)


def split_message(problem: Problem, lang: str = "en") -> tuple[str, str]:
    """('what is wrong', 'how to fix it') in `lang`: our messages say both, split at '; '; the schema's get a fix per column."""
    message = problem.in_language(lang)
    fixes, fallback = (GENERIC_FIXES_NL, FALLBACK_FIX_NL) if lang == "nl" else (GENERIC_FIXES, FALLBACK_FIX)
    what, _, fix = message.partition("; ")
    if fix:
        return what, fix
    if problem.found is not None and problem.column in fixes:
        return pick(lang, "{} is not accepted in '{}'", "{} is niet toegestaan in '{}'").format(problem.found, problem.column), fixes[
            problem.column
        ]
    return message, fixes.get(problem.column or "", fallback)


def problems_table(problems: Sequence[Problem], lang: str = "en") -> pd.DataFrame:
    rows = [(p.file, p.row, p.column or "", *split_message(p, lang)) for p in problems]
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def known_places(built_in: pd.DataFrame, uploaded: pd.DataFrame) -> pd.DataFrame:
    """The places an uploaded event may name: yours first (they win on the same id), then the atlas's."""
    if uploaded.empty:
        return built_in
    return pd.concat([uploaded, built_in[~built_in["place_id"].isin(uploaded["place_id"])]], ignore_index=True)


def missing_coordinates(places: pd.DataFrame) -> pd.DataFrame:
    if places.empty:
        return places
    return places[places["lat"].isna() | places["lon"].isna()]


# ---------------------------------------------------------------------------
# Looking names up: the offline gazetteer first, then Nominatim when allowed
# ---------------------------------------------------------------------------


@dataclass
class LookupWithFallback:
    """NameLookup for core.ingest.uploads.geocode_missing: offline first, then (if given) online; records what it found.

    After the first online failure (no network, rate limit) it stops asking: the next name would fail the same way.
    It sends at most `max_online` requests (Nominatim answers one a second); `progress(sent, max_online)` is
    called before each, so the page can show it (and a rerun there cancels the rest).
    """

    offline: NameLookup | None
    online: Callable[[str, str], object] | None = None
    max_online: int = MAX_ONLINE_LOOKUPS
    progress: Callable[[int, int], None] | None = None
    found: dict[tuple[tuple[str, ...], str], GazetteerMatch] = field(default_factory=dict)
    failures: list[OnlineFailure] = field(default_factory=list)
    sent: int = 0
    not_sent: int = 0  # places that needed an online lookup after the limit was reached

    def lookup(self, names: Sequence[str], country: str):
        match = self.offline.lookup(names, country) if self.offline is not None else None
        if match is None:
            match = self._online(names, country)
        if match is not None:
            self.found[(tuple(names), country)] = match
        return match

    def _online(self, names: Sequence[str], country: str) -> GazetteerMatch | None:
        if self.online is not None and names and self.sent >= self.max_online:
            self.not_sent += 1
            return None
        for name in names if self.online is not None else ():
            if self.sent >= self.max_online:
                return None
            if self.progress is not None:
                self.progress(self.sent, self.max_online)
            self.sent += 1
            outcome = geocode_online(self.online, name, country)
            if isinstance(outcome, OnlineFailure):
                self.failures.append(outcome)
                self.online = None
                return None
            if outcome is not None:
                return outcome
        return None


def lookup_results(located: pd.DataFrame, lookup: LookupWithFallback) -> pd.DataFrame:
    """For confirmation: name, country, the name it matched, lat/lon and source of every looked-up place."""
    rows = []
    for place in located[located["coord_source"] != "upload"].to_dict("records"):
        match = lookup.found.get((tuple(place_names(place)), place["country"]))
        rows.append(
            {
                "name": place["name_en"],
                "country": place["country"],
                "matched_name": match.matched_name if match else "",
                "lat": place["lat"],
                "lon": place["lon"],
                "source": place["coord_source"],
            }
        )
    return pd.DataFrame(rows, columns=["name", "country", "matched_name", "lat", "lon", "source"])


# ---------------------------------------------------------------------------
# Your data with (or instead of) the atlas
# ---------------------------------------------------------------------------


def _raw_events(events: pd.DataFrame) -> pd.DataFrame:
    """Atlas events (or cited sources) back in the shape of their CSV (ISO date text), so they join uploaded ones."""
    return events.drop(columns=["file_order", "effective_date"], errors="ignore").assign(date=events["date"].dt.strftime("%Y-%m-%d"))


def combined_atlas(built_in: Atlas, located: pd.DataFrame, events: pd.DataFrame, mode: str) -> Atlas:
    """Your located places and events alongside the atlas, or instead of it.

    alongside: every atlas place and event plus yours (your place replaces an atlas place with the same id).
    instead:   your places and events only, plus the atlas places your events name (without their events).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    own_ids = set(located["place_id"]) if not located.empty else set()
    atlas_places = built_in.places[~built_in.places["place_id"].isin(own_ids)]
    sources = None
    if mode == "alongside":
        base_events = _raw_events(built_in.events)
        sources = _raw_events(built_in.sources)[list(SOURCES_SCHEMA.columns)]
    else:
        named = set(events["place_id"]) if not events.empty else set()
        atlas_places = atlas_places[atlas_places["place_id"].isin(named)]
        base_events = _raw_events(built_in.events.iloc[0:0])
    places = pd.concat([located, atlas_places], ignore_index=True) if not located.empty else atlas_places.reset_index(drop=True)
    all_events = pd.concat([base_events, events], ignore_index=True) if not events.empty else base_events
    # Alongside, the atlas's sides as declared; instead, only those your data uses (yours get the first free looks).
    sides = built_in.sides if mode == "alongside" else built_in.sides.only(side_values(places, all_events))
    return build_upload_atlas(places.fillna({"coord_note": ""}), all_events.fillna(""), sources, sides)
