"""The Atlas: places (with coordinates) and events, loaded, validated and cross-checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.codes.constants import CONTROL_EVENT_TYPES, tables_dir
from core.codes.dates import effective_date
from core.codes.sides import Sides, declared_sides, derive_sides
from core.model.evidence import apply_evidence, relate_sources
from core.model.tables import (
    EVENTS_SCHEMA,
    GEOCODES_SCHEMA,
    OVERRIDES_SCHEMA,
    PLACES_SCHEMA,
    SIDES_SCHEMA,
    SOURCES_SCHEMA,
    SUPPORTING_PLACES_SCHEMA,
    DataError,
    Problem,
    read_csv_text,
    records,
    validate_frame,
)

PLACES_FILE = "places.csv"
EVENTS_FILE = "events.csv"
GEOCODED_FILE = "geocoded.csv"
OVERRIDES_FILE = "geocode_overrides.csv"
SOURCES_FILE = "sources.csv"
SUPPORTING_FILE = "supporting_places.csv"
SIDES_FILE = "sides.csv"
SIDE_COLUMNS = {"places": ("initial_controller",), "events": ("actor_before", "actor_after", "opponent")}


@dataclass(frozen=True)
class Atlas:
    """The validated tables, read-only once built.

    places: one row per place with lat/lon and the initial state the map uses, the article's places and the supporting
    places (`in_article` False: named only by the cited sources, data/supporting_places.csv); events: the article's
    events sorted by effective date; sources: cited published dates, each related to the article's event;
    timeline: the control events the map follows (core.model.evidence decides which evidence drives);
    sides: who can hold a place, with their names, colours and shapes, and the side the data follows.
    """

    places: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    timeline: pd.DataFrame
    sides: Sides

    @property
    def control_events(self) -> pd.DataFrame:
        """The control timeline the map follows (article events, or cited ones where they differ)."""
        return self.timeline


def load_atlas(data_dir: Path | None = None) -> Atlas:
    """Read, validate and join the tables (data/ unless given); raise DataError listing every problem."""
    data_dir = data_dir or tables_dir()
    article, place_problems = validate_frame(read_csv_text(data_dir / PLACES_FILE), PLACES_SCHEMA, PLACES_FILE)
    supporting, supporting_problems = load_supporting_places(data_dir)
    events, event_problems = validate_frame(read_csv_text(data_dir / EVENTS_FILE), EVENTS_SCHEMA, EVENTS_FILE)
    coordinates, coordinate_problems = load_coordinates(data_dir)
    sources, source_problems = load_sources(data_dir)
    sides, side_problems = load_sides(data_dir)
    places = combine_places(article, supporting)
    problems = place_problems + supporting_problems + event_problems + coordinate_problems + source_problems + side_problems
    if sides is not None:
        problems += undeclared_side_problems(
            sides, {PLACES_FILE: article, SUPPORTING_FILE: supporting, EVENTS_FILE: events, SOURCES_FILE: sources}
        )
    problems += unknown_place_problems(events, article, EVENTS_FILE)
    problems += unknown_place_problems(sources, places, SOURCES_FILE)
    problems += missing_coordinate_problems(article, coordinates)
    problems += missing_coordinate_problems(supporting, coordinates, SUPPORTING_FILE)
    problems += supporting_place_problems(article, supporting, sources)
    if problems:
        raise DataError(problems)
    return build_atlas(places, events, coordinates, sources, sides)


def load_supporting_places(data_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The places only the cited sources name (optional file: an atlas without it has the article's places alone)."""
    path = data_dir / SUPPORTING_FILE
    if not path.exists():
        return pd.DataFrame(columns=list(SUPPORTING_PLACES_SCHEMA.columns), dtype=str), []
    return validate_frame(read_csv_text(path), SUPPORTING_PLACES_SCHEMA, SUPPORTING_FILE)


def combine_places(article: pd.DataFrame, supporting: pd.DataFrame) -> pd.DataFrame:
    """One places frame: the article's places (in_article True), then the supporting ones (False, no article spellings,
    no parent place); the model, the map and search treat both alike."""
    named = article.assign(in_article=True)
    extra = supporting.assign(article_spellings="", parent_place="", in_article=False)
    if extra.empty:
        return named
    return pd.concat([named, extra[[c for c in extra.columns if c in named.columns or c == "role"]]], ignore_index=True).fillna(
        {"role": ""}
    )


