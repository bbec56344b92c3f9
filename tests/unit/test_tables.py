"""Validation names the file, row, column and problem; loading joins coordinates and checks references."""

import shutil

import pandas as pd
import pytest

from core.model.atlas import load_atlas
from core.model.tables import EVENTS_SCHEMA, GEOCODES_SCHEMA, PLACES_SCHEMA, DataError, validate_frame
from tests.conftest import FIXTURE_DATA

PLACE = {
    "place_id": "mosul",
    "name_nl": "Mosoel",
    "article_spellings": "",
    "name_en": "Mosul",
    "aliases": "",
    "country": "IQ",
    "kind": "city",
    "initial_controller": "IQ",
    "initial_status": "held",
    "initial_basis": "x",
}
EVENT = {
    "event_id": "mosul_2014_06_captured",
    "place_id": "mosul",
    "date": "2014-06-10",
    "date_precision": "day",
    "date_text": "",
    "event_type": "captured",
    "actor_before": "IQ",
    "actor_after": "IS",
    "status_after": "held",
    "opponent": "",
    "section": "",
    "evidence": "x",
    "summary_en": "x",
    "summary_nl": "x",
    "note": "",
    "flag": "",
}


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("place_id", "Mosul City", "lowercase letters"),
        ("country", "Iraq", "two-letter ISO code"),
        ("kind", "metropolis", "must be one of"),
        ("initial_controller", "IS|IQ", "a side"),
        ("name_en", "", "must not be empty"),
    ],
)
def test_bad_place_cells_are_named(column, value, message):
    good, problems = validate_frame(pd.DataFrame([PLACE, {**PLACE, "place_id": "other", column: value}]), PLACES_SCHEMA, "places.csv")
    assert [(p.file, p.row, p.column) for p in problems] == [("places.csv", 3, column)]
    assert message in problems[0].message
    assert good["place_id"].tolist() == ["mosul"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("date", "10-06-2014", "YYYY-MM-DD"),
        ("date", "2014-02-30", "not a real calendar date"),
        ("date_precision", "week", "must be one of"),
        ("event_type", "liberated", "must be one of"),
        ("actor_after", "<b>IS</b>", "a side"),
        ("evidence", "", "must not be empty"),
        ("evidence", "x" * 401, "under 400"),
    ],
)
def test_bad_event_cells_are_named(column, value, message):
    _, problems = validate_frame(pd.DataFrame([{**EVENT, column: value}]), EVENTS_SCHEMA, "events.csv")
    assert [(p.row, p.column) for p in problems] == [(2, column)]
    assert message in problems[0].message


def test_duplicate_ids_are_reported_on_every_copy():
    _, problems = validate_frame(pd.DataFrame([PLACE, PLACE]), PLACES_SCHEMA, "places.csv")
    assert {(p.row, p.column) for p in problems} == {(2, "place_id"), (3, "place_id")}
    assert all("duplicate" in p.message for p in problems)


def test_missing_column_is_reported_not_raised():
    frame = pd.DataFrame([PLACE]).drop(columns=["kind"])
    good, problems = validate_frame(frame, PLACES_SCHEMA, "places.csv")
    assert good.empty and [(p.row, p.column) for p in problems] == [(1, "kind")]


@pytest.mark.parametrize(("lat", "lon", "bad"), [("abc", "4", "lat"), ("3", "200", "lon"), ("36,3", "43", "lat")])
def test_bad_coordinates(lat, lon, bad):
    frame = pd.DataFrame([{"place_id": "a", "lat": lat, "lon": lon, "precision": ""}])
    _, problems = validate_frame(frame, GEOCODES_SCHEMA, "geocoded.csv")
    assert [p.column for p in problems] == [bad]


