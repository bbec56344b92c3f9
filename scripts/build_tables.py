"""Merge the four extraction parts (data/extraction/) into data/places.csv, events.csv and unmapped.csv.

The parts were extracted by reading the article section by section. Every curation decision applied
here is listed below with its reason, so the tables can be rebuilt and reviewed:
`python -m scripts.build_tables`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from core.text.names import LIST_SEPARATOR
from scripts.atomic import write_text_atomically

ROOT = Path(__file__).resolve().parents[1]

EXTRACTION = ROOT / "data" / "extraction"
DATA = ROOT / "data"
PART_ORDER = ("1", "2", "3", "4")  # chronological sections first: their rows are the primary ones

# Claims the article makes that contradict itself or well-known history so badly that applying them
# would draw a wrong map for years. They stay in every place history, with their note, but do not
# change control (in_model = no).
NOT_IN_MODEL = {
    "fallujah_2013_01_captured": "Dated 2013, before the timeline starts; the January 2014 capture is used.",
    "ramadi_2013_01_captured": "Dated 2013, before the timeline starts; the January 2014 fighting is used.",
    "fallujah_2014_01_retaken": "The article says IS was driven out days later; IS held Fallujah until June 2016 (article lines 118, 206).",
    "ramadi_2014_01_retaken": "The article says IS was driven out days later; Ramadi stayed contested until IS took it in May 2015.",
    "ramadi_2014_01_captured": "Line 39 says IS took Ramadi in January 2014; line 114 and 126 date its fall to May 2015, which is used.",
    "baghdad_2014_06_siege_begun": "Baghdad was never besieged and the article never lifts the 'siege'; applying it would show Baghdad besieged to 2019.",
    "fallujah_2016_05_retaken": "Line 118 says May 2016; line 206 dates the recapture to June 2016, which is used.",
    "kobani_2014_09_contested": "The sentence says who probably led IS in the battle for Kobani; it dates no fighting in the town. The cited siege (13-18 September 2014) and IS's entry into the town (6 October 2014) are used.",
}

# Offensives *towards* a place, or fighting around it, that the extraction recorded as fighting *in* it: a
# contested or besieged state would stand for months while the place itself stayed quietly held. They stay
# in the place's history as incidents (no change of control, the holder kept as actor_after); cited sources
# of the same happening then date the incident and do not drive the map either (core.model.evidence).
NOT_FIGHTING_IN = {
    "raqqa_2016_05_contested": "The SDF's May 2016 push was on the countryside north of Raqqa; it said the campaign did not include an assault on the city (Reuters, 24 May 2016).",
    "raqqa_2016_05_contested_2": "The army's June 2016 offensive started 120 km from Raqqa and never came nearer than the Tabqa area before IS drove it back (20 June 2016).",
    "raqqa_2016_06_withdrawal": "The end of the May 2016 push on the countryside north of Raqqa (see raqqa_2016_05_contested): nothing changed in the city.",
    "raqqa_2016_06_withdrawal_2": "The end of the army's June 2016 offensive towards Raqqa (see raqqa_2016_05_contested_2): nothing changed in the city.",
    "raqqa_2016_11_contested": "Operation Wrath of the Euphrates began in the countryside far north of the city (SDF statement via ANF, 5-6 November 2016); the battle for the city began on 6 June 2017.",
    "raqqa_2017_01_contested": "A general sentence ('begin 2017 werd vooral strijd gevoerd om ... Raqqa'); in early 2017 the fighting was in the countryside around the city.",
    "raqqa_2017_03_siege_begun": "Cutting the last road out of Raqqa from the north (6 March 2017) is not fighting in the city, which was fully encircled only on 29 June 2017 (cited).",
}

# Captures the article states only in general words ("the whole west and middle of the country",
# "rebels were driven out of Deir ez-Zor province"). Without them the map would show these places
# held by their 2014 holder until the article says IS lost them. Each row quotes the general phrase.
GENERAL_CAPTURES = [
    # place_id, date, precision, actor_before, evidence, section, date_text
    *[
        (
            place,
            "2014-06-01",
            "month",
            "IQ",
            "kreeg de terreurbeweging vrijwel het hele westen en midden van het land in bezit",
            "Geschiedenis > Gebeurtenissen 2014 > Opmars in het Midden-Oosten > Irak",
            "In juni 2014",
        )
        for place in ("hawija", "rawa", "qaim", "rabia")
    ],
    *[
        (
            place,
            "2014-07-01",
            "month",
            "REB",
            "Met de in Irak buitgemaakte wapens werden andere rebellen verdreven uit de provincie Deir ez-Zor.",
            "Geschiedenis > Gebeurtenissen 2014 > Opmars in het Midden-Oosten > Verspreiding van operaties en uitroepen van kalifaat",
            "",
        )
        for place in ("mayadin", "hajin", "baghuz", "susah")
    ],
    (
        "brigade_93_base",
        "2014-07-01",
        "month",
        "SY",
        "Ze slaagden erin basissen in het oosten van Syrië te veroveren",
        "Geschiedenis > Gebeurtenissen 2014 > Opmars in het Midden-Oosten > Syrië",
        "In dezelfde maand",
    ),
]

# Losses the article states only in general words. Without them places whose recapture the article
# never names would stay IS-held to 2019. (place_id, date, precision, actor_after, evidence, section, date_text, known)
IRAQ_2017 = (
    "Op 17 november volgde de inname van Rawa, waarna IS in Irak geen grotere bevolkingscentra meer in handen heeft.",
    "Geschiedenis > Gebeurtenissen 2017 > Strijd in Irak en Syrië",
    "Op 17 november",
)
SYRIA_2019 = (
    "De Syrische Democratische Krachten (SDF) melden op 23 maart de volledige vernietiging van het zogenaamde kalifaat en een 100 procent nederlaag van IS.",
    "Geschiedenis > Gebeurtenissen 2019 > Strijd in Syrië",
    "op 23 maart",
)
SYRIA_2017 = (
    "De regeringstroepen grepen het momentum aan om in Zuidoost- en Centraal-Syrië grote gebieden op IS te heroveren",
    "Geschiedenis > Gebeurtenissen 2017 > Strijd in Irak en Syrië",
    "2017",
)
GENERAL_RECAPTURES = [
    ("baiji", "2017-11-17", "day", "IQ", *IRAQ_2017, "Well-known: Iraqi forces retook Baiji in October 2015."),
    ("jalawla", "2017-11-17", "day", "IQ", *IRAQ_2017, "Well-known: Peshmerga and Iraqi militias retook Jalawla in November 2014."),
    ("saadiya", "2017-11-17", "day", "IQ", *IRAQ_2017, "Well-known: Iraqi forces and militias retook Saadiya in November 2014."),
    ("qaraqosh", "2017-11-17", "day", "IQ", *IRAQ_2017, "Well-known: Iraqi forces retook Qaraqosh in October 2016."),
    ("tal_afar", "2017-11-17", "day", "IQ", *IRAQ_2017, "Well-known: Iraqi forces retook Tal Afar in August 2017."),
    ("zumar", "2017-11-17", "day", "KRG", *IRAQ_2017, "Well-known: the Peshmerga retook Zumar in October 2014."),
    (
        "wana",
        "2017-11-17",
        "day",
        "KRG",
        *IRAQ_2017,
        "The Peshmerga retook the Mosul Dam area in 2014-2015; the exact date for Wana is not checked.",
    ),
    ("tharthar_base", "2017-11-17", "day", "IQ", *IRAQ_2017, "The actual date of recapture is not checked."),
    ("trebil", "2017-11-17", "day", "IQ", *IRAQ_2017, "The actual date of recapture is not checked."),
    ("waleed", "2017-11-17", "day", "IQ", *IRAQ_2017, "The actual date of recapture is not checked."),
    (
        "qaryatayn",
        "2017-01-01",
        "year",
        "SY",
        *SYRIA_2017,
        "Well-known: the army retook al-Qaryatayn in April 2016; IS briefly retook it in October 2017.",
    ),
    ("susah", "2019-03-23", "day", "SDF", *SYRIA_2019, "Well-known: the SDF retook al-Susah in December 2018."),
    (
        "khabur_valley",
        "2019-03-23",
        "day",
        "SDF",
        *SYRIA_2019,
        "Well-known: Kurdish and Assyrian forces retook the Khabur villages in May 2015.",
    ),
    ("tanf", "2019-03-23", "day", "REB", *SYRIA_2019, "Well-known: US-backed rebels took al-Tanf from IS in March 2016."),
]

# Initial holders corrected so the first event's 'before' side matches (basis in the note).
INITIAL_FIXES = {
    "mosul_dam": (
        "KRG",
        "held",
        "Held by the Iraqi government until June 2014, then guarded by the Peshmerga, from whom the article says IS took it (the June 2014 handover is not in the article).",
    ),
    "qaraqosh": (
        "KRG",
        "held",
        "Nineveh Plains town under Peshmerga protection when IS took it from the Kurds in August 2014 (article); the Peshmerga presence predates 2014.",
    ),
    "wana": (
        "KRG",
        "held",
        "Taken by IS 'after heavy fighting with the Kurds' (article); Peshmerga held it after the army's collapse of June 2014 (not in the article).",
    ),
    "bab": (
        "IS",
        "contested",
        "Shared by rebels and ISIS on 1 January 2014; ISIS took full control on 13 January 2014 (well-known; the article names only its loss in 2017).",
    ),
    "raqqa": (
        "REB",
        "contested",
        "Rebel-held since March 2013; ISIS was fighting the other rebels for it in early January 2014 and took it fully in mid-January 2014 (well-known); the article says only 'in 2014'.",
    ),
}

# Sites inside a town (heritage sites, a library, a university, a refinery, Baghdad's districts) follow
# their town's holder unless they have control evidence of their own; they get no territory cell.
PARENT_PLACES = {
    "baiji_refinery": "baiji",
    "bayaa": "baghdad",
    "camp_bucca": "umm_qasr",
    "green_church": "tikrit",
    "kadhimiya": "baghdad",
    "karrada": "baghdad",
    "mar_elian_monastery": "qaryatayn",
    "mari": "abu_kamal",
    "mosul_public_library": "mosul",
    "national_museum_of_iraq": "baghdad",
    "nineveh": "mosul",
    "qadam": "damascus",
    "sadr_city": "baghdad",
    "saddam_hussein_tomb": "tikrit",
    "sayyid_muhammad_shrine": "balad",
    "shaab": "baghdad",
    "temple_of_baalshamin": "palmyra",
    "temple_of_bel": "palmyra",
    "tomb_of_jonah": "mosul",
    "university_of_mosul": "mosul",
}

# Strikes and raids against IS, and other incidents, are not IS attacks: their own types.
STRIKE_OPPONENTS = {"GOV", "SY", "IQ", "TR", "KRG", "SDF"}


def read_parts(kind: str) -> pd.DataFrame:
    frames = [pd.read_csv(EXTRACTION / f"{kind}_{part}.csv", dtype=str, keep_default_na=False).assign(part=part) for part in PART_ORDER]
    return pd.concat(frames, ignore_index=True)


def union(values) -> str:
    seen = dict.fromkeys(v.strip() for cell in values for v in cell.split(LIST_SEPARATOR) if v.strip())
    return LIST_SEPARATOR.join(seen)


def merge_places(places: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, group in places.groupby("place_id", sort=True):
        first = group.iloc[0].to_dict()
        first["article_spellings"] = union(list(group["article_spellings"]) + [n for n in group["name_nl"] if n != first["name_nl"]])
        first["aliases"] = union(list(group["aliases"]) + [n for n in group["name_en"] if n != first["name_en"]])
        rows.append(first)
    merged = pd.DataFrame(rows).drop(columns="part")
    for place_id, (holder, status, basis) in INITIAL_FIXES.items():
        merged.loc[merged["place_id"] == place_id, ["initial_controller", "initial_status", "initial_basis"]] = [holder, status, basis]
    merged.loc[merged["place_id"] == "qaim", ["name_en", "kind"]] = ["Al-Qa'im", "town"]
    merged["parent_place"] = merged["place_id"].map(PARENT_PLACES).fillna("")
    return merged


def mark_restatements(events: pd.DataFrame) -> pd.DataFrame:
    """The same event told again in a later section keeps its evidence but does not count twice."""
    events = events.copy()
    events["in_model"] = "yes"
    repeated = events["event_id"].duplicated(keep="first")
    primary_section = events.drop_duplicates("event_id").set_index("event_id")["section"]
    for index in events.index[repeated]:
        event_id = events.at[index, "event_id"]
        events.at[index, "note"] = f"Restates {event_id} ({primary_section[event_id]}). " + events.at[index, "note"]
        events.at[index, "event_id"] = f"{event_id}_restated_{events.at[index, 'part']}"
        events.at[index, "in_model"] = "no"
    for event_id, reason in NOT_IN_MODEL.items():
        mask = events["event_id"] == event_id
        assert mask.any(), f"unknown event {event_id}"
        events.loc[mask, "in_model"] = "no"
        events.loc[mask, "note"] = events.loc[mask, "note"] + " Not applied to the map: " + reason
    return events


def retype_fighting_near(events: pd.DataFrame) -> pd.DataFrame:
    """NOT_FIGHTING_IN rows become incidents: the holder stays, no state changes, the note says why."""
    events = events.copy()
    for event_id, reason in NOT_FIGHTING_IN.items():
        mask = events["event_id"] == event_id
        assert mask.any(), f"unknown event {event_id}"
        events.loc[mask, ["event_type", "status_after"]] = ["incident", ""]
        events.loc[mask, "note"] = (events.loc[mask, "note"] + " Not fighting in the place (an incident here): " + reason).str.strip()
    return events


def general_row(place: pd.Series, day: str, precision: str, change: tuple[str, str, str], quote: tuple[str, str, str], note: str) -> dict:
    """An event that applies one of the article's general statements to a place it covers."""
    event_type, before, after = change
    evidence, section, date_text = quote
    name_en, name_nl = place["name_en"], place["name_nl"]
    if event_type == "captured":
        summary_en = f"IS took {name_en} as part of a wider advance the article describes in general terms."
        summary_nl = f"IS nam {name_nl} in bij een bredere opmars die het artikel in algemene termen beschrijft."
    else:
        summary_en = f"By this date IS no longer held {name_en}; the article says so only in general terms."
        summary_nl = f"Op deze datum had IS {name_nl} niet meer in handen; het artikel zegt dat alleen in algemene termen."
    return {
        "event_id": f"{place.name}_{day[:4]}_{day[5:7]}_{event_type}",
        "place_id": place.name,
        "date": day,
        "date_precision": precision,
        "date_text": date_text,
        "event_type": event_type,
        "actor_before": before,
        "actor_after": after,
        "status_after": "held",
        "opponent": "",
        "section": section,
        "evidence": evidence,
        "summary_en": summary_en,
        "summary_nl": summary_nl,
        "note": note,
        "flag": "inferred",
        "in_model": "yes",
        "part": "curation",
    }


