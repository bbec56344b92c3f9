"""Your data in a real browser: an uploaded CSV reaches the map, a hostile name stays text, nothing leaves localhost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import map_frame

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
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({LABELS_JS})().includes({ESCAPED_LABEL!r})")
    assert any(label.startswith("Mosul — ") for label in frame.evaluate(LABELS_JS))  # alongside the built-in atlas

    tooltip = frame.evaluate(OPEN_TOOLTIP_JS, ESCAPED_LABEL)
    assert tooltip == f"{HOSTILE} — Islamic State, since 20 May 2015"  # the tooltip shows the name as text
    assert frame.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert HOSTILE in page.locator("[data-testid=stMain]").inner_text()  # the page names it literally

    assert dialogs == []
    assert offline_page.outside_requests == []
    assert offline_page.console_errors == []