def test_unknown_place_and_missing_file_are_data_errors(tmp_path):
    shutil.copytree(FIXTURE_DATA, tmp_path, dirs_exist_ok=True)
    events = pd.read_csv(tmp_path / "events.csv", dtype=str, keep_default_na=False)
    events.loc[0, "place_id"] = "atlantis"
    events.to_csv(tmp_path / "events.csv", index=False)
    with pytest.raises(DataError) as error:
        load_atlas(tmp_path)
    assert [(p.file, p.row, p.column) for p in error.value.problems] == [("events.csv", 2, "place_id")]
    assert "unknown place 'atlantis'" in str(error.value)
    (tmp_path / "places.csv").unlink()
    with pytest.raises(DataError, match="places.csv: file not found"):
        load_atlas(tmp_path)


def test_place_without_coordinates_is_reported(tmp_path):
    shutil.copytree(FIXTURE_DATA, tmp_path, dirs_exist_ok=True)
    geocoded = pd.read_csv(tmp_path / "geocoded.csv", dtype=str, keep_default_na=False)
    geocoded[geocoded["place_id"] != "kobani"].to_csv(tmp_path / "geocoded.csv", index=False)
    with pytest.raises(DataError, match="'kobani' has no coordinates"):
        load_atlas(tmp_path)


def test_overrides_win_over_geocoder(tmp_path):
    shutil.copytree(FIXTURE_DATA, tmp_path, dirs_exist_ok=True)
    (tmp_path / "geocode_overrides.csv").write_text("place_id,lat,lon,precision,source_note\nmosul,36.5,43.5,exact,hand-checked\n")
    places = load_atlas(tmp_path).places.set_index("place_id")
    assert (places.loc["mosul", "lat"], places.loc["mosul", "coord_source"]) == (36.5, "manual")
    assert places.loc["palmyra", "coord_source"] == "geonames"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("mosul,36.5,43.5,,hand-checked", "precision"),
        ("mosul,36.5,43.5,exact,", "source_note"),
        ("mosul,96.5,43.5,exact,hand-checked", "lat"),
    ],
)
def test_the_app_and_the_geocoder_reject_the_same_override_rows(tmp_path, row, column):
    """One rule for geocode_overrides.csv (core.model.tables.OVERRIDES_SCHEMA): the app and scripts/geocode.py agree."""
    from scripts.geocode import InputError, load_overrides

    shutil.copytree(FIXTURE_DATA, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "geocode_overrides.csv"
    path.write_text(f"place_id,lat,lon,precision,source_note\n{row}\n")
    with pytest.raises(DataError) as in_app:
        load_atlas(tmp_path)
    assert [p.column for p in in_app.value.problems if p.file == "geocode_overrides.csv"] == [column]
    with pytest.raises(InputError, match=f"column '{column}'"):
        load_overrides(path)


def test_places_abroad_get_their_initial_holder_from_the_first_event(fixture_atlas):
    places = fixture_atlas.places.set_index("place_id")
    assert places.loc["paris", "initial_controller"] == ""


def test_schema_problems_are_told_in_dutch_too():
    import pandas as pd

    from core.model.tables import PLACES_SCHEMA, SCHEMA_MESSAGES_NL, validate_frame

    row = dict.fromkeys(PLACES_SCHEMA.columns, "") | {"place_id": "Bad Id", "name_en": "X", "country": "IQ", "kind": "city"}
    frame = pd.DataFrame([row]).astype(str)
    _, problems = validate_frame(frame, PLACES_SCHEMA, "places.csv")
    by_column = {p.column: p for p in problems}
    assert by_column["place_id"].message == "use lowercase letters, digits and _ only (found 'Bad Id')"
    assert by_column["place_id"].message_nl == "gebruik alleen kleine letters, cijfers en _ (gevonden: 'Bad Id')"
    assert by_column["name_nl"].text("nl") == "places.csv, regel 2, kolom 'name_nl': mag niet leeg zijn (gevonden: '')"
    assert str(by_column["name_nl"]) == "places.csv, line 2, column 'name_nl': must not be empty (found '')"
    untranslated = [en for en, nl in SCHEMA_MESSAGES_NL.items() if en == nl]
    assert not untranslated
