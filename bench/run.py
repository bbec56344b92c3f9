"""Speed and size figures for the map page on the real data (printed, never asserted).

The timeline plays in the browser (core/render/player.js): a move costs the server nothing. What is measured:
- server: a new visitor's first script run, and the rerun when the player reports the month it rests on
  (in-process AppTest runs, warm caches, median of several);
- the whole-timeline payload the map fetches once (per language, raw and gzipped);
- in headless Debian chromium against one `make run` server: first map visible for new visitors, key press
  -> map updated in the in-map player, websocket messages sent while stepping, and the play rate with the
  fewest place symbols seen in any frame (0 would be a blank frame).
Targets (issue 11): key press -> map updated <= 300 ms p95; play >= 6 months/s without a blank frame.
"""

from __future__ import annotations

import gzip
import statistics
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench import hostile
from components.control_map import builtin_timeline
from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS, map_frame, start_server
from tests.e2e.test_player_browser import play_through

ROOT = Path(__file__).resolve().parents[1]
START = "2014-05"
VISITORS, PRESSES = 5, 24


def _record_script_runs(durations: list[float]) -> None:
    """Time each script run itself (AppTest's own polling is not server time)."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script

    def timed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            durations.append((time.perf_counter() - started) * 1000)

    script_runner.ScriptRunner._run_script = timed


def server_figures() -> dict[str, str]:
    durations: list[float] = []
    _record_script_runs(durations)
    st.cache_data.clear()
    st.cache_resource.clear()
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()  # warm the caches once, as make run does
    first_runs = []
    for _ in range(VISITORS):
        durations.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["date"] = START
        at.run()
        first_runs.append(sum(durations))
    figures = {"first script run of a new visitor, median (ms)": f"{statistics.median(first_runs):.0f} (max {max(first_runs):.0f})"}
    for lang in ("en", "nl"):
        payload = builtin_timeline(lang).json.encode()
        figures[f"whole-timeline payload, {lang} (KB)"] = f"{len(payload) / 1024:.0f} raw, {len(gzip.compress(payload)) / 1024:.0f} gzipped"
    return figures


def browser_figures() -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    url, process = start_server(None)
    figures: dict[str, object] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            figures["first map visible, new visitors, median (s)"] = _first_map_median(browser, url)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            sent: list[int] = []
            page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
            page.goto(f"{url}/?date={START}")
            frame = map_frame(page)
            frame.wait_for_function("() => window.atlasPlayer && document.querySelectorAll('.atlas-symbol').length > 20")
            figures.update(_key_presses(page, frame, sent))
            rate, fewest, shows = play_through(frame)
            figures["play rate, default speed (months/s)"] = round(rate, 1)
            figures["fewest place symbols in any frame while playing (0 = blank)"] = fewest
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    return figures


def _first_map_median(browser, url: str) -> float:
    """From opening the address (empty browser cache) to the places drawn by the player."""
    times = []
    for _ in range(VISITORS):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{url}/?date={START}")
        map_frame(page).wait_for_function("() => window.atlasPlayer && document.querySelectorAll('.atlas-symbol').length > 20")
        times.append(time.perf_counter() - started)
        context.close()
    return round(statistics.median(times), 2)


def _key_presses(page, frame, sent: list[int]) -> dict[str, object]:
    """Key press -> the next animation frame after the player drew the new month, timed inside the page."""
    frame.locator(".atlas-player-range").focus()
    sent.clear()
    latencies = []
    for _ in range(PRESSES):
        frame.evaluate(
            """() => { window.pressed = performance.now(); window.updated = null;
            window.atlasPlayer.onShow.splice(0, 9, () => requestAnimationFrame(() => { window.updated = performance.now(); })); }"""
        )
        page.keyboard.press("ArrowRight")
        frame.wait_for_function("() => window.updated !== null")
        latencies.append(frame.evaluate("() => window.updated - window.pressed"))
    steps_messages = len(sent)
    page.wait_for_timeout(1000)  # the player reports the month it rests on once, after the presses
    ordered = sorted(latencies)
    return {
        "key press -> map updated, median / p95 (ms)": f"{statistics.median(ordered):.0f} / {ordered[int(0.95 * (len(ordered) - 1))]:.0f}",
        f"websocket messages sent during {PRESSES} presses": steps_messages,
        "websocket messages sent once they rest (the month report)": len(sent) - steps_messages,
    }


def main() -> None:
    print("Territory Atlas benchmark (real data, this machine; see the docstring for what runs where)")
    for name, value in server_figures().items():
        print(f"  {name}: {value}")
    if not Path(CHROMIUM).exists():
        print(f"  browser figures skipped: no chromium at {CHROMIUM}")
    else:
        for name, value in browser_figures().items():
            print(f"  {name}: {value}")
    hostile.main()


if __name__ == "__main__":
    main()
