"""The control model on the fixture atlas: holders on dates, several changes of hands, approximate dates."""

from datetime import date

import pandas as pd
import pytest

from core.codes.constants import FIGHTING_STATUSES
from core.codes.dates import format_month_key, timeline_months
from core.codes.sides import derive_sides
from core.model.atlas import Atlas, load_atlas, prepare_dates, prepare_events
from core.model.control import (
    changes_between,
    classify_change,
    control_by_month,
    control_in_month,
    control_on,
    events_in_month,
    inconsistent_sequences,
    is_held_counts_by_month,
    place_history,
    place_state,
)
from core.model.evidence import apply_evidence, relate_sources
from core.model.provenance import state_text
from core.model.spells import rests_on_text, state_spells
from core.render.timeline_payload import build_timeline, shown_at, style_table
from tests.cited import cited_row


def holder(atlas, place_id, day):
    state = control_on(atlas, day).set_index("place_id")
    return f"{state.loc[place_id, 'controller']}/{state.loc[place_id, 'status']}"


@pytest.mark.parametrize(
    ("place_id", "day", "expected"),
    [
        ("mosul", date(2014, 1, 1), "IQ/held"),
        ("mosul", date(2014, 6, 9), "IQ/held"),
        ("mosul", date(2014, 6, 10), "IS/held"),
        ("mosul", date(2016, 10, 17), "IS/contested"),
        ("mosul", date(2017, 7, 10), "IQ/held"),
        # Palmyra changed hands four times
        ("palmyra", date(2015, 5, 20), "SY/held"),
        ("palmyra", date(2015, 5, 21), "IS/held"),
        ("palmyra", date(2016, 3, 27), "SY/held"),
        ("palmyra", date(2016, 12, 11), "IS/held"),
        ("palmyra", date(2017, 3, 2), "SY/held"),
        # Fallujah: month precision (January 2014) counts from the 15th
        ("fallujah", date(2014, 1, 14), "IQ/held"),
        ("fallujah", date(2014, 1, 15), "IS/held"),
        ("fallujah", date(2016, 6, 26), "IQ/held"),
        # Abu Kamal: season (summer 2014) from 15 July; year (2017) from 1 July
        ("abu_kamal", date(2014, 7, 14), "REB/held"),
        ("abu_kamal", date(2014, 7, 15), "IS/held"),
        ("abu_kamal", date(2017, 6, 30), "IS/held"),
        ("abu_kamal", date(2017, 7, 1), "SY/held"),
        # Kobani: besieged, then held again
        ("kobani", date(2014, 10, 1), "SDF/besieged"),
        ("kobani", date(2015, 2, 1), "SDF/held"),
    ],
)
def test_control_on_date(fixture_atlas, place_id, day, expected):
    assert holder(fixture_atlas, place_id, day) == expected


def test_places_without_a_holder_are_not_in_the_control_table(fixture_atlas):
    assert "paris" not in set(control_on(fixture_atlas, date(2016, 1, 1))["place_id"])


def test_month_state_is_the_state_at_month_end(fixture_atlas):
    state = control_in_month(fixture_atlas, date(2014, 6, 1)).set_index("place_id")
    assert state.loc["mosul", "controller"] == "IS"
    assert state.loc["mosul", "last_event_id"] == "mosul_2014_06_captured"


def test_attacks_never_change_control(fixture_atlas):
    before = control_on(fixture_atlas, date(2015, 11, 12))
    after = control_on(fixture_atlas, date(2015, 11, 14))
    pd.testing.assert_frame_equal(before[["place_id", "controller"]], after[["place_id", "controller"]])


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [(True, True, "held"), (False, True, "gained"), (True, False, "lost"), (False, False, "never")],
)
def test_classify_change(before, after, expected):
    assert classify_change(pd.Series([before]), pd.Series([after])).iloc[0] == expected