def supporting_place_problems(article: pd.DataFrame, supporting: pd.DataFrame, sources: pd.DataFrame) -> list[Problem]:
    """A supporting place must not be an article place too, and must have at least one cited date in sources.csv."""
    named, cited = set(article["place_id"]), set(sources["place_id"])
    problems = []
    for index, place in supporting["place_id"].items():
        if place in named:
            problems.append(
                Problem(
                    SUPPORTING_FILE,
                    int(index) + 2,
                    "place_id",
                    f"'{place}' is in places.csv too: the article names it, so remove it here",
                    f"'{place}' staat ook in places.csv: het artikel noemt de plaats, verwijder hem hier",
                )
            )
        elif place not in cited:
            problems.append(
                Problem(
                    SUPPORTING_FILE,
                    int(index) + 2,
                    "place_id",
                    f"'{place}' has no cited date in {SOURCES_FILE}; a supporting place needs at least one",
                    f"'{place}' heeft geen bronvermelde datum in {SOURCES_FILE}; een ondersteunende plaats heeft er minstens één nodig",
                )
            )
    return problems


def build_atlas(
    places: pd.DataFrame,
    events: pd.DataFrame,
    coordinates: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    sides: Sides | None = None,
) -> Atlas:
    """Join validated frames into an Atlas (also used for uploaded data, which has no cited sources); sides
    not declared are taken from the values the tables use (core.codes.sides.derive_sides)."""
    placed = places.merge(coordinates, on="place_id", how="inner")
    # Uploaded places (on their own or beside the atlas's) are the user's own, none is a supporting place.
    in_article = placed["in_article"] if "in_article" in placed else pd.Series(True, index=placed.index)
    placed["in_article"] = in_article.fillna(True).astype(bool)
    typed_events = prepare_events(events[events["place_id"].isin(placed["place_id"])])
    cited = prepare_dates(empty_sources() if sources is None else sources[sources["place_id"].isin(placed["place_id"])])
    sides = derive_sides(side_values(placed, typed_events, cited), sides, focus=first_taker(typed_events))
    related = relate_sources(cited, typed_events, sides.focus)
    placed = fill_initial_state(placed, typed_events)
    model_places, timeline = apply_evidence(placed, typed_events, related)
    return Atlas(places=model_places.reset_index(drop=True), events=typed_events, sources=related, timeline=timeline, sides=sides)


def side_values(places: pd.DataFrame, *event_frames: pd.DataFrame) -> list[str]:
    """Every side code the tables use, in order of first use (initial holders first)."""
    values = list(places["initial_controller"]) if "initial_controller" in places else []
    for frame in event_frames:
        for column in SIDE_COLUMNS["events"]:
            if column in frame:
                values += list(frame[column])
    return list(dict.fromkeys(v for v in values if isinstance(v, str) and v))


def first_taker(events: pd.DataFrame) -> str | None:
    """The side a dataset without a declared focus follows: who takes places in its 'captured' events."""
    taken = events.loc[events["event_type"] == "captured", "actor_after"] if "actor_after" in events else pd.Series(dtype=str)
    taken = taken[taken != ""]
    return str(taken.mode().iloc[0]) if not taken.empty else None


def load_sides(data_dir: Path) -> tuple[Sides | None, list[Problem]]:
    """The dataset's declared sides (optional file: without it they are taken from the values used)."""
    path = data_dir / SIDES_FILE
    if not path.exists():
        return None, []
    good, problems = validate_frame(read_csv_text(path), SIDES_SCHEMA, SIDES_FILE)
    return declared_sides(records(good)), problems


