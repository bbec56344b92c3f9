"""Bring-your-own CSV: encodings, separators, Dutch dates, decimal commas, lenient validation, geocoding."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest

from core.ingest.csv_text import OVERFLOW_COLUMN, UploadError, decode_upload, read_upload, sniff_separator
from core.ingest.geocoding import Gazetteer, GazetteerEntry
from core.ingest.upload_dates import normalise_dates, parse_date
from core.ingest.upload_frames import slugify
from core.ingest.uploads import build_upload_atlas, country_code, geocode_missing, parse_coordinate, validate_upload
from core.model.control import control_on
from core.model.tables import Problem

HOSTILE = "<script>alert(1)</script>"


def _places(text: str) -> tuple[pd.DataFrame, list[Problem]]:
    return validate_upload(read_upload(text.encode("utf-8")), "places")


def _events(text: str, known: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    return validate_upload(read_upload(text.encode("utf-8")), "events", known_places=known)


def _where(problems: list[Problem]) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in problems]


KNOWN_PLACES, _ = _places("place_id,name_en,name_nl,aliases,country\nmosul,Mosul,Mosoel,,IQ\nraqqa,Raqqa,Raqqa,Ar-Raqqah,SY\n")


# --- decoding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("name\nḤalab\n".encode("utf-8-sig"), "name\nḤalab\n"),
        ("name\nKobanî\n".encode(), "name\nKobanî\n"),
        ("name\nKobanî\n".encode("latin-1"), "name\nKobanî\n"),
        ("name\nMosoel’s “dam”\n".encode("cp1252"), "name\nMosoel’s “dam”\n"),
        ("name\nḤalab\n".encode("utf-16"), "name\nḤalab\n"),
        (b"name\nx\x81y\n", "name\nx\x81y\n"),  # undefined in cp1252: Latin-1 takes it
    ],
    ids=["utf8-bom", "utf8", "latin1", "cp1252-quotes", "utf16-bom", "latin1-fallback"],
)
def test_decode_upload(raw, text):
    assert decode_upload(raw) == text


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"  \r\n\n", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"name\n\x00\x01\x02\x03", "binary"),
    ],
)
def test_decode_upload_refuses_empty_and_binary_files(raw, message):
    with pytest.raises(UploadError, match=message):
        decode_upload(raw)


# --- reading -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "separator"),
    [
        ("name,lat,lon\n", ","),
        ("name;lat;lon\nMosul;36,34;43,13\n", ";"),
        ("name\tlat\tlon\n", "\t"),
        ("\n\nname;lat\n", ";"),
        ("name\n", ","),
    ],
)
def test_sniff_separator(text, separator):
    assert sniff_separator(text) == separator


def test_read_upload_semicolons_header_and_line_numbers():
    frame = read_upload(" Name ; LAT;Lon \n Mosoel ;36,34;43,13\n\nKobanî;;\n".encode("cp1252"))
    assert list(frame.columns) == ["name", "lat", "lon"]
    assert frame["name"].tolist() == ["Mosoel", "Kobanî"]
    assert [i + 2 for i in frame.index] == [2, 4]  # the blank line 3 is skipped but still counted


def test_read_upload_keeps_quoted_separators_and_multiline_values():
    frame = read_upload(b'name,note\n"Deir ez-Zor, city","two\nlines"\nRaqqa,x\n')
    assert frame["name"].tolist() == ["Deir ez-Zor, city", "Raqqa"]
    assert [i + 2 for i in frame.index] == [2, 4]


def test_read_upload_pads_short_rows_and_keeps_extra_values_apart():
    frame = read_upload(b"name,lat,lon\nMosul\nRaqqa,35.9,39.0,oops,\n")
    assert frame.loc[0].tolist() == ["Mosul", "", "", ""]
    assert frame.loc[1, OVERFLOW_COLUMN] == "oops"


def test_read_upload_without_extra_values_has_no_overflow_column():
    assert OVERFLOW_COLUMN not in read_upload(b"name,lat\nMosul,36.3,\n")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"name\n" + b"x" * 3_000_000, "limit is 2.0 MB"),
        (b"name,lat\n", "no data rows"),
        (b",,,\n;;\n", "no data rows"),
        (b"name,Name\nx,y\n", "'name' twice"),
        (b"", "empty"),
        (b"PK\x03\x04", "Excel"),
    ],
)
def test_read_upload_refuses_unreadable_files(raw, message):
    with pytest.raises(UploadError, match=message):
        read_upload(raw)


def test_read_upload_limit_is_adjustable():
    with pytest.raises(UploadError, match="limit"):
        read_upload(b"name\nMosul\n", max_bytes=5)


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-05-20", (date(2015, 5, 20), "day")),
        ("2015/5/2", (date(2015, 5, 2), "day")),
        ("20-05-2015", (date(2015, 5, 20), "day")),
        ("20/05/2015", (date(2015, 5, 20), "day")),
        ("20-5-2015", (date(2015, 5, 20), "day")),
        ("20.05.2015", (date(2015, 5, 20), "day")),
        ("05/06/2015", (date(2015, 6, 5), "day")),  # day first, as in Dutch
        ("20 mei 2015", (date(2015, 5, 20), "day")),
        ("1 Juni 2014", (date(2014, 6, 1), "day")),
        ("mei 2015", (date(2015, 5, 1), "month")),
        ("mrt 2016", (date(2016, 3, 1), "month")),
        ("okt. 2017", (date(2017, 10, 1), "month")),
        ("May 2015", (date(2015, 5, 1), "month")),
        ("2015-05", (date(2015, 5, 1), "month")),
        ("5-2015", (date(2015, 5, 1), "month")),
        ("2015", (date(2015, 1, 1), "year")),
        ("zomer 2014", (date(2014, 6, 1), "season")),
        ("winter 2015", (date(2015, 12, 1), "season")),
        ("  20   mei   2015 ", (date(2015, 5, 20), "day")),
        ("31-02-2015", None),
        ("05/20/2015", None),  # month 20: American order is not guessed
        ("2015-13", None),
        ("20 zomer 2015", None),
        ("mai 2015", None),
        ("15", None),
        ("gisteren", None),
        ("", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_normalise_dates_reports_unreadable_cells_by_line():
    series = pd.Series(["20 mei 2015", "soon", "", "2016"], index=[0, 1, 2, 4], name="datum")
    frame, problems = normalise_dates(series, "my.csv")
    assert frame["date"].tolist() == ["2015-05-20", "", "", "2016-01-01"]
    assert frame["date_precision"].tolist() == ["day", "", "", "year"]
    assert _where(problems) == [(3, "datum"), (4, "datum")]
    assert all(p.file == "my.csv" and "2015-05-20" in p.message for p in problems)
    assert "'soon' is not a date" in problems[0].message
    assert "empty" in problems[1].message


# --- small helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("36,34", 36.34), ("36.34", 36.34), (" -12,5 ", -12.5), ("36.34°", 36.34), ("", None), ("  ", None), ("40", 40.0)],
)
def test_parse_coordinate(text, value):
    assert parse_coordinate(text) == value


@pytest.mark.parametrize("text", ["abc", "36,34,1", "1.234,5", "36°20'"])
def test_parse_coordinate_rejects(text):
    with pytest.raises(ValueError):
        parse_coordinate(text)


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Mosul", "mosul"), ("Deir ez-Zor", "deir_ez_zor"), ("Al-Raqqa", "raqqa"), ("Kobanî", "kobani"), ("Ḥalab", "halab"), ("Al", "al")],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("IQ", "IQ"),
        ("iq", "IQ"),
        ("Irak", "IQ"),
        ("Syrië", "SY"),
        ("syria", "SY"),
        ("Iran", "IR"),
        ("Nederland", "NL"),
        ("the Netherlands", "THE NETHERLANDS"),
        ("Atlantis", "ATLANTIS"),
    ],
)
def test_country_code(text, code):
    assert country_code(text) == code


# --- places --------------------------------------------------------------------------------------


def test_uploaded_places_accept_decimal_commas_and_missing_coordinates():
    good, problems = validate_upload(read_upload("Naam;Land;Lat;Lon\nMosoel;Irak;36,34;43,13\nKobanî;SY;;\n".encode("cp1252")), "places")
    assert problems == []
    assert good["place_id"].tolist() == ["mosoel", "kobani"]
    assert good["country"].tolist() == ["IQ", "SY"]
    assert good["lat"].iloc[0] == pytest.approx(36.34)
    assert math.isnan(good["lat"].iloc[1])


def test_uploaded_places_get_defaults():
    good, problems = _places("name,country,initial_controller\nTikrit,IQ,is\nBaiji,IQ,\n")
    assert problems == []
    tikrit, baiji = good.to_dict("records")
    assert (tikrit["name_nl"], tikrit["kind"], tikrit["initial_controller"], tikrit["initial_status"]) == ("Tikrit", "town", "IS", "held")
    assert (baiji["initial_controller"], baiji["initial_status"]) == ("", "")


def test_bad_place_rows_are_reported_while_good_rows_load():
    text = "name,country,lat,lon,kind\nMosul,IQ,36.3,43.1,city\nBad lat,IQ,abc,43.1,city\nNo lon,IQ,36.1,,city\nFar,IQ,95,43,city\nCastle,IQ,,,castle\nNowhere,Iraqistan,,,town\nRaqqa,SY,35.9,39.0,city\n"
    good, problems = _places(text)
    assert good["place_id"].tolist() == ["mosul", "raqqa"]
    assert _where(problems) == [(3, "lat"), (4, "lon"), (5, "lat"), (6, "kind"), (7, "country")]
    messages = {p.row: p.message for p in problems}
    assert "decimal degrees" in messages[3]
    assert "both lat and lon" in messages[4]
    assert "swapped" in messages[5]
    assert "must be one of" in messages[6]
    assert "two-letter" in messages[7]


def test_hostile_place_names_are_kept_as_data():
    good, problems = _places(f'name,country,aliases\n"{HOSTILE}",IQ,"=HYPERLINK(""x"")"\n')
    assert problems == []
    assert good["name_en"].iloc[0] == HOSTILE
    assert good["aliases"].iloc[0] == '=HYPERLINK("x")'
    assert good["place_id"].iloc[0] == "script_alert_1_script"


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("lat,lon\n1,2\n", ["name", "country"]),
        ("name,lat\nMosul,1\n", ["country"]),
    ],
)
def test_places_without_required_columns(text, missing):
    good, problems = _places(text)
    assert good.empty
    assert _where(problems) == [(1, column) for column in missing]
    assert all("add a column" in p.message for p in problems)


def test_duplicate_place_ids_are_reported():
    good, problems = _places("name,country\nSinjar,IQ\nSinjar,SY\n")
    assert good.empty
    assert _where(problems) == [(2, "place_id"), (3, "place_id")]


def test_rows_with_too_many_values_are_reported():
    good, problems = _places("name,country\nMosul,IQ\nDeir ez-Zor, city,SY\n")
    assert good["place_id"].tolist() == ["mosul"]
    assert problems[0].row == 3 and "double quotes" in problems[0].message


# --- events --------------------------------------------------------------------------------------


def test_uploaded_events_match_place_names_and_fill_defaults():
    text = "place;datum;event_type;actor_after\nMosoel;10 juni 2014;captured;is\nMosul;2016;retaken;iq\nar-raqqah;mei 2015;siege begun;SY\n"
    good, problems = _events(text, KNOWN_PLACES)
    assert problems == []
    assert good["place_id"].tolist() == ["mosul", "mosul", "raqqa"]
    assert good["date"].tolist() == ["2014-06-10", "2016-01-01", "2015-05-01"]
    assert good["date_precision"].tolist() == ["day", "year", "month"]
    assert good["date_text"].tolist() == ["10 juni 2014", "2016", "mei 2015"]
    assert good["event_type"].tolist() == ["captured", "retaken", "siege_begun"]
    assert good["actor_before"].tolist() == ["", "", ""]  # nothing is filled in: a dataset names its own sides
    assert good["actor_after"].tolist() == ["IS", "IQ", "SY"]
    assert good["status_after"].tolist() == ["held", "held", "besieged"]
    assert good["event_id"].tolist() == ["mosul_2014_06_captured", "mosul_2016_01_retaken", "raqqa_2015_05_siege_begun"]
    assert (good["evidence"] == "").all()


def test_bad_event_rows_are_reported_while_good_rows_load():
    text = (
        "place_id,date,event_type,actor_after,status_after\n"
        "mosul,2014-06-10,captured,IS,\n"  # good
        "mosul,31-02-2015,captured,IS,\n"  # impossible date
        "atlantis,2015,captured,IS,\n"  # unknown place
        "mosul,2016,retaken,,\n"  # who took it?
        "mosul,2016,exploded,IS,\n"  # unknown event type
        "mosul,2016,captured,<b>|</b>,\n"  # not a side: markup and a list separator
        "raqqa,2017,retaken,SDF,won\n"  # unknown status
        "raqqa,2017-10-20,retaken,SDF,\n"  # good
    )
    good, problems = _events(text, KNOWN_PLACES)
    assert good["event_id"].tolist() == ["mosul_2014_06_captured", "raqqa_2017_10_retaken"]
    assert _where(problems) == [
        (3, "date"),
        (4, "place_id"),
        (5, "actor_after"),
        (6, "event_type"),
        (7, "actor_after"),
        (8, "status_after"),
    ]
    assert "unknown place 'atlantis'" in problems[1].message
    assert "who holds the place" in problems[2].message


def test_attacks_need_no_holder_and_no_side_is_invented():
    good, problems = _events("place_id,date,event_type,summary_en\nmosul,2015,attack,Bombing\n", KNOWN_PLACES)
    assert problems == []
    assert good[["actor_after", "status_after", "opponent"]].iloc[0].tolist() == ["", "", ""]


@pytest.mark.parametrize(
    ("written", "read"),
    [("is", "IS"), ("Sdf", "SDF"), (" IQ ", "IQ"), ("Geallieerden", "Geallieerden"), ("Duitsland", "Duitsland"), ("US Army", "US Army")],
)
def test_sides_are_read_as_written_and_short_codes_in_any_case(written, read):
    good, problems = _events(f"place_id,date,event_type,actor_after\nmosul,2015,captured,{written}\n", KNOWN_PLACES)
    assert problems == []
    assert good["actor_after"].tolist() == [read]


def test_own_date_precision_counts_only_for_full_dates():
    text = "place_id,date,date_precision,event_type,actor_after\nmosul,2015-06-01,season,captured,IS\nmosul,mei 2016,day,captured,IS\n"
    good, _ = _events(text, KNOWN_PLACES)
    assert good["date_precision"].tolist() == ["season", "month"]


def test_generated_event_ids_are_unique_and_given_ones_kept():
    text = "event_id,place_id,date,event_type,actor_after\n,mosul,2014-06-10,captured,IS\n,mosul,2014-06-11,captured,IS\nmine,mosul,2014-06-12,captured,IS\n"
    good, problems = _events(text, KNOWN_PLACES)
    assert problems == []
    assert good["event_id"].tolist() == ["mosul_2014_06_captured", "mosul_2014_06_captured_2", "mine"]


def test_events_without_known_places_use_slugs():
    good, problems = _events("place,date,event_type,actor_after\nDeir ez-Zor,2014,captured,IS\n")
    assert problems == []
    assert good["place_id"].tolist() == ["deir_ez_zor"]


def test_ambiguous_place_names_are_reported():
    known, _ = _places("place_id,name,country\nsinjar,Sinjar,IQ\nsinjar_sy,Sinjar,SY\n")
    _, problems = _events("place,date,event_type,actor_after\nSinjar,2014,captured,IS\n", known)
    assert _where(problems) == [(2, "place")]
    assert "sinjar, sinjar_sy" in problems[0].message


def test_unknown_upload_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="kind"):
        validate_upload(pd.DataFrame(), "borders")


# --- geocoding and the atlas -----------------------------------------------------------------------


@dataclass(frozen=True)
class FakeMatch:
    lat: float
    lon: float
    matched_name: str
    source: str = "geonames"
    precision: str = "locality"


class FakeGazetteer:
    """The interface of core.ingest.geocoding.Gazetteer: lookup(names, country) -> match or None."""

    def __init__(self, known: dict[tuple[str, str], tuple[float, float]]):
        self.known = known
        self.calls: list[tuple[list[str], str]] = []

    def lookup(self, names, country):
        self.calls.append((list(names), country))
        for name in names:
            if (name, country) in self.known:
                return FakeMatch(*self.known[(name, country)], matched_name=name)
        return None


def test_geocode_missing_fills_only_missing_coordinates():
    places, _ = _places("name,name_nl,country,lat,lon\nMosul,Mosoel,IQ,36.3,43.1\nKobani,Kobanî,SY,,\nAtlantis,,IQ,,\n")
    gazetteer = FakeGazetteer({("Kobani", "SY"): (36.89, 38.35)})
    located, problems = geocode_missing(places, gazetteer)
    assert located["place_id"].tolist() == ["mosul", "kobani"]
    assert located[["lat", "lon"]].values.tolist() == [[36.3, 43.1], [36.89, 38.35]]
    assert located["coord_source"].tolist() == ["upload", "geonames"]
    assert "matched 'Kobani'" in located["coord_note"].iloc[1]
    assert _where(problems) == [(4, "lat")]
    assert "Atlantis" in problems[0].message and "add lat and lon" in problems[0].message
    assert gazetteer.calls == [(["Kobani"], "SY"), (["Atlantis"], "IQ")]  # Mosul had coordinates


def test_geocode_missing_works_with_the_real_gazetteer():
    places, _ = _places("name,country\nKobanî,SY\n")
    gazetteer = Gazetteer([GazetteerEntry("Kobani", ("Ayn al Arab",), "SY", 36.89, 38.35, population=44_000)])
    located, problems = geocode_missing(places, gazetteer)
    assert problems == []
    assert located[["lat", "lon"]].values.tolist() == [[36.89, 38.35]]


def test_uploaded_files_become_an_atlas():
    places, place_problems = _places("name,country,lat,lon,initial_controller\nMosul,IQ,36.34,43.13,IQ\n")
    located, geocode_problems = geocode_missing(places, FakeGazetteer({}))
    events, event_problems = _events("place,date,event_type,actor_after\nMosul,10-6-2014,captured,IS\n", located)
    assert place_problems == geocode_problems == event_problems == []
    atlas = build_upload_atlas(located, events)
    before, after = control_on(atlas, date(2014, 6, 9)), control_on(atlas, date(2014, 6, 10))
    assert before["controller"].tolist() == ["IQ"]
    assert after["controller"].tolist() == ["IS"]
    assert atlas.places["lat"].tolist() == [36.34]