def test_changes_between_two_dates(fixture_atlas):
    changes = changes_between(fixture_atlas, date(2014, 5, 31), date(2015, 6, 30)).set_index("place_id")
    assert changes["change"].to_dict() == {
        "abu_kamal": "gained",
        "fallujah": "held",
        "kobani": "never",
        "mosul": "gained",
        "palmyra": "gained",
    }
    assert not changes.loc["kobani", "changed_hands"]


def test_events_in_month_use_effective_dates(fixture_atlas):
    assert list(events_in_month(fixture_atlas, date(2014, 7, 1))["event_id"]) == ["abu_kamal_2014_summer"]
    assert events_in_month(fixture_atlas, date(2014, 6, 1))["event_id"].tolist() == ["mosul_2014_06_captured"]


def test_place_history_is_in_order(fixture_atlas):
    history = place_history(fixture_atlas, "palmyra")
    assert history["event_type"].tolist() == ["captured", "retaken", "captured", "retaken"]


def test_fixture_sequences_are_consistent(fixture_atlas):
    assert inconsistent_sequences(fixture_atlas).empty


def test_is_held_counts(fixture_atlas):
    counts = is_held_counts_by_month(fixture_atlas).set_index("month")
    assert counts.loc[pd.Timestamp(2014, 1, 1), "all"] == 1
    assert counts.loc[pd.Timestamp(2015, 6, 1), "all"] == 4
    assert counts.loc[pd.Timestamp(2019, 12, 1), "all"] == 0


def test_all_months_at_once_match_month_by_month(fixture_atlas):
    table = control_by_month(fixture_atlas)
    for month in timeline_months()[::7]:
        one = control_in_month(fixture_atlas, month)
        many = table[table["month"] == pd.Timestamp(month)].drop(columns="month").reset_index(drop=True)
        pd.testing.assert_frame_equal(one, many)


# ---------------------------------------------------------------------------
# States end: fighting (contested, besieged) stands only while a solid event says it went on
# ---------------------------------------------------------------------------

FIGHT_START = date(2016, 3, 1)  # a cited source: fighting began in the town (day precision)


def _row(event_id, day, kind, before, after, status, precision="day", flag=""):
    return {
        "event_id": event_id,
        "place_id": "town",
        "date": day,
        "date_precision": precision,
        "event_type": kind,
        "actor_before": before,
        "actor_after": after,
        "status_after": status,
        "opponent": "IS",
        "note": "",
        "flag": flag,
        "in_model": "yes",
    }


def _cited(source_id, day, kind, before, after, status, linked=""):
    return cited_row(source_id, "town", day, kind, before, after, status, linked)


def _town_atlas(article_rows, cited_rows):
    places = pd.DataFrame([{"place_id": "town", "initial_controller": "SDF", "initial_status": "held", "parent_place": ""}])
    events = prepare_events(pd.DataFrame(article_rows, columns=list(_row("x", "2014-01-01", "", "", "", "").keys())))
    sources = relate_sources(
        prepare_dates(pd.DataFrame(cited_rows, columns=list(_cited("x", "2014-01-01", "", "", "", "").keys()))), events, "IS"
    )
    model_places, timeline = apply_evidence(places, events, sources)
    sides = derive_sides(["SDF", "IS"], focus="IS")
    return Atlas(places=model_places, events=events, sources=sources, timeline=timeline, sides=sides)


START = _cited("start", "2016-03-01", "contested", "SDF", "SDF", "contested")
LATER = _cited("later", "2016-05-20", "contested", "SDF", "SDF", "contested")  # 80 days on: the fight went on
ENDED = _cited("ended", "2016-04-10", "retaken", "SDF", "SDF", "held")
INFERRED_LATER = _row("town_2016_05_contested", "2016-05-20", "contested", "SDF", "SDF", "contested", flag="inferred")


