"""Speed and size figures for the map page on the real data (printed, never asserted).

Targets (issue 3): server time per slider move <= 50 ms median; data per move <= 60 KB; key press to
map updated <= 300 ms median; play >= 2 months/s without a blank frame; first map <= 3 s after ready.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import hostile  # noqa: E402
from components.control_map import PREFETCH_SWITCH, prefetched  # noqa: E402
from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS, map_frame, start_server  # noqa: E402

MOVES = 24


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


START = "2014-05"


def _month_keys() -> list[str]:
    keys = [f"{year}-{month:02d}" for year in range(2014, 2020) for month in range(1, 13)]
    first = keys.index(START)
    return keys[first : first + MOVES + 1]


def server_time_per_move() -> dict[str, object]:
    """Full script reruns in-process after a slider move: first visits with cold caches, revisits, and
    first visits once the warm-up prefetch (on under `make run`) has built every month."""
    durations: list[float] = []
    _record_script_runs(durations)
    keys = _month_keys()
    results: dict[str, object] = {"layers": {}}
    at = _app_at_start()
    for phase, sequence in (("cold", keys[1:]), ("warm", [*keys[-2::-1], *keys[1:]])):
        results[phase] = _moves(at, sequence, durations, results["layers"])
    os.environ[PREFETCH_SWITCH] = "1"
    st.cache_data.clear()
    st.cache_resource.clear()
    at = _app_at_start()
    prefetched()
    results["prefetched"] = _moves(at, keys[1:], durations, results["layers"])
    del os.environ[PREFETCH_SWITCH]
    return results


def _app_at_start() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["date"] = START
    at.run()
    return at


def _moves(at: AppTest, sequence: list[str], durations: list[float], layers: dict[str, str]) -> tuple[list[float], list[int]]:
    slider = at.select_slider(key="map.month_key")
    times, sizes = [], []
    for key in sequence:
        durations.clear()
        slider.set_value(key).run()
        times.append(sum(durations))
        component = next(e for e in at.get("component_instance") if "feature_group" in json.loads(e.proto.json_args))
        layers[key] = json.loads(component.proto.json_args)["feature_group"]
        sizes.append(len(layers[key].encode()))
    return times, sizes


def browser_figures(layers: dict[str, str]) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    url, process = start_server(None)
    figures: dict[str, object] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            figures["first map visible, 5 new visitors, median (s)"] = _first_map_median(browser, url, visitors=5)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            received: list[int] = []
            page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
            page.goto(f"{url}/?date={START}")
            frame = map_frame(page)
            frame.wait_for_function("() => document.querySelectorAll('.atlas-symbol').length > 20")
            figures.update(_key_press_latency(page, frame, received, layers))
            figures.update(_play_rate(page, frame))
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    return figures


def _first_map_median(browser, url: str, visitors: int) -> float:
    """From opening the address (empty browser cache) to the places drawn on the map."""
    times = []
    for _ in range(visitors):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{url}/?date={START}")
        map_frame(page).wait_for_function("() => document.querySelectorAll('.atlas-symbol').length > 20")
        times.append(time.perf_counter() - started)
        context.close()
    return round(statistics.median(times), 2)


def _key_press_latency(page, frame, received: list[int], layers: dict[str, str]) -> dict[str, object]:
    """Key press -> the map shows the new month's layer (only moves whose layer differs; others need no redraw)."""
    slider = page.get_by_role("slider", name="Month")
    keys = _month_keys()
    latencies, bytes_per_move = [], []
    for previous, key in zip(keys, keys[1:], strict=False):
        frame.evaluate("() => { window.previousLayer = window.__GLOBAL_DATA__.last_feature_group; }")
        received.clear()
        slider.focus()
        started = time.perf_counter()
        page.keyboard.press("ArrowRight")
        if layers.get(key) != layers.get(previous):
            frame.wait_for_function("() => window.__GLOBAL_DATA__.last_feature_group !== window.previousLayer", polling="raf")
            latencies.append((time.perf_counter() - started) * 1000)
        page.get_by_text(_label(key)).first.wait_for()
        page.wait_for_timeout(150)  # let the rerun's trailing messages arrive before counting bytes
        bytes_per_move.append(sum(received))
    return {
        "moves that redraw the map": f"{len(latencies)} of {len(keys) - 1}",
        "key press -> map updated, median (ms)": round(statistics.median(latencies)),
        "key press -> map updated, max (ms)": round(max(latencies)),
        "websocket bytes per move, median (KB)": round(statistics.median(bytes_per_move) / 1024, 1),
        "websocket bytes per move, max (KB)": round(max(bytes_per_move) / 1024, 1),
    }


def _label(key: str) -> str:
    from datetime import date

    year, month = map(int, key.split("-"))
    return date(year, month, 1).strftime("%B %Y")


def _play_rate(page, frame) -> dict[str, object]:
    frame.evaluate(
        """() => { window.minSymbols = 1e9; const count = () => {
            window.minSymbols = Math.min(window.minSymbols, document.querySelectorAll('.atlas-symbol').length);
            requestAnimationFrame(count); }; requestAnimationFrame(count); }"""
    )
    label = page.get_by_test_id("atlas-date").first
    first_label = label.inner_text()
    page.get_by_role("button", name="Play").click()
    started = time.perf_counter()
    page.wait_for_timeout(6000)
    page.get_by_role("button", name="Pause").click()
    elapsed = time.perf_counter() - started
    months = _months_between(first_label, label.inner_text())
    return {
        "play rate (months/s)": round(months / elapsed, 2),
        "fewest place symbols seen during play (0 = blank frame)": frame.evaluate("() => window.minSymbols"),
    }


def _months_between(first: str, last: str) -> int:
    from datetime import datetime

    a, b = datetime.strptime(first, "%B %Y"), datetime.strptime(last, "%B %Y")
    return (b.year - a.year) * 12 + b.month - a.month


def main() -> None:
    server = server_time_per_move()
    print("Territory Atlas benchmark (real data, this machine)")
    phases = (("cold", "first visit, cold caches"), ("warm", "months seen before"), ("prefetched", "first visit after prefetch"))
    for phase, what in phases:
        times, sizes = server[phase]
        print(f"  server time per slider move, {what}, median (ms): {statistics.median(times):.0f}  (max {max(times):.0f})")
    sizes = server["cold"][1]
    print(f"  map layer sent per move, median (KB): {statistics.median(sizes) / 1024:.1f}  (max {max(sizes) / 1024:.1f})")
    print("Hostile uploads (issue 12), server time:")
    hostile.main()
    if not Path(CHROMIUM).exists():
        print(f"  browser figures skipped: no chromium at {CHROMIUM}")
        return
    for name, value in browser_figures(server["layers"]).items():
        print(f"  {name}: {value}")


if __name__ == "__main__":
    main()
