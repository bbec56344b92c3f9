"""A bare start and a restart in a real browser (issue 20): no launcher, no warm-up, as an orchestrator starts a
replica. The first visitor's menu is the app's, in their language; an upload does not survive a restart, and the
page says so plainly instead of listing a file the server no longer has.

One server (restarted once on the same port) for the module.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import FIXTURE_DATA, ROOT, _free_port, _require_browser

pytestmark = pytest.mark.e2e

UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
DUTCH_MENU = ["Kaart", "Vergelijk", "Presenteer", "Verken", "Exporteer", "Eigen data"]
FILE_NAMES = {"app", "map", "compare", "present", "explore", "export", "upload"}


class BareServer:
    """`streamlit run app.py` on a fixed free port, nothing else (no warm-up, no readiness wait)."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port), "--server.address", "127.0.0.1"]
        env = dict(os.environ, ATLAS_DATA_DIR=str(FIXTURE_DATA))
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("streamlit did not answer /_stcore/health")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture(scope="module")
def bare_server():
    _require_browser()
    server = BareServer()
    server.start()
    yield server
    server.stop()


def _menu(page) -> list[str]:
    return [text.split("\n")[-1].strip() for text in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]


def test_the_first_visitor_after_a_bare_start_gets_the_dutch_menu(bare_server, offline_page):
    page = offline_page.page  # the server's very first session: nothing ran before it
    page.goto(f"{bare_server.url}/upload?lang=nl")
    page.get_by_role("heading", name="Je eigen data").wait_for()
    shown = _menu(page)
    assert set(DUTCH_MENU) <= set(shown) and not FILE_NAMES & set(shown), shown
    assert page.url.startswith(f"{bare_server.url}/upload")


def test_an_upload_across_a_restart_ends_in_a_plain_message(bare_server, offline_page):
    page = offline_page.page
    page.goto(f"{bare_server.url}/upload")
    page.get_by_text("Upload a places or events file").first.wait_for()
    uploader = page.locator("[data-testid=stFileUploader]").filter(has_text="Places (CSV)")
    uploader.locator("input[type=file]").set_input_files(str(UPLOADS / "hostile_places.csv"))
    page.get_by_text("Places: 1 rows loaded").first.wait_for()
    page.get_by_role("heading", name="Download your data").wait_for()
    assert page.locator("[data-testid=stFileChip]").count() == 1

    bare_server.stop()
    bare_server.start()  # same port: the open page reconnects by itself

    page.get_by_text("The server was restarted, so the files you uploaded are gone").wait_for(timeout=60_000)
    page.get_by_text("Upload a places or events file").first.wait_for()
    assert page.locator("[data-testid=stFileChip]").count() == 0  # no file listed that the server lacks
    assert page.get_by_role("heading", name="Download your data").count() == 0  # no download of data that is gone
    assert page.get_by_text("Places: 1 rows loaded").count() == 0
