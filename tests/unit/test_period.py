"""A dataset's own timeline: from its first to its last event, by month or (a few weeks dated to the day) by day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from core.codes.dates import timeline_months
from core.ingest.own_data import LookupWithFallback, check_upload, combined_atlas
from core.ingest.uploads import geocode_missing
from core.model.atlas import load_atlas
from core.model.compare import change_table
from core.model.control import control_by_step
from core.model.period import ATLAS_PERIOD, DAY, MONTH, Period, data_period

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "nederland-1944-1945"
UPLOADS = ROOT / "tests" / "fixtures" / "uploads"


def own_atlas(places_file: Path, events_file: Path):
    places = check_upload(places_file.read_bytes(), "places", places_file.name)
    events = check_upload(events_file.read_bytes(), "events", events_file.name, places.good)
    assert places.problems == events.problems == [] and places.error is events.error is None
    located = geocode_missing(places.good, LookupWithFallback(None))[0]
    return combined_atlas(load_atlas(), located, events.good, "instead")


def test_the_sample_runs_by_month_from_its_first_to_its_last_event():
    period = data_period(own_atlas(SAMPLE / "places.csv", SAMPLE / "events.csv"))
    assert period == Period(tuple(timeline_months(date(1944, 9, 1), date(1945, 5, 1))), MONTH, 0)
    assert period.keys[0] == "1944-09" and period.label(period.steps[-1], "nl") == "mei 1945"


def test_a_few_weeks_dated_to_the_day_run_day_by_day():
    period = data_period(own_atlas(UPLOADS / "arnhem_places.csv", UPLOADS / "arnhem_events.csv"))
    assert period.unit == DAY
    assert period.steps == tuple(date(1944, 9, d) for d in range(17, 21))
    assert period.keys[0] == "1944-09-17" and period.label(date(1944, 9, 18), "nl") == "18 september 1944"
    assert period.end(date(1944, 9, 18)) == date(1944, 9, 18)


def test_a_long_span_is_cut_and_says_by_how_much():
    atlas = load_atlas()
    period = data_period(atlas, limit=12)
    assert len(period.steps) == 12 and period.cut > 0 and period.unit == MONTH


def test_no_dated_event_means_no_steps():
    atlas = own_atlas(UPLOADS / "arnhem_places.csv", UPLOADS / "arnhem_events.csv")
    empty = atlas.__class__(atlas.places, atlas.events.iloc[0:0], atlas.sources, atlas.timeline.iloc[0:0], atlas.sides)
    assert data_period(empty).steps == ()


def test_the_state_of_each_day_and_what_changed_between_two_days():
    atlas = own_atlas(UPLOADS / "arnhem_places.csv", UPLOADS / "arnhem_events.csv")
    period = data_period(atlas)
    states = control_by_step(atlas, period.steps, [period.end(s) for s in period.steps])
    on_18th = states[states["month"] == pd.Timestamp(1944, 9, 18)].set_index("place_id")
    assert on_18th.loc[["eindhoven", "nijmegen", "arnhem"], ["controller", "status"]].values.tolist() == [
        ["Geallieerden", "held"],
        ["Duitsland", "held"],
        ["Duitsland", "contested"],
    ]
    table = change_table(atlas, date(1944, 9, 17), date(1944, 9, 20), "nl", period).set_index("place_id")
    assert table.loc[["eindhoven", "nijmegen"], ["holder_a", "holder_b", "change"]].values.tolist() == [
        ["Duitsland", "Geallieerden", "gewonnen door Geallieerden"],
        ["Duitsland", "Geallieerden", "gewonnen door Geallieerden"],
    ]


def test_the_atlas_keeps_its_declared_months():
    assert ATLAS_PERIOD.steps[0] == date(2014, 1, 1) and ATLAS_PERIOD.steps[-1] == date(2019, 12, 1)
