"""Real-browser fixtures: a Streamlit server on a free localhost port and Debian chromium via Playwright.

Without /usr/bin/chromium the browser tests skip with a reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from scripts import serve

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _require_browser() -> None:
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    message = f"Debian chromium not found at {CHROMIUM}; install it with `apt-get install -y chromium`"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: a missing browser is a failure, not a skip)")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path | None) -> tuple[str, subprocess.Popen]:
    """The app as `make run` starts it (scripts/serve.py), warmed up, on a free localhost port."""
    port = _free_port()
    env = dict(os.environ)
    if data_dir is not None:
        env["ATLAS_DATA_DIR"] = str(data_dir)
    process = serve.start(port, "127.0.0.1", [], env=env, quiet=True)
    if not serve.warm(port, process):
        process.kill()
        raise RuntimeError(f"streamlit on port {port} did not become ready (exit code {process.poll()})")
    return f"http://127.0.0.1:{port}", process


def _serve(data_dir: Path | None) -> Iterator[str]:
    _require_browser()
    url, process = start_server(data_dir)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """The app on the fixture data (small, known answers)."""
    yield from _serve(FIXTURE_DATA)


@pytest.fixture(scope="session")
def real_server_url() -> Iterator[str]:
    """The app on the committed data (what users see)."""
    yield from _serve(None)


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield instance
        instance.close()


class OfflinePage:
    """A page that blocks and records every request leaving localhost, and records console errors."""

    def __init__(self, page):
        self.page = page
        self.outside_requests: list[str] = []
        self.console_errors: list[str] = []
        page.route("**/*", self._route)
        page.on("console", self._record_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("response", self._record_failure)

    def _record_console(self, message) -> None:
        # A failed load is logged twice (console + response); the response handler judges it.
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.console_errors.append(message.text)

    def _record_failure(self, response) -> None:
        path = urlparse(response.url).path
        # Streamlit probes <page>/_stcore/* to find its base path before falling back to /_stcore/*.
        probing = "/_stcore/" in path and not path.startswith("/_stcore/")
        # Streamlit drops an image's old media file when a rerun draws it anew; a request still in flight for the old
        # one gets a 404 (streamlit/streamlit#4825). Not an error the user sees: wait_for_images checks that every
        # image on the page did load.
        stale_media = response.status == 404 and path.startswith("/media/")
        if response.status >= 400 and not probing and not stale_media:
            self.console_errors.append(f"HTTP {response.status}: {response.url}")

    def _route(self, route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if host in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:", "about:", "file:")):
            route.continue_()
        else:
            self.outside_requests.append(route.request.url)
            route.abort()


@pytest.fixture()
def offline_page(browser) -> Iterator[OfflinePage]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)  # a slow 2-core CI machine: waits end on conditions, this only bounds them
    offline = OfflinePage(page)
    yield offline
    context.close()


def wait_for_images(page) -> None:
    """Every image Streamlit shows on the page has loaded (a 404 on a replaced media file is not recorded as an
    error: OfflinePage._record_failure)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stImageContainer"] img')].every(
            img => img.complete && img.naturalWidth > 0)"""
    )


def map_frame(page, index: int = 0):
    """The Leaflet frame of the n-th map, once its map object exists (polled from the parent page, so the
    iframe's blank first document is never mistaken for the map)."""
    page.wait_for_function(
        """([selector, index]) => {
            const frame = document.querySelectorAll(selector)[index];
            const map = frame && frame.contentWindow && frame.contentWindow.map;
            return Boolean(map && map._loaded);
        }""",
        arg=[MAP_FRAME, index],
    )
    return page.locator(MAP_FRAME).nth(index).element_handle().content_frame()


def upload_file(page, box: str, path, loaded: str) -> None:
    """Give the uploader whose label holds `box` the file at `path`, and wait for the page to say `loaded`."""
    page.locator("[data-testid=stFileUploader]").filter(has_text=box).locator("input[type=file]").set_input_files(str(path))
    page.get_by_text(loaded).first.wait_for()


# Leaflet's setters (setView, setZoom, eachLayer …) return the map. Call them in a block, `() => { map.setZoom(8); }`:
# an expression body hands the whole map to Playwright to serialise, which took 20 s a call on 470 places.


def wait_in_map(page, predicate: str, index: int = 0, timeout: int = 60_000) -> None:
    """Wait until `predicate` (a JS function's source) is true inside the n-th map's frame, asked from the parent
    page each time: a rerun that replaces the map's iframe meanwhile does not leave the wait on a dead frame."""
    page.wait_for_function(
        """([selector, index, source]) => {
            const frame = document.querySelectorAll(selector)[index];
            const inner = frame && frame.contentWindow;
            if (!inner || !inner.map || !inner.map._loaded) return false;
            try { return Boolean(inner.eval("(" + source + ")()")); } catch (error) { return false; }
        }""",
        arg=[MAP_FRAME, index, predicate],
        timeout=timeout,
    )