CAPTURE_NOTE = "The article does not name this place here: its general statement is applied to it; the place's later events say IS held it."
RECAPTURE_NOTE = "The article never names the recapture of this place; its general statement is the latest date it supports. "


def general_rows(places: pd.DataFrame) -> pd.DataFrame:
    by_id = places.set_index("place_id")
    captures = [
        general_row(by_id.loc[place_id], day, precision, ("captured", before, "IS"), (evidence, section, date_text), CAPTURE_NOTE)
        for place_id, day, precision, before, evidence, section, date_text in GENERAL_CAPTURES
    ]
    recaptures = [
        general_row(by_id.loc[place_id], day, precision, ("retaken", "IS", after), (evidence, section, date_text), RECAPTURE_NOTE + known)
        for place_id, day, precision, after, evidence, section, date_text, known in GENERAL_RECAPTURES
    ]
    return pd.DataFrame(captures + recaptures)


def classify_non_is_attacks(events: pd.DataFrame) -> pd.DataFrame:
    events = events.copy()
    attacks = events["event_type"] == "attack"
    events.loc[attacks & events["opponent"].isin(STRIKE_OPPONENTS), "event_type"] = "strike"
    events.loc[attacks & (events["opponent"] == ""), "event_type"] = "incident"
    return events


def build() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    places = merge_places(read_parts("places"))
    events = retype_fighting_near(classify_non_is_attacks(mark_restatements(read_parts("events"))))
    events = pd.concat([events, general_rows(places)], ignore_index=True)
    events = events.sort_values(["date", "place_id", "part"], kind="stable").drop(columns="part")
    unmapped = read_parts("unmapped").drop(columns="part").drop_duplicates(["name"])
    return places, events, unmapped


def write_atomically(frame: pd.DataFrame, path: Path) -> None:
    write_text_atomically(path, frame.to_csv(index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n"))


def main() -> None:
    places, events, unmapped = build()
    for frame, name in ((places, "places.csv"), (events, "events.csv"), (unmapped, "unmapped.csv")):
        write_atomically(frame, DATA / name)
        print(f"wrote data/{name}: {len(frame)} rows")


if __name__ == "__main__":
    main()
