"""`make load`: a class at once against one `make run` server on loopback (figures printed, never asserted).

Two instruments, both on this machine:
- N concurrent sessions speak Streamlit's websocket protocol (no browser): each opens the map page (first run
  of a new session, until the map component arrives and the run finishes, plus the timeline file the map
  fetches) and then sends the in-map player's month reports of a scrub (REPORTS_PER_SESSION reruns; with the
  player, a scrub of 10 key presses reaches the server once or twice). Prints p50/p95 per open and per
  report, errors, server CPU per rerun and memory per session.
- While they run, BROWSERS headless chromium pages press ArrowRight in the in-map player and time key press ->
  map updated (the player's date label and symbols changed) inside the page.
N = 1, 10, 30, 60 by default; every phase is bounded in time. Loopback only.
Then the lesson phase (bench/lesson_load.py): two classes of 30 pupils following two teachers and answering.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS, map_frame, start_server  # noqa: E402

SESSIONS = (1, 10, 30, 60)
REPORTS_PER_SESSION = 2
BROWSERS = 3
KEY_PRESSES = 10
PHASE_TIMEOUT_S = 120
MONTHS = [f"{year}-{month:02d}" for year in range(2014, 2020) for month in range(1, 13)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rerun(query: str, widgets=None) -> bytes:
    message = BackMsg()
    message.rerun_script.query_string = query
    if widgets is not None:
        message.rerun_script.widget_states.widgets.extend(widgets)
    return message.SerializeToString()


async def run_until_finished(socket) -> tuple[object | None, bool]:
    """Read until the script run finishes; (the map component's widget proto if seen, finished OK)."""
    component = None
    while True:
        message = ForwardMsg()
        message.ParseFromString(await socket.recv())
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "component_instance" and "feature_group" in element.component_instance.json_args:
                component = element.component_instance
        elif kind == "script_finished":
            return component, message.script_finished in (0, 1)  # FINISHED_SUCCESSFULLY / FINISHED_FRAGMENT_RUN_SUCCESSFULLY


async def one_session(url: str, index: int, opens: list, reports: list, errors: list) -> None:
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    month = MONTHS[(index * 7) % len(MONTHS)]
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as socket:
            started = time.perf_counter()
            await socket.send(rerun(f"date={month}"))
            component, ok = await run_until_finished(socket)
            if component is None or not ok:
                raise RuntimeError("the map did not arrive")
            player_url = json.loads(component.json_args)["script"].split('"url":"', 1)[1].split('"', 1)[0]
            await asyncio.to_thread(lambda: urllib.request.urlopen(url + player_url, timeout=60).read())
            opens.append(time.perf_counter() - started)
            for seq in range(1, REPORTS_PER_SESSION + 1):
                from streamlit.proto.WidgetStates_pb2 import WidgetState

                state = WidgetState(id=component.id)
                state.json_value = json.dumps(
                    {
                        "last_object_clicked": None,
                        "atlas_month": MONTHS[(index + seq * 5) % 72],
                        "atlas_seq": seq,
                        "atlas_mount": f"s{index}",
                    }
                )
                started = time.perf_counter()
                await socket.send(rerun(f"date={month}", [state]))
                _, ok = await run_until_finished(socket)
                if not ok:
                    raise RuntimeError("a report's rerun failed")
                reports.append(time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001 - a load test counts every kind of failure as an error
        errors.append(f"{type(error).__name__}: {error}")


async def sessions(url: str, count: int) -> dict:
    opens, reports, errors = [], [], []
    await asyncio.wait_for(asyncio.gather(*(one_session(url, i, opens, reports, errors) for i in range(count))), PHASE_TIMEOUT_S)
    return {"opens": opens, "reports": reports, "errors": errors}


def browser_key_presses(url: str, results: list, stop: threading.Event, ready: threading.Event) -> None:
    """BROWSERS pages, each pressing ArrowRight in the in-map player; key press -> map updated, in ms."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        pages = []
        for _ in range(BROWSERS):
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
            page.goto(f"{url}/?date=2014-06")
            frame = map_frame(page)
            frame.wait_for_function("() => window.atlasPlayer && document.querySelectorAll('.atlas-symbol').length > 0")
            pages.append((page, frame))
        ready.set()
        while not stop.is_set():
            for page, frame in pages:
                frame.locator(".atlas-player-range").focus()
                before = frame.evaluate("() => window.atlasPlayer.month()")
                frame.evaluate(
                    """() => { window.pressed = performance.now(); window.updated = null;
                    window.atlasPlayer.onShow.splice(0, 9, () => requestAnimationFrame(() => { window.updated = performance.now(); })); }"""
                )
                page.keyboard.press("ArrowLeft" if before == "2019-12" else "ArrowRight")
                frame.wait_for_function("() => window.updated !== null")
                results.append(frame.evaluate("() => window.updated - window.pressed"))
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="*", default=list(SESSIONS))
    parser.add_argument("--no-lessons", dest="lessons", action="store_false", help="skip the lesson phase")
    arguments = parser.parse_args()
    # the lessons database: ATLAS_DATABASE_URL if given (e.g. PostgreSQL), else a throw-away SQLite file
    os.environ.setdefault("ATLAS_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='atlas-load-')}/lessons.sqlite3")
    url, process = start_server(None)
    try:
        print(f"server: one `make run` process on {url} (pid {process.pid}); load and browsers on the same 2 cores")
        print(
            f"{'N':>4} {'open p50':>9} {'open p95':>9} {'report p50':>11} {'report p95':>11} {'key p50':>8} {'key p95':>8} {'errors':>6} {'CPU/rerun':>10} {'MB/session':>10}"
        )
        for count in arguments.sessions:
            key_times: list[float] = []
            stop, ready = threading.Event(), threading.Event()
            browsers = threading.Thread(target=browser_key_presses, args=(url, key_times, stop, ready), daemon=True)
            browsers.start()
            ready.wait(PHASE_TIMEOUT_S)
            key_times.clear()
            cpu_before, rss_before = cpu_seconds(process.pid), rss_mb(process.pid)
            try:
                result = asyncio.run(sessions(url, count))
            except TimeoutError:
                result = {"opens": [], "reports": [], "errors": [f"phase timed out after {PHASE_TIMEOUT_S} s"]}
            cpu = cpu_seconds(process.pid) - cpu_before
            rss = rss_mb(process.pid) - rss_before
            stop.set()
            browsers.join(PHASE_TIMEOUT_S)
            reruns = len(result["opens"]) + len(result["reports"])
            print(
                f"{count:>4} {percentile(result['opens'], 0.5):>8.2f}s {percentile(result['opens'], 0.95):>8.2f}s "
                f"{percentile(result['reports'], 0.5) * 1000:>9.0f}ms {percentile(result['reports'], 0.95) * 1000:>9.0f}ms "
                f"{percentile(key_times, 0.5):>6.0f}ms {percentile(key_times, 0.95):>6.0f}ms {len(result['errors']):>6} "
                f"{cpu / max(reruns, 1) * 1000:>8.0f}ms {rss / max(count, 1):>9.1f}",
                flush=True,
            )
            for error in result["errors"][:3]:
                print(f"      error: {error}")
        print(f"key presses: {BROWSERS} headless chromium pages pressing ArrowRight in the in-map player during each phase")
        print("(key press -> next animation frame after the player drew the month; measured in the page)")
        if arguments.lessons:
            from bench.lesson_load import lesson_phase, report

            cpu_before = cpu_seconds(process.pid)
            started = time.perf_counter()
            result = asyncio.run(lesson_phase(url, os.environ["ATLAS_DATABASE_URL"]))
            print(report(result))
            print(
                f"  server CPU {cpu_seconds(process.pid) - cpu_before:.1f} s over {time.perf_counter() - started:.0f} s of lesson",
                flush=True,
            )
    finally:
        process.terminate()
        process.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
