"""Fuzzing every page's URL parameters (issue 12): a page or a notice, never a traceback, never Markdown from the URL."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.text.i18n import markdown_escape
from tests.app.conftest import REGISTERED_PAGES

PAGES = REGISTERED_PAGES  # every registered page
NAMES = ["date", "place", "view", "lang", "a", "b", "chapter"]
HOSTILE = [
    "0000-01", "0001-01", "9999-12", "2014-13", "²", "①", "٢٠١٥-٠١", "9" * 4400, "-1", "1e3", " 3", "nl", "fr",
    "![x](https://example.invalid/x.png)", "[Log in again](https://example.invalid)", "<script>alert(1)</script>",
    "{{7*7}}", "{#", "mosul", "core", "\x00", "%", "",
]  # fmt: skip
VALUES = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20), st.from_regex(r"[0-9]{1,5}-[0-9]{1,3}", fullmatch=True))
FUZZ = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.mark.parametrize("page", PAGES)
@FUZZ
@given(params=st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=3))
def test_any_url_opens_the_page_with_at_most_escaped_notices(fixture_app, page, params):
    at = fixture_app(page=page, **params)
    at.run()
    assert not at.exception
    assert at.title  # the page itself, not only an error
    for info in at.info:
        assert "](" not in info.value and "![" not in info.value  # no link or image from the URL


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("pages/map.py", {"date": "0000-01"}),
        ("pages/compare.py", {"a": "0000-01"}),
        ("pages/present.py", {"chapter": "²"}),
        ("pages/present.py", {"chapter": "①"}),
        ("pages/present.py", {"chapter": "9" * 4400}),
    ],
)
def test_out_of_range_numbers_fall_back_with_a_notice(fixture_app, page, params):
    at = fixture_app(page=page, **params)
    at.run()
    assert not at.exception
    ((name, raw),) = params.items()
    assert markdown_escape(f"Ignored {name}={raw[:40]!r}") in at.info[0].value


@pytest.mark.parametrize("raw", ["![x](https://example.invalid/x.png)", "[Log in again](https://example.invalid)"])
def test_markdown_in_the_url_is_shown_as_text(fixture_app, raw):
    at = fixture_app(date=raw)
    at.run()
    assert at.info[0].value == markdown_escape(f"Ignored date={raw[:40]!r}: use a month from 2014-01 to 2019-12, e.g. 2014-06.")


def test_notices_are_in_dutch_too(fixture_app):
    at = fixture_app(date="0000-01", lang="nl")
    at.run()
    assert at.info[0].value.startswith(markdown_escape("Genegeerd: date='0000-01': gebruik een maand"))
