"""One place for the domain constants: states, colours, event types, date range, map views (sides: core.codes.sides
and each dataset's own declaration, data/sides.csv for the built-in atlas)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # core/codes/constants.py -> the project
DATA_DIR = PROJECT_ROOT / "data"  # the committed tables, borders and story
BASEMAP_DIR = DATA_DIR  # borders and rivers never change with the tables
GAZETTEER_FILE = DATA_DIR / "gazetteer.csv.gz"  # GeoNames extract (scripts/extract_gazetteer.py)
REGIONS_FILE = BASEMAP_DIR / "regions.geojson"  # the Kurdistan Region as a land of its own (scripts/extract_regions.py)


def tables_dir() -> Path:
    """Where the place and event tables are read from: ATLAS_DATA_DIR (tests, fixtures) or data/."""
    return Path(os.environ.get("ATLAS_DATA_DIR", DATA_DIR))


SOURCE_ARTICLE = PROJECT_ROOT.parent / "shared" / "source" / "wikipedia-nl-islamitische-staat.txt"

TIMELINE_START = date(2014, 1, 1)
TIMELINE_END = date(2019, 12, 31)

MAP_CENTER = (34.8, 40.5)
MAP_ZOOM = 6
ARTICLE_AREA_REFERENCE = (date(2015, 12, 31), 78_000)  # km², "eind 2015" in the article


# Attacks: a magenta no holder uses (Okabe-Ito has none), with a white outline.
ATTACK_COLOUR = "#E6007E"
SEA_COLOUR = "#bfe0f5"  # light blue: the sea must never look like IS territory (black, shaded grey)
LAND_COLOUR = "#f4f1ea"
FRONT_COLOUR = "#3d3d3d"  # the contested band where two holders meet in fighting (core.model.territory.active_fronts)
FRONT_WIDTH_PX = 6

STATUSES = ("held", "contested", "besieged")  # what a table may say
# Derived, never written in a table: the last evidence for a place is over a year old and the state it
# left (IS holding, or fighting going on) is not confirmed by anything later.
UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class StatusLook:
    """How a state is named and drawn: the symbol outline (core.render.symbols, core.render.rendering) and territory."""

    code: str
    name_en: str
    name_nl: str
    legend_en: str
    legend_nl: str
    territory_opacity: float
    area_weight: float  # share of a cell counted in the estimated area (a contested cell: the front runs through it)


STATUS_LOOKS: dict[str, StatusLook] = {
    s.code: s
    for s in (
        StatusLook("held", "held", "in handen", "held", "in handen", 0.28, 1.0),
        StatusLook("contested", "contested", "betwist", "contested (hollow)", "betwist (open)", 0.12, 0.5),
        StatusLook("besieged", "besieged", "belegerd", "besieged (dashed ring)", "belegerd (gestreepte ring)", 0.12, 1.0),
        StatusLook(
            UNCERTAIN,
            "uncertain",
            "onzeker",
            "uncertain: no recent news (pale, dotted)",
            "onzeker: geen recent bericht (bleek, gestippeld)",
            0.06,
            0.0,
        ),
    )
}
UNCERTAIN_AFTER_DAYS = 365
# Fighting (contested or besieged) is shown only where a solid event at the place says it went on, or that
# it ended, at most this many days away; a month further from any such word is uncertain. A quarter: a
# month-precision date may lie 45 days off, and a real battle or siege is reported far more often than that.
FIGHTING_EVIDENCE_DAYS = 90
FIGHTING_STATUSES = ("contested", "besieged")
# An article event and a cited event of the same happening "agree" when their effective dates are at
# most this far apart and they name the same new holder; otherwise the cited date drives the map.
AGREEMENT_DAYS = 31
PRECISIONS = ("day", "month", "season", "year")
EVENT_TYPES = (
    "captured",
    "retaken",
    "siege_begun",
    "siege_lifted",
    "contested",
    "withdrawal",
    "other_control",
    "attack",
    "strike",
    "incident",
)
NON_CONTROL_EVENT_TYPES = ("attack", "strike", "incident")  # attack: by IS; strike: against IS; incident: other
CONTROL_EVENT_TYPES = tuple(t for t in EVENT_TYPES if t not in NON_CONTROL_EVENT_TYPES)
FLAGS = ("contradiction", "inferred", "uncertain")
PLACE_KINDS = (
    "city",
    "town",
    "village",
    "district",
    "base",
    "dam",
    "refinery",
    "border_crossing",
    "mountain",
    "airport",
    "site",
    "region",
)
CORE_COUNTRIES = ("IQ", "SY")
BRANCH_COUNTRIES = ("LY", "EG", "AF", "PH", "NG", "YE")


@dataclass(frozen=True)
class MapView:
    """A named map view (centre and zoom) for the region selector."""

    code: str
    name_en: str
    name_nl: str
    center: tuple[float, float]
    zoom: int


MAP_VIEWS: dict[str, MapView] = {
    v.code: v
    for v in (
        MapView("core", "Iraq and Syria", "Irak en Syrië", MAP_CENTER, MAP_ZOOM),
        MapView("libya", "Libya", "Libië", (31.0, 17.0), 6),
        MapView("sinai", "Egypt (Sinai)", "Egypte (Sinaï)", (30.4, 32.8), 7),
        MapView("afghanistan", "Afghanistan and Pakistan", "Afghanistan en Pakistan", (33.8, 68.5), 6),
        MapView("world", "Attacks worldwide", "Aanslagen wereldwijd", (38.0, 20.0), 3),
    )
}
DEFAULT_MONTH = date(2014, 6, 1)
