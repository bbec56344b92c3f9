"""The steps of a dataset's timeline: from its first to its last dated event, a step a month, or a step a day
when the data spans only a few weeks and dates its events to the day; bounded.

The built-in atlas declares its span (core.codes.constants.TIMELINE_START/END, by month); an uploaded dataset's
timeline is its own, so a map of September 1944 runs through the days of that September, not from 2014 to 2019.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from core.codes.dates import date_label, format_month_key, month_end, month_label, timeline_months
from core.model.atlas import Atlas

MAX_STEPS = 600  # fifty years of months: beyond this the timeline is cut, and the page says so
DAY_STEPS_UP_TO = 92  # a span of at most this many days, dated to the day, is shown day by day
DAY, MONTH = "day", "month"


@dataclass(frozen=True)
class Period:
    """The timeline's steps (a day, or a month's first day) in order; `cut`: steps left out past MAX_STEPS."""

    steps: tuple[date, ...]
    unit: str = MONTH
    cut: int = 0

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.key(step) for step in self.steps)

    def key(self, step: date) -> str:
        """'1944-09' for a month, '1944-09-17' for a day (the player's and the slider's value)."""
        return step.isoformat() if self.unit == DAY else format_month_key(step)

    def step(self, key: str | None) -> date | None:
        """The step a key names ('1944-09' or '1944-09-17'); None when it is not one of this timeline's."""
        return dict(zip(self.keys, self.steps, strict=True)).get(key or "")

    def end(self, step: date) -> date:
        """The day whose state the step shows: the day itself, or the end of the month."""
        return step if self.unit == DAY else month_end(step)

    def label(self, step: date, lang: str) -> str:
        return date_label(step, "day", lang) if self.unit == DAY else month_label(step, lang)

    def between(self, first: date, second: date) -> list[date]:
        """Every step from `first` to `second` inclusive, at this timeline's unit."""
        if self.unit == DAY:
            return [first + timedelta(days=n) for n in range((second - first).days + 1)]
        return timeline_months(first, second)

    def step_of(self, day: date) -> date:
        """The step a day falls in."""
        return day if self.unit == DAY else date(day.year, day.month, 1)


ATLAS_PERIOD = Period(tuple(timeline_months()))


def data_period(atlas: Atlas, limit: int = MAX_STEPS) -> Period:
    """The steps from the first to the last event (article, cited or uploaded; approximate ones by their effective
    date), at most `limit` of them; by day when the span is short and every event is dated to the day."""
    events = pd.concat([atlas.events[["effective_date", "date_precision"]], atlas.timeline[["effective_date", "date_precision"]]])
    events = events.dropna(subset=["effective_date"])
    if events.empty:
        return Period(())
    first, last = events["effective_date"].min().date(), events["effective_date"].max().date()
    if (last - first).days <= DAY_STEPS_UP_TO and (events["date_precision"] == DAY).all():
        return Period(tuple(first + timedelta(days=n) for n in range((last - first).days + 1)), DAY)
    months = timeline_months(first, last)
    return Period(tuple(months[:limit]), MONTH, max(0, len(months) - limit))
