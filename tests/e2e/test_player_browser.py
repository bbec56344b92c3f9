"""The in-map timeline player in a real browser: moves stay in the browser, play is smooth, the address bar
and the card follow, and the exported HTML file plays the whole timeline offline."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import map_frame

pytestmark = pytest.mark.e2e

PLAYER_DATE = "() => document.querySelector('.atlas-player-date') && document.querySelector('.atlas-player-date').textContent"
MOSUL_LABEL = """() => {
    let found = null;
    window.map.eachLayer(l => { if (l.options && l.options.atlasId === 'mosul' && l._icon) found = l.options.atlasLabel; });
    return found;
}"""
# Samples every animation frame while playing: the months shown (with their time) and the fewest symbols seen.
WATCH_PLAY = """() => {
    window.shows = [];
    window.fewestSymbols = Infinity;
    window.atlasPlayer.onShow.push((month) => window.shows.push([month, performance.now()]));
    const sample = () => {
        window.fewestSymbols = Math.min(window.fewestSymbols, document.querySelectorAll('.atlas-symbol').length);
        if (window.atlasPlayer.isPlaying()) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
}"""


def open_player(offline, url: str, query: str):
    offline.page.goto(f"{url}/?{query}")
    offline.page.get_by_test_id("atlas-date").first.wait_for()
    frame = map_frame(offline.page)
    frame.wait_for_function("() => window.atlasPlayer && document.querySelectorAll('.atlas-symbol').length > 0")
    return frame


def play_through(frame) -> tuple[float, int, list]:
    """Play from the start at the default speed to the end; (months/s, fewest symbols in any frame, shows)."""
    frame.evaluate("() => window.atlasPlayer.pause()")
    frame.evaluate(WATCH_PLAY)
    frame.evaluate("() => window.atlasPlayer.play()")
    frame.wait_for_function("() => !window.atlasPlayer.isPlaying()", timeout=60_000)
    shows = frame.evaluate("() => window.shows")
    rate = (len(shows) - 1) / ((shows[-1][1] - shows[0][1]) / 1000)
    return rate, frame.evaluate("() => window.fewestSymbols"), shows


def test_arrow_keys_step_the_map_without_asking_the_server(server_url, offline_page):
    page = offline_page.page
    sent: list[str] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    frame = open_player(offline_page, server_url, "date=2014-05")
    frame.wait_for_function(f"{PLAYER_DATE} === 'May 2014'")
    assert frame.evaluate(MOSUL_LABEL).startswith("Mosul — Iraqi government")
    page.get_by_text("Events in May 2014").first.wait_for()
    sent.clear()
    frame.locator(".atlas-player-range").focus()
    page.keyboard.press("ArrowRight")
    frame.wait_for_function(f"() => ({MOSUL_LABEL})().startsWith('Mosul — Islamic State')")
    assert frame.evaluate(PLAYER_DATE) == "June 2014"
    assert sent == [], "a step in the map must not wait for the server"
    page.keyboard.press("ArrowLeft")
    frame.wait_for_function(f"() => ({MOSUL_LABEL})().startsWith('Mosul — Iraqi government')")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    frame.wait_for_function(f"{PLAYER_DATE} === 'July 2014'")
    assert sent == []
    # Once the player rests, the server hears the month once: the slider, card panel and events follow.
    page.get_by_text("Events in July 2014").first.wait_for()
    assert page.get_by_role("slider", name="Month").get_attribute("aria-valuetext") in (None, "July 2014")
    assert len(sent) == 1
    assert offline_page.outside_requests == []
    assert offline_page.console_errors == []


def test_the_address_bar_follows_the_month_and_reopens_it(server_url, offline_page):
    page = offline_page.page
    frame = open_player(offline_page, server_url, "date=2015-01")
    frame.wait_for_function(f"{PLAYER_DATE} === 'January 2015'")
    frame.evaluate("() => { window.atlasPlayer.step(1); window.atlasPlayer.step(1); }")
    page.wait_for_function("() => location.search.includes('date=2015-03')")
    page.get_by_test_id("atlas-date").filter(has_text="March 2015").first.wait_for()
    page.reload()
    frame = open_player(offline_page, server_url, page.url.split("?", 1)[1])
    frame.wait_for_function(f"{PLAYER_DATE} === 'March 2015'")
    assert offline_page.console_errors == []


def test_the_month_reaches_the_place_card(server_url, offline_page):
    """Step in the map, then click a place at once: the card and the events describe the month the map shows. The
    map sends that report once: a repeat reran the app with the slider's old month (the card said April)."""
    page = offline_page.page
    sent: list = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    frame = open_player(offline_page, server_url, "date=2015-04")
    frame.wait_for_function(f"{PLAYER_DATE} === 'April 2015'")
    frame.locator(".atlas-player-range").focus()
    page.keyboard.press("ArrowRight")  # May 2015: IS took Palmyra
    frame.evaluate(
        """() => { window.map.eachLayer(l => {
            if (l.options && l.options.atlasId === 'palmyra' && l._icon) l._icon.setAttribute('id', 'palmyra-marker');
        }); }"""
    )
    frame.locator("#palmyra-marker").click()
    page.get_by_role("heading", name="Palmyra").first.wait_for()
    page.get_by_text("Events in May 2015").first.wait_for()
    assert "place=palmyra" in page.url and "date=2015-05" in page.url
    page.wait_for_timeout(1000)  # past the player's scheduled report (REPORT_AFTER_MS)
    reports = [message for message in sent if b"atlas_click" in (message if isinstance(message, bytes) else message.encode())]
    assert reports and len(set(reports)) == len(reports), "the click and the month go to the server once, never repeated"
    assert offline_page.console_errors == []


def test_play_is_smooth_and_never_blank(real_server_url, offline_page):
    frame = open_player(offline_page, real_server_url, "date=2014-01")
    frame.evaluate("() => window.atlasPlayer.cue({month: '2014-01', ring: [], territory: true, attacks: true, answers: []})")
    rate, fewest, shows = play_through(frame)
    print(f"\nplay: {len(shows)} months at {rate:.1f} months/s; fewest place symbols in any frame: {fewest}")
    assert shows[-1][0] == "2019-12"
    assert [month for month, _ in shows] == sorted(month for month, _ in shows)  # one month after another
    assert fewest > 0
    assert offline_page.console_errors == []


def test_the_exported_html_plays_the_whole_timeline_offline(server_url, offline_page, tmp_path):
    page = offline_page.page
    page.goto(f"{server_url}/export")
    page.get_by_role("button", name="Build the HTML map").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the HTML map").click()
    target = tmp_path / "atlas.html"
    download.value.save_as(target)
    page.goto(target.as_uri())
    page.wait_for_function("() => window.atlasPlayer && document.querySelectorAll('.atlas-symbol').length > 0")
    frame = page.main_frame
    start = frame.evaluate("() => window.atlasPlayer.month()")
    assert start == "2014-06"  # the export page shows the map's month (one view state): the default, June 2014
    frame.evaluate("() => window.atlasPlayer.cue({month: '2014-01', ring: [], territory: true, attacks: true, answers: []})")
    rate, fewest, shows = play_through(frame)
    print(f"\nexported file: played {len(shows)} months at {rate:.1f} months/s offline")
    assert [month for month, _ in shows][:2] == ["2014-02", "2014-03"] and shows[-1][0] == "2019-12"
    assert len(shows) == 71
    assert fewest > 0
    assert offline_page.outside_requests == []
    assert offline_page.console_errors == []


SYMBOL_OF = """(id) => {
    let found = null;
    window.map.eachLayer(l => { if (l.options && l.options.atlasId === id && l._icon) found = l._icon.innerHTML; });
    return found;
}"""


def test_supporting_places_are_drawn_smaller_in_a_grey_ring(real_server_url, offline_page):
    """Dabiq (not in the article) in the grey ring, Mosul plain; the look survives a step (the icon is swapped)."""
    page = offline_page.page
    frame = open_player(offline_page, real_server_url, "date=2014-07")
    frame.wait_for_function(f"{PLAYER_DATE} === 'July 2014'")
    ring = 'stroke="#555555"'
    assert ring in frame.evaluate(SYMBOL_OF, "dabiq") and "scale(0.7)" in frame.evaluate(SYMBOL_OF, "dabiq")
    assert ring not in frame.evaluate(SYMBOL_OF, "mosul")
    before = frame.evaluate(SYMBOL_OF, "dabiq")
    frame.locator(".atlas-player-range").focus()
    page.keyboard.press("ArrowRight")  # August 2014: IS takes Dabiq, its icon changes
    frame.wait_for_function(f"{PLAYER_DATE} === 'August 2014'")
    after = frame.evaluate(SYMBOL_OF, "dabiq")
    assert after != before and ring in after and "scale(0.7)" in after
    legend = frame.evaluate("() => document.querySelector('.atlas-legend-supporting').textContent")
    assert "not in the article" in legend


SHOWN_FRONTS = """() => Array.from(document.querySelectorAll('path.leaflet-interactive, path'))
    .filter(p => p.getAttribute('stroke-dasharray') === '6 5' && p.getAttribute('stroke-opacity') !== '0').length"""
# The territory: no cell has an edge (cells of one holder merge), and the one month's cells are drawn.
CELL_EDGES = """() => Array.from(document.querySelectorAll('path.atlas-cell'))
    .filter(p => p.getAttribute('stroke') !== 'none' && p.getAttribute('fill-opacity') !== '0').length"""


def test_fronts_show_only_in_months_with_fighting_and_cells_have_no_inner_edges(real_server_url, offline_page):
    frame = open_player(offline_page, real_server_url, "date=2016-05")
    frame.wait_for_function(f"{PLAYER_DATE} === 'May 2016'")
    assert frame.evaluate(SHOWN_FRONTS) > 0
    assert frame.evaluate(CELL_EDGES) == 0
    frame.evaluate("() => window.atlasPlayer.cue({month: '2019-10', ring: [], territory: true, attacks: true, answers: []})")
    frame.wait_for_function(f"{PLAYER_DATE} === 'October 2019'")
    assert frame.evaluate(SHOWN_FRONTS) == 0  # IS has no town left to fight over
    frame.evaluate("() => window.atlasPlayer.cue({month: '2016-05', ring: [], territory: false, attacks: true, answers: []})")
    frame.wait_for_function(f"{PLAYER_DATE} === 'May 2016'")
    assert frame.evaluate(SHOWN_FRONTS) == 0  # territory off: no bands either
    assert offline_page.console_errors == []
