"""axe-core (axe-playwright-python) on all six pages and in their map frames, in English and Dutch: no critical
and no serious violations. One server for the module; each page opened once per language."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import MAP_FRAME, OfflinePage

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
    # The app has finished running: nothing is faded as stale (axe would measure the faded colours).
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && !document.querySelector('[data-stale=\"true\"]')"
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
