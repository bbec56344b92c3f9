"""Where the docs restate a fact the code or the data owns, they must say the same: a changed table, code
list or limit fails here until the docs are updated (the docs are written by hand, checked by this test)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from core.codes.constants import DATA_DIR, FIGHTING_EVIDENCE_DAYS, PROJECT_ROOT, STATUSES
from core.model.atlas import load_sides
from core.model.tables import EVENTS_SCHEMA

SCHEMA = (DATA_DIR / "SCHEMA.md").read_text(encoding="utf-8")
DATA_README = (DATA_DIR / "README.md").read_text(encoding="utf-8")
README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def _rows(name: str) -> int:
    return len(pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False))


def test_the_schema_lists_exactly_the_sides_the_atlas_declares():
    documented = re.findall(r"^\| ([A-Z]{2,3}) \| ", SCHEMA, flags=re.M)
    assert documented == list(load_sides(DATA_DIR)[0])


def test_the_schema_states_the_evidence_limit_the_code_checks():
    limit = next(c.statistics["max_value"] for c in EVENTS_SCHEMA.columns["evidence"].checks if "max_value" in c.statistics)
    assert f"<= {limit} chars" in SCHEMA


def test_the_schema_states_how_long_fighting_stands_without_evidence():
    assert f"at most **{FIGHTING_EVIDENCE_DAYS} days** before (`FIGHTING_EVIDENCE_DAYS`" in SCHEMA


def test_the_schema_names_every_state_a_table_may_hold():
    assert "held / contested / besieged" in SCHEMA and tuple(STATUSES) == ("held", "contested", "besieged")


@pytest.mark.parametrize(
    ("file_name", "documented"),
    [
        ("places.csv", r"\| `places\.csv` \|[^\n]*\| (\d+) \("),
        ("supporting_places.csv", r"\| `supporting_places\.csv` \|[^\n]*\| (\d+) \("),
        ("events.csv", r"\| `events\.csv` \|[^\n]*\| (\d+) \|"),
        ("unmapped.csv", r"\| `unmapped\.csv` \|[^\n]*\| (\d+) \|"),
        ("sources.csv", r"\| `sources\.csv` \|[^\n]*\| (\d+) for \d+ places \|"),
        ("source_gaps.csv", r"\| `source_gaps\.csv` \|[^\n]*\| (\d+) \|"),
        ("area_published.csv", r"\| `area_published\.csv` \|[^\n]*\| (\d+) \|"),
        ("geocode_overrides.csv", r"\| `geocode_overrides\.csv` \|[^\n]*\| (\d+) \|"),
        ("geocoded.csv", r"\| `geocoded\.csv` \|[^\n]*\| (\d+) \|"),
    ],
)
def test_the_data_readme_counts_the_rows_there_are(file_name, documented):
    assert int(re.search(documented, DATA_README).group(1)) == _rows(file_name)


def test_the_readme_counts_the_tables_and_the_cited_sources():
    sources = pd.read_csv(DATA_DIR / "sources.csv", dtype=str)
    assert f"`data/places.csv` ({_rows('places.csv')} places)" in README
    assert f"`data/events.csv` ({_rows('events.csv')} events)" in README
    assert f"holds {len(sources)} cited published dates" in README
    assert f"for {sources['place_id'].nunique()} places" in README
