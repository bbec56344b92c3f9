"""Dates with precision: effective dates, month arithmetic, URL months, labels."""

from datetime import date

import pytest

from core.codes.dates import add_months, date_label, effective_date, month_end, parse_month, timeline_months


@pytest.mark.parametrize(
    ("start", "precision", "expected"),
    [
        (date(2014, 6, 10), "day", date(2014, 6, 10)),
        (date(2014, 6, 1), "month", date(2014, 6, 15)),
        (date(2014, 6, 1), "season", date(2014, 7, 15)),
        (date(2014, 12, 1), "season", date(2015, 1, 15)),
        (date(2015, 1, 1), "year", date(2015, 7, 1)),
    ],
)
def test_effective_date_is_the_middle_of_an_approximate_period(start, precision, expected):
    assert effective_date(start, precision) == expected


def test_unknown_precision_is_an_error():
    with pytest.raises(ValueError, match="unknown date precision"):
        effective_date(date(2014, 1, 1), "decade")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-08", date(2016, 8, 1)),
        ("2014-1", date(2014, 1, 1)),
        (" 2019-12 ", date(2019, 12, 1)),
        ("2013-12", None),
        ("2020-01", None),
        ("2016-13", None),
        ("2016-00", None),
        ("august", None),
        ("<script>", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_month_accepts_only_timeline_months(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize(
    ("start", "precision", "lang", "expected"),
    [
        (date(2014, 6, 10), "day", "en", "10 June 2014"),
        (date(2014, 6, 10), "day", "nl", "10 juni 2014"),
        (date(2014, 6, 1), "month", "en", "~ June 2014"),
        (date(2014, 6, 1), "season", "en", "~ summer 2014"),
        (date(2014, 6, 1), "season", "nl", "~ zomer 2014"),
        (date(2015, 10, 1), "season", "en", "~ October–December 2015"),
        (date(2015, 1, 1), "year", "nl", "~ 2015"),
    ],
)
def test_date_label_marks_approximate_dates(start, precision, lang, expected):
    assert date_label(start, precision, lang) == expected


def test_month_helpers():
    assert month_end(date(2016, 2, 3)) == date(2016, 2, 29)
    assert add_months(date(2014, 12, 5), 1) == date(2015, 1, 1)
    months = timeline_months()
    assert (months[0], months[-1], len(months)) == (date(2014, 1, 1), date(2019, 12, 1), 72)
