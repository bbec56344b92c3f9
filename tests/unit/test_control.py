"""The control model on the fixture atlas: holders on dates, several changes of hands, approximate dates."""

from datetime import date

import pandas as pd
import pytest

from core.codes.dates import timeline_months
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
)


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
