"""Speed and size figures for the map page on the real data (printed, never asserted).

Targets (issue 3): server time per slider move <= 50 ms median; data per move <= 60 KB; key press to
map updated <= 300 ms median; play >= 2 months/s without a blank frame; first map <= 3 s after ready.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


def server_time_per_move() -> tuple[list[float], list[int]]:
    """Full script reruns in-process after a slider move (what the server does per move)."""
    durations: list[float] = []
    _record_script_runs(durations)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["date"] = "2014-01"
    at.run()
    slider = at.select_slider(key="map.month_key")
    options = [f"{year}-{month:02d}" for year in range(2014, 2020) for month in range(1, 13)]
    times, sizes = [], []
    for key in options[1 : MOVES + 1]:
        durations.clear()
        slider.set_value(key).run()
        times.append(sum(durations))
        element = next(e for e in at.get("component_instance") if "feature_group" in json.loads(e.proto.json_args))
        sizes.append(len(json.loads(element.proto.json_args)["feature_group"].encode()))
    return times, sizes


def browser_figures() -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    url, process = start_server(None)
    figures: dict[str, object] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            received: list[int] = []
            page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
            started = time.perf_counter()
            page.goto(f"{url}/?date=2014-01")
            frame = map_frame(page)
            frame.wait_for_function("() => document.querySelectorAll('.atlas-symbol').length > 20")
            figures["first map visible (s)"] = round(time.perf_counter() - started, 2)
            figures.update(_key_press_latency(page, frame, received))
            figures.update(_play_rate(page, frame))
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    return figures


def _key_press_latency(page, frame, received: list[int]) -> dict[str, object]:
    slider = page.get_by_role("slider", name="Month")
    latencies, bytes_per_move = [], []
    for _ in range(MOVES):
        frame.evaluate("() => { window.previousLayer = window.__GLOBAL_DATA__.last_feature_group; }")
        received.clear()
        slider.focus()
        started = time.perf_counter()
        page.keyboard.press("ArrowRight")
        frame.wait_for_function("() => window.__GLOBAL_DATA__.last_feature_group !== window.previousLayer", polling="raf")
        latencies.append((time.perf_counter() - started) * 1000)
        page.wait_for_timeout(150)  # let the rerun's trailing messages arrive before counting bytes
        bytes_per_move.append(sum(received))
    return {
        "key press -> map updated, median (ms)": round(statistics.median(latencies)),
        "key press -> map updated, max (ms)": round(max(latencies)),
        "websocket bytes per move, median (KB)": round(statistics.median(bytes_per_move) / 1024, 1),
    }


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
    times, sizes = server_time_per_move()
    print("Territory Atlas benchmark (real data, this machine)")
    print(f"  server time per slider move, median (ms): {statistics.median(times):.0f}  (max {max(times):.0f})")
    print(f"  map layer sent per move, median (KB): {statistics.median(sizes) / 1024:.1f}  (max {max(sizes) / 1024:.1f})")
    if not Path(CHROMIUM).exists():
        print(f"  browser figures skipped: no chromium at {CHROMIUM}")
        return
    for name, value in browser_figures().items():
        print(f"  {name}: {value}")


if __name__ == "__main__":
    main()