@pytest.mark.parametrize(
    ("case", "article", "cited", "day", "expected"),
    [
        ("fighting stands for 90 days", [], [START], date(2016, 5, 30), "SDF/contested"),
        ("day 91 without continuing evidence", [], [START], date(2016, 5, 31), "SDF/uncertain"),
        ("a year on, still uncertain, never contested", [], [START], date(2017, 3, 1), "SDF/uncertain"),
        ("a cited source says it went on", [], [START, LATER], date(2016, 8, 18), "SDF/contested"),
        ("90 days after that source", [], [START, LATER], date(2016, 8, 19), "SDF/uncertain"),
        ("an inferred article row confirms nothing", [INFERRED_LATER], [START], date(2016, 6, 30), "SDF/uncertain"),
        (
            "unless a cited source agrees with it",
            [INFERRED_LATER],
            [START, {**LATER, "article_event_id": INFERRED_LATER["event_id"]}],
            date(2016, 6, 30),
            "SDF/contested",
        ),
        ("a cited end returns the place to its holder", [], [START, ENDED], date(2016, 4, 10), "SDF/held"),
        ("and it stays held", [], [START, ENDED], date(2019, 12, 31), "SDF/held"),
    ],
)
def test_a_fight_lasts_as_long_as_evidence_says(case, article, cited, day, expected):
    assert holder(_town_atlas(article, cited), "town", day) == expected, case


CAPTURED = _cited("captured", "2015-04-25", "captured", "SDF", "IS", "held")
GENERAL_END = _row("town_2017_11_retaken", "2017-11-17", "retaken", "IS", "SDF", "held", flag="inferred")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2016, 3, 31), "IS/held"),  # under a year since the cited capture
        (date(2016, 6, 30), "IS/uncertain"),  # over a year, and nothing solid since
        (date(2017, 11, 16), "IS/uncertain"),  # the inferred article row confirms nothing before its date
        (date(2017, 12, 31), "SDF/held"),  # but it still changes the holder when its date comes
    ],
)
def test_an_is_state_no_evidence_confirms_for_a_year_is_uncertain(day, expected):
    """The Tharthar base's history before a cited recapture was found (round 20): IS took it in April 2015
    (cited) and only the article's general statement of November 2017 (inferred) said it changed again."""
    assert holder(_town_atlas([GENERAL_END], [CAPTURED]), "town", day) == expected


def test_an_article_month_confirmed_by_a_dated_source_orders_by_the_source_date():
    """Kobani, June 2015: the article's 'June' end of the raid (the 15th) came before the cited raid of the
    25th and left the town contested for four years; the cited 27 June end dates it."""
    month_end = _row("town_2016_06_retaken", "2016-06-01", "retaken", "SDF", "SDF", "held", precision="month", flag="contradiction")
    raid = _cited("raid", "2016-06-25", "contested", "SDF", "SDF", "contested")
    end = _cited("end", "2016-06-27", "retaken", "SDF", "SDF", "held", linked="town_2016_06_retaken")
    atlas = _town_atlas([month_end], [raid, end])
    assert atlas.timeline[["event_id", "date", "basis", "cited"]].values.tolist() == [
        ["raid", pd.Timestamp("2016-06-25"), "source", "yes"],
        ["town_2016_06_retaken", pd.Timestamp("2016-06-27"), "article", "yes"],
    ]
    assert holder(atlas, "town", date(2016, 6, 30)) == "SDF/held"


def test_a_source_of_an_offensive_towards_a_place_stays_off_the_map():
    """An article row curated as an incident (scripts/build_tables.py NOT_FIGHTING_IN) keeps its cited source
    as a date in the history, but the source does not make the place contested."""
    towards = _row("town_2016_11_contested", "2016-11-06", "incident", "SDF", "SDF", "")
    cited = _cited("push", "2016-11-06", "contested", "SDF", "SDF", "contested", linked="town_2016_11_contested")
    atlas = _town_atlas([towards], [cited])
    assert atlas.timeline.empty
    assert holder(atlas, "town", date(2016, 11, 30)) == "SDF/held"


# ---------------------------------------------------------------------------
# The committed data: the states the cited sources give, month by month (state at the end of the month)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.fixture(scope="module")
def months_table(atlas):
    return control_by_month(atlas)