def undeclared_side_problems(sides: Sides, frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """A side a table uses that sides.csv does not declare (a typo, or a side to add there)."""
    problems = []
    for file_name, frame in frames.items():
        for column in (*SIDE_COLUMNS["places"], *SIDE_COLUMNS["events"]):
            if column not in frame:
                continue
            for index, value in frame[column].items():
                if value and value not in sides:
                    problems.append(
                        Problem(
                            file_name,
                            int(index) + 2,
                            column,
                            f"unknown side '{value}'; declare it in {SIDES_FILE} or fix the code",
                            f"onbekende partij '{value}'; zet hem in {SIDES_FILE} of verbeter de code",
                            repr(value),
                        )
                    )
    return problems


def with_events(atlas: Atlas, events: pd.DataFrame) -> Atlas:
    """The same atlas with other (already prepared) article events: relations and timeline rebuilt."""
    related = relate_sources(atlas.sources, events, atlas.sides.focus)
    places, timeline = apply_evidence(atlas.places, events, related)
    return Atlas(places=places, events=events, sources=related, timeline=timeline, sides=atlas.sides)


def empty_sources() -> pd.DataFrame:
    return pd.DataFrame(columns=list(SOURCES_SCHEMA.columns), dtype=str)


def load_sources(data_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Cited published dates (optional file: an atlas without it follows the article alone)."""
    path = data_dir / SOURCES_FILE
    if not path.exists():
        return empty_sources(), []
    return validate_frame(read_csv_text(path), SOURCES_SCHEMA, SOURCES_FILE)


def load_coordinates(data_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Manual overrides win over the geocoder's committed results."""
    frames, problems = [], []
    for file_name, schema, default_source in ((OVERRIDES_FILE, OVERRIDES_SCHEMA, "manual"), (GEOCODED_FILE, GEOCODES_SCHEMA, None)):
        path = data_dir / file_name
        if not path.exists():
            continue
        good, found = validate_frame(read_csv_text(path), schema, file_name)
        problems += found
        frames.append(normalise_coordinates(good, default_source))
    if not frames:
        return pd.DataFrame(columns=["place_id", "lat", "lon", "coord_source", "coord_precision", "coord_note"]), problems
    merged = pd.concat(frames, ignore_index=True).drop_duplicates("place_id", keep="first")
    return merged, problems


def normalise_coordinates(frame: pd.DataFrame, default_source: str | None) -> pd.DataFrame:
    """Uniform coordinate columns from either the overrides or the geocoder output."""
    source = frame["source"] if "source" in frame else pd.Series(default_source, index=frame.index)
    note = frame.get("source_note", frame.get("note", pd.Series("", index=frame.index)))
    return pd.DataFrame(
        {
            "place_id": frame["place_id"],
            "lat": frame["lat"].astype(float),
            "lon": frame["lon"].astype(float),
            "coord_source": source.fillna(default_source or "") if default_source else source,
            "coord_precision": frame["precision"].replace("", "unknown"),
            "coord_note": note,
        }
    )


def unknown_place_problems(events: pd.DataFrame, places: pd.DataFrame, file_name: str) -> list[Problem]:
    known = set(places["place_id"])
    both = file_name == SOURCES_FILE
    known_in = f"{PLACES_FILE} or {SUPPORTING_FILE}" if both else PLACES_FILE
    known_in_nl = f"{PLACES_FILE} of {SUPPORTING_FILE}" if both else PLACES_FILE
    return [
        Problem(
            file_name,
            int(index) + 2,
            "place_id",
            f"unknown place '{place}'; add it to {known_in} or fix the id",
            f"onbekende plaats '{place}'; voeg hem toe aan {known_in_nl} of verbeter de id",
        )
        for index, place in events["place_id"].items()
        if place not in known
    ]


def missing_coordinate_problems(places: pd.DataFrame, coordinates: pd.DataFrame, file_name: str = PLACES_FILE) -> list[Problem]:
    located = set(coordinates["place_id"])
    return [
        Problem(
            file_name,
            int(index) + 2,
            "place_id",
            f"'{place}' has no coordinates; run `make geocode` or add it to {OVERRIDES_FILE}",
            f"'{place}' heeft geen coördinaten; draai `make geocode` of voeg hem toe aan {OVERRIDES_FILE}",
        )
        for index, place in places["place_id"].items()
        if place not in located
    ]


def prepare_events(events: pd.DataFrame) -> pd.DataFrame:
    """Typed dates, the effective date the model uses, and a stable order (effective date, file order)."""
    typed = prepare_dates(events)
    typed["in_model"] = typed["in_model"].replace("", "yes") if "in_model" in typed else "yes"
    return typed.sort_values(["effective_date", "file_order"], kind="stable").reset_index(drop=True)


def prepare_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """`date` as a timestamp, the `effective_date` the model uses, and the file order."""
    typed = frame.copy()
    typed["file_order"] = range(len(typed))
    typed["date"] = pd.to_datetime(typed["date"], format="%Y-%m-%d")
    typed["effective_date"] = pd.to_datetime(
        [effective_date(d.date(), p) for d, p in zip(typed["date"], typed["date_precision"], strict=True)]
    )
    return typed


def fill_initial_state(places: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Places abroad have no stated initial holder: take the first control event's 'before' side."""
    filled = places.copy()
    control = events[events["event_type"].isin(CONTROL_EVENT_TYPES) & (events["actor_before"] != "") & (events["in_model"] != "no")]
    first_before = control.drop_duplicates("place_id", keep="first").set_index("place_id")["actor_before"]
    missing = filled["initial_controller"] == ""
    derived = filled.loc[missing, "place_id"].map(first_before).fillna("")
    filled.loc[missing, "initial_controller"] = derived
    filled.loc[missing & (derived != ""), "initial_status"] = "held"
    filled.loc[missing & (derived != ""), "initial_basis"] = "derived: the side that held it before its first event"
    return filled
