"""Your data in a real browser: an uploaded CSV reaches the map, a hostile name stays text, nothing leaves localhost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import map_frame, upload_file, wait_for_images, wait_in_map

pytestmark = pytest.mark.e2e

UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
HOSTILE = "<img src=x onerror=alert(1)>"
ESCAPED_LABEL = "&lt;img src=x onerror=alert(1)&gt; — Islamic State, since 20 May 2015"

# Point labels of the swapped layer: light markers keep theirs in options, GeoJSON points in properties.
LABELS_JS = """() => {
    const labels = [];
    window.map.eachLayer(l => {
        const label = (l.options && l.options.atlasLabel) || (l.feature && l.feature.properties && l.feature.properties.label);
        if (label) labels.push(label);
    });
    return labels;
}"""
OPEN_TOOLTIP_JS = """(label) => {
    let shown = null;
    window.map.eachLayer(l => {
        const own = (l.options && l.options.atlasLabel) || (l.feature && l.feature.properties && l.feature.properties.label);
        if (own === label) { l.openTooltip(); shown = document.querySelector('.leaflet-tooltip').textContent; }
    });
    return shown;
}"""


def upload(page, label: str, file_name: str) -> None:
    uploader = page.locator("[data-testid=stFileUploader]").filter(has_text=label)
    uploader.locator("input[type=file]").set_input_files(str(UPLOADS / file_name))


def test_uploaded_places_and_events_reach_the_map_as_text(server_url, offline_page):
    page = offline_page.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server_url}/upload")
    page.get_by_text("Upload a places or events file").first.wait_for()

    upload(page, "Places (CSV)", "hostile_places.csv")
    page.get_by_text("Places: 1 rows loaded").first.wait_for()
    upload(page, "Events (CSV)", "hostile_events.csv")
    page.get_by_text("Events: 2 rows loaded").first.wait_for()

    # opens at the first uploaded event (wait: the rest of the page may still show the previous run)
    page.get_by_test_id("atlas-date").filter(has_text="May 2015").first.wait_for()
    wait_in_map(page, f"() => ({LABELS_JS})().includes({ESCAPED_LABEL!r})")  # survives a late rerun's new iframe
    frame = map_frame(page)
    assert any(label.startswith("Mosul — ") for label in frame.evaluate(LABELS_JS))  # alongside the built-in atlas

    tooltip = frame.evaluate(OPEN_TOOLTIP_JS, ESCAPED_LABEL)
    assert tooltip == f"{HOSTILE} — Islamic State, since 20 May 2015"  # the tooltip shows the name as text
    assert frame.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert HOSTILE in page.locator("[data-testid=stMain]").inner_text()  # the page names it literally

    assert dialogs == []
    assert offline_page.outside_requests == []
    assert offline_page.console_errors == []


SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "nederland-1944-1945"
PLAYER_DATE = "() => document.querySelector('.atlas-player-date') && document.querySelector('.atlas-player-date').textContent"
LEGEND_TEXT = "() => Array.from(document.querySelectorAll('.atlas-legend-box, .atlas-player-legend')).map(e => e.textContent).join(' ')"
LABEL_OF = """(id) => {
    let found = null;
    window.map.eachLayer(l => { if (l.options && l.options.atlasId === id && l._icon) found = l.options.atlasLabel; });
    return found;
}"""


def test_another_war_in_dutch_excel_plays_compares_and_exports(server_url, offline_page):
    """The Netherlands 1944-1945 sample (semicolons, Windows-1252, decimal commas, dd-mm-jjjj): its own sides in the
    legend, its own months in the in-map player, two of its dates compared, its map exported, nothing from outside."""
    page = offline_page.page
    page.goto(f"{server_url}/upload?lang=nl")
    page.get_by_text("Upload een bestand met plaatsen of gebeurtenissen").first.wait_for()
    upload_file(page, "Plaatsen (CSV)", SAMPLE / "places.csv", "Plaatsen: 19 rijen geladen")
    upload_file(page, "Gebeurtenissen (CSV)", SAMPLE / "events.csv", "Gebeurtenissen: 23 rijen geladen")
    assert page.locator("[data-testid=stAlertContentWarning]").count() == 0  # no problem in any row

    wait_in_map(page, f"() => ({PLAYER_DATE})() === 'september 1944'")  # the map with the data's own months
    frame = map_frame(page)
    legend = frame.evaluate("() => document.body.innerText")
    assert "Duitsland" in legend and "Geallieerden" in legend and "Islamitische Staat" not in legend
    assert frame.evaluate(LABEL_OF, "utrecht").startswith("Utrecht — Duitsland")
    frame.evaluate("() => { for (let i = 0; i < 8; i++) window.atlasPlayer.step(1); }")
    frame.wait_for_function(f"() => ({PLAYER_DATE})() === 'mei 1945'")
    assert frame.evaluate(LABEL_OF, "utrecht") == "Utrecht — Geallieerden, sinds 7 mei 1945"

    # A (September 1944) against B (May 1945): 15 places gained by the side the data follows, none lost
    page.get_by_test_id("change-legend").filter(has_text="gewonnen door Geallieerden (15)").first.wait_for()
    assert "verloren door Geallieerden (0)" in page.get_by_test_id("change-legend").first.inner_text()
    map_frame(page, 1).wait_for_function("() => document.querySelectorAll('.leaflet-marker-icon').length >= 19")

    page.get_by_test_id("atlas-date").filter(has_text="mei 1945").first.wait_for()  # the server heard the player's month
    page.get_by_role("button", name="Maak de HTML-kaart van deze maand").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download de HTML-kaart").click()
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Geallieerden" in html and "Duitsland" in html
    wait_for_images(page)  # the small multiples drawn for the data's months
    assert offline_page.outside_requests == []
    assert offline_page.console_errors == []