# (place, month, holder, status, the event the state rests on, its basis)
STATES_BY_MONTH = [
    # Kobani: besieged September 2014, IS in the town from 6 October, held again 26 January 2015; the raid of
    # 25 June 2015 ended on the 27th, so the town is held from then to the deployment of October 2019.
    ("kobani", "2014-08", "SDF", "held", "", "initial"),
    ("kobani", "2014-09", "SDF", "besieged", "kobani_2014_09_siege_begun", "article"),
    ("kobani", "2014-10", "SDF", "contested", "kobani_2014_10_contested", "article"),
    ("kobani", "2014-12", "SDF", "contested", "kobani_2014_10_contested", "article"),
    ("kobani", "2015-01", "SDF", "held", "kobani_2015_01_siege_lifted", "article"),
    ("kobani", "2015-06", "SDF", "held", "kobani_2015_06_retaken", "article"),
    ("kobani", "2017-06", "SDF", "held", "kobani_2015_06_retaken", "article"),
    ("kobani", "2019-09", "SDF", "held", "kobani_2015_06_retaken", "article"),
    ("kobani", "2019-10", "SDF", "held", "kobani_20191016_other_control", "source"),
    # Tell Abyad: fighting in January 2014 (then nothing said until the SDF took it), SDF from June 2015 (the
    # raid of 30 June ended on 1 July, the assault of 27 February 2016 on the 28th) until Turkey, October 2019.
    ("tell_abyad", "2014-01", "IS", "contested", "tell_abyad_20140106_contested", "source"),
    ("tell_abyad", "2014-04", "IS", "uncertain", "tell_abyad_20140106_contested", "source"),
    ("tell_abyad", "2015-06", "SDF", "contested", "tell_abyad_20150630_contested", "source"),
    ("tell_abyad", "2015-07", "SDF", "held", "tell_abyad_20150701_retaken", "source"),
    ("tell_abyad", "2016-02", "SDF", "held", "tell_abyad_20160228_retaken", "source"),
    ("tell_abyad", "2018-06", "SDF", "held", "tell_abyad_20160228_retaken", "source"),
    ("tell_abyad", "2019-09", "SDF", "held", "tell_abyad_20160228_retaken", "source"),
    ("tell_abyad", "2019-10", "TR", "held", "tell_abyad_20191013_other_control", "source"),
    # Raqqa: IS-held from 14 January 2014; the offensives towards it (2016, early 2017) are not fighting in it;
    # the battle for the city from 6 June 2017, fully encircled from 29 June, still going on in August; SDF 17 October.
    ("raqqa", "2014-01", "IS", "held", "raqqa_20140114_captured_2", "source"),
    ("raqqa", "2016-05", "IS", "held", "raqqa_20140114_captured_2", "source"),
    ("raqqa", "2016-11", "IS", "held", "raqqa_20140114_captured_2", "source"),
    ("raqqa", "2017-03", "IS", "held", "raqqa_20140114_captured_2", "source"),
    ("raqqa", "2017-05", "IS", "held", "raqqa_20140114_captured_2", "source"),
    ("raqqa", "2017-06", "IS", "besieged", "raqqa_20170629_siege_begun", "source"),
    ("raqqa", "2017-08", "IS", "besieged", "raqqa_20170823_contested", "source"),
    ("raqqa", "2017-09", "IS", "besieged", "raqqa_20170823_contested", "source"),
    ("raqqa", "2017-10", "SDF", "held", "raqqa_2017_10_retaken", "article"),
    # al-Qaryatayn: IS August 2015, army April 2016; IS's brief retaking of October 2017 ended on the 21st.
    ("qaryatayn", "2015-08", "IS", "held", "qaryatayn_2015_08_captured", "article"),
    ("qaryatayn", "2016-04", "SY", "held", "qaryatayn_20160403_retaken", "source"),
    ("qaryatayn", "2017-09", "SY", "held", "qaryatayn_20160403_retaken", "source"),
    ("qaryatayn", "2017-10", "SY", "held", "qaryatayn_20171021_retaken", "source"),
]


