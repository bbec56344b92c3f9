"""axe-core (axe-playwright-python) on all six pages and in their map frames, in English and Dutch: no critical
and no serious violations. One server for the module; each page opened once per language."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import MAP_FRAME, OfflinePage, map_frame

pytestmark = pytest.mark.e2e

# (path, how many map frames it shows at least)
PAGES = {
    "map": ("/", 1),
    "explore": ("/explore", 0),
    "compare": ("/compare", 3),
    "present": ("/present", 1),
    "export": ("/export", 0),
    "upload": ("/upload", 0),
}
BLOCKING = ("critical", "serious")


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def violations(axe, target) -> list[dict]:
    """axe's violations in a page or frame as (impact, rule, how many nodes, the first node's target)."""
    found = axe.run(target).response["violations"]
    return [
        {"impact": v["impact"], "id": v["id"], "nodes": len(v["nodes"]), "first": v["nodes"][0]["target"] if v["nodes"] else None}
        for v in found
    ]


def open_page(page, url: str, path: str, frames: int, lang: str) -> None:
    page.goto(f"{url}{path}" + ("?lang=nl" if lang == "nl" else ""))
    page.locator("[data-testid='stMainBlockContainer'] h1").first.wait_for()
    # Every map frame has drawn its map (and the player its month) before axe looks at it.
    page.wait_for_function(
        """([selector, count]) => {
            const frames = Array.from(document.querySelectorAll(selector));
            return frames.length >= count && frames.every(f => f.contentWindow.map && f.contentWindow.map._loaded
                && (!f.contentWindow.document.querySelector('.atlas-player') || f.contentWindow.atlasPlayer));
        }""",
        arg=[MAP_FRAME, frames],
    )
    # The app has finished running and its stylesheet (components/style.py) is in: nothing is faded as stale
    # and the captions have their own colour (axe would measure the faded or default colours).
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]') && !document.querySelector('[data-stale="true"]')
            && Array.from(document.querySelectorAll('[data-testid="stCaptionContainer"]')).every(c => getComputedStyle(c).opacity === '1')"""
    )


def summary(found: list[dict]) -> str:
    return ", ".join(f"{v['impact']}:{v['id']}({v['nodes']}) {v['first']}" for v in found) or "none"


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_critical_or_serious_violation(server_url, browser, axe, name, lang):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(60_000)
    offline = OfflinePage(page)
    try:
        open_page(page, server_url, *PAGES[name], lang)
        found = {"page": violations(axe, page)}
        for k, handle in enumerate(page.locator(MAP_FRAME).element_handles()):
            found[f"map frame {k + 1}"] = violations(axe, handle.content_frame())
    finally:
        context.close()
    for where, items in found.items():
        counts = {impact: sum(1 for v in items if v["impact"] == impact) for impact in ("critical", "serious", "moderate", "minor")}
        print(f"\naxe {name} {lang} {where}: {counts} {summary(items)}")
    blocking = {where: [v for v in items if v["impact"] in BLOCKING] for where, items in found.items()}
    assert not any(blocking.values()), {where: summary(items) for where, items in blocking.items() if items}
    assert offline.outside_requests == []


NAMES = {
    "en": {"back": "One month back", "play": "Play", "forward": "One month on", "month": "Month", "zoom": ["Zoom in", "Zoom out"]},
    "nl": {
        "back": "Eén maand terug",
        "play": "Afspelen",
        "forward": "Eén maand verder",
        "month": "Maand",
        "zoom": ["Inzoomen", "Uitzoomen"],
    },
}
SPOKEN = """() => ({
    back: document.querySelector('.atlas-player-back').getAttribute('aria-label'),
    play: document.querySelector('.atlas-player-play').getAttribute('aria-label'),
    forward: document.querySelector('.atlas-player-forward').getAttribute('aria-label'),
    month: document.querySelector('.atlas-player-range').getAttribute('aria-label'),
    valuetext: document.querySelector('.atlas-player-range').getAttribute('aria-valuetext'),
    date: document.querySelector('.atlas-player-date').textContent,
    speed: document.querySelector('.atlas-player-speed').labels[0].textContent,
    zoom: Array.from(document.querySelectorAll('.leaflet-control-zoom a')).map(a => a.getAttribute('aria-label')),
    lang: document.documentElement.lang,
    holdersTitle: document.querySelector('.atlas-holders h2').textContent,
    holders: Array.from(document.querySelectorAll('.atlas-holders li')).map(li => li.textContent),
})"""


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_player_is_named_and_speaks_the_month_and_its_holders(server_url, browser, lang):
    """Every control named in the UI language, the slider's value text is the month, and the map's text
    alternative (who holds which place) follows the month."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{server_url}/?date=2014-05" + ("&lang=nl" if lang == "nl" else ""))
        frame = map_frame(page)
        frame.wait_for_function("() => window.atlasPlayer && document.querySelectorAll('.atlas-holders li').length > 0")
        before = frame.evaluate(SPOKEN)
        slider = page.get_by_role("slider", name=NAMES[lang]["month"])
        server_slider = [slider.get_attribute("aria-valuetext"), slider.get_attribute("aria-valuenow")]
        frame.locator(".atlas-player-forward").click()
        frame.wait_for_function(f"() => document.querySelector('.atlas-player-date').textContent !== {before['date']!r}")
        after = frame.evaluate(SPOKEN)
    finally:
        context.close()
    names = NAMES[lang]
    assert [before[k] for k in ("back", "play", "forward", "month")] == [names[k] for k in ("back", "play", "forward", "month")]
    assert before["zoom"] == names["zoom"] and before["lang"] == lang
    assert before["speed"].startswith("Speed" if lang == "en" else "Snelheid")
    print(f"\nthe page's month slider: aria-valuetext, aria-valuenow = {server_slider}")
    assert server_slider[0] == before["date"], "the page's month slider announces the month, not its index"
    assert before["valuetext"] == before["date"] and after["valuetext"] == after["date"] != before["date"]
    assert before["date"] in before["holdersTitle"] and after["date"] in after["holdersTitle"]
    mosul = "Mosul" if lang == "en" else "Mosoel"
    assert [h for h in before["holders"] if h.startswith(mosul)] != [h for h in after["holders"] if h.startswith(mosul)], (
        "Mosul changed hands in June 2014: the list says so"
    )