def test_places_show_the_states_the_sources_give_month_by_month(months_table):
    months = pd.to_datetime([f"{month}-01" for _, month, *_ in STATES_BY_MONTH])
    keys = pd.DataFrame({"place_id": [row[0] for row in STATES_BY_MONTH], "month": months})
    shown = keys.merge(months_table, on=["place_id", "month"], how="left")
    columns = ["place_id", "month", "controller", "status", "last_event_id", "basis"]
    rows = [(p, f"{m:%Y-%m}", c, s, e, b) for p, m, c, s, e, b in shown[columns].itertuples(index=False)]
    assert rows == STATES_BY_MONTH


def test_is_retook_qaryatayn_for_three_weeks_in_october_2017(atlas):
    timeline = atlas.timeline[atlas.timeline["place_id"] == "qaryatayn"]
    october = timeline[timeline["date"].between("2017-10-01", "2017-10-31")]
    assert october[["event_id", "event_type", "actor_before", "actor_after", "status_after", "basis"]].values.tolist() == [
        ["qaryatayn_20171001_captured", "captured", "SY", "IS", "held", "source"],
        ["qaryatayn_20171021_retaken", "retaken", "IS", "SY", "held", "source"],
    ]
    assert holder(atlas, "qaryatayn", date(2017, 10, 10)) == "IS/held"


def test_no_long_fight_rests_on_one_old_event(atlas):
    """Every contested or besieged spell of six months or more rests on at least two solid events (cited, or
    the article's own not inferred), so no month is more than FIGHTING_EVIDENCE_DAYS from its evidence."""
    spells = state_spells(atlas, FIGHTING_STATUSES)
    long = spells[(spells["months"] >= 6) & ~spells["site"]]
    assert not long.empty  # Deir ez-Zor's siege and the battle of Mosul
    for spell in long.itertuples():
        solid = [event_id for event_id, kind in spell.rests_on if kind in ("cited", "article", "article, cited")]
        assert len(solid) >= 2, f"{spell.place_id} {spell.status} {spell.first:%Y-%m}..{spell.last:%Y-%m}: {rests_on_text(spell.rests_on)}"


@pytest.mark.parametrize("place_id", ["kobani", "tell_abyad", "raqqa", "qaryatayn", "deir_ez_zor", "mosul", "tomb_of_jonah"])
def test_the_card_and_the_map_say_the_same_for_every_month(atlas, months_table, place_id):
    """The card reads place_state(month's states) in state_text's words; the in-map player draws the style
    code and tooltip of its timeline steps, built from the same month table."""
    months = timeline_months()
    drawn = build_timeline(atlas.places, months_table, atlas.events, ATTACKS, None, [0.0] * len(months), months, "en", atlas.sides)
    pairs = style_table(months_table, atlas.sides)
    for month in months:
        card_state = place_state(months_table[months_table["month"] == pd.Timestamp(month)], place_id)
        on_map = shown_at(drawn, place_id, format_month_key(month))
        assert (pairs[on_map[0]] if on_map else None) == card_state, f"{place_id} {month}"
        if card_state:
            assert f" — {state_text(card_state, 'en', atlas.sides)}, " in on_map[1], f"{place_id} {month}: {on_map[1]}"


ATTACKS = pd.DataFrame(columns=["place_id", "label", "lat", "lon", "effective_date"])


def test_spells_list_each_unsettled_run_with_what_it_rests_on():
    spells = state_spells(_town_atlas([], [START, LATER]))  # fighting from 1 March, said to go on 20 May
    rows = [(r.place_id, r.controller, r.status, f"{r.first:%Y-%m}", f"{r.last:%Y-%m}", r.months, r.rests_on) for r in spells.itertuples()]
    assert rows == [
        ("town", "SDF", "uncertain", "2016-08", "2019-12", 41, (("later", "cited"),)),  # 31 August: 103 days on
        ("town", "SDF", "contested", "2016-03", "2016-07", 5, (("start", "cited"), ("later", "cited"))),
    ]
