"""The app as a school deploys it (issue 20), in a real browser: the Dockerfile's command serving a read-only copy
as nobody (tests/server.py), behind Debian's nginx running the shipped deploy/nginx.conf (tests/nginx.py).

One server and one nginx for the whole module: every page in both languages renders through the proxy with
0 CSP violations, the proxy sends the README's headers, and nothing was written inside the copy.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import server
from tests.e2e.conftest import _free_port, _require_browser, map_frame
from tests.nginx import check, running_nginx, shipped_config

pytestmark = pytest.mark.e2e

# path -> (what shows the page is drawn, English, Dutch)
PAGES = {
    "": ("heading", "Territory Atlas: Islamic State 2014–2019", "Territoriumatlas: Islamitische Staat 2014–2019"),
    "compare": ("heading", "Compare two moments", "Vergelijk twee momenten"),
    "present": ("button", "Next ▶", "Volgende ▶"),
    "explore": ("heading", "Explore the places and events", "Verken de plaatsen en gebeurtenissen"),
    "export": ("heading", "Take it away", "Neem het mee"),
    "upload": ("heading", "Your own data", "Je eigen data"),
}
MENU = {
    "en": ["Map", "Compare", "Present", "Explore", "Export", "Your data"],
    "nl": ["Kaart", "Vergelijk", "Presenteer", "Verken", "Exporteer", "Eigen data"],
}
FILE_NAMES = {"app", "map", "compare", "present", "explore", "export", "upload"}
ERROR_TEXTS = ("This app has encountered an error", "cannot be drawn", "kan niet getekend")
README_HEADERS = {
    "content-security-policy": "frame-ancestors 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": "geolocation=()",
}
# Every frame (the map's srcdoc iframe too) records CSP violations before its own scripts run.
RECORD_CSP = """
document.addEventListener('securitypolicyviolation', (e) => {
    (window.top.__cspViolations = window.top.__cspViolations || []).push(
        e.violatedDirective + ' blocked ' + e.blockedURI + ' in ' + (e.documentURI || '').slice(0, 60));
});
"""


IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && document.readyState === 'complete'"


@dataclass
class Deployed:
    copy: Path
    before: dict
    port: int
    proxy: str
    pid: int


@pytest.fixture(scope="module")
def deployed():
    _require_browser()
    reason = server.can_isolate()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    tmp = Path(tempfile.mkdtemp(prefix="atlas-deployed-"))  # not pytest's tmp: its parents are 0700, nobody must reach it
    copy = server.copy_like_the_image(tmp / "app")
    before = server.snapshot(copy)
    port = _free_port()
    process = server.start_readonly(copy, tmp / "tmpfs", port)
    try:
        server.wait_ready(port, process)
        listen = f"127.0.0.1:{_free_port()}"
        (tmp / "nginx").mkdir()
        with running_nginx(server_config := shipped_config([f"127.0.0.1:{port}"], listen), tmp / "nginx", listen) as proxy:
            assert check(server_config, tmp / "nginx").returncode == 0
            yield Deployed(copy, before, port, proxy, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


def _menu(page) -> list[str]:
    return [text.split("\n")[-1].strip() for text in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_page_renders_through_nginx_with_no_csp_violation(deployed, browser, lang):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(RECORD_CSP)
    page = context.new_page()
    page.set_default_timeout(60_000)
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None)
    timeline_files: list[int] = []
    page.on("response", lambda r: timeline_files.append(r.status) if "/app/static/timeline/timeline-" in r.url else None)
    try:
        for path, (role, en, nl) in PAGES.items():
            page.goto(f"{deployed.proxy}/{path}?lang={lang}")
            page.get_by_role(role, name=en if lang == "en" else nl).first.wait_for()
            if path == "":
                frame = map_frame(page)
                frame.wait_for_function("() => document.querySelectorAll('.atlas-symbol').length > 0")  # the player drew
            page.wait_for_function(IDLE)  # the run ended: everything it drew had its chance to break the policy
            body = page.locator("body").inner_text()
            assert not [text for text in ERROR_TEXTS if text in body], f"/{path}?lang={lang}"
            assert page.locator('[data-testid="stException"]').count() == 0
            if path != "present":  # the projector page hides the sidebar
                shown = _menu(page)
                assert set(MENU[lang]) <= set(shown) and not FILE_NAMES & set(shown), (path, shown)
        violations = page.evaluate("() => window.__cspViolations || []")
        assert violations == [] and console == [], (violations, console)
        assert timeline_files and set(timeline_files) <= {200, 304}  # the built timeline, fetched through nginx
    finally:
        context.close()


def test_nginx_sends_the_readme_headers_and_readiness(deployed):
    with urllib.request.urlopen(f"{deployed.proxy}/", timeout=10) as response:
        headers = {name.lower(): value for name, value in response.headers.items()}
    for name, part in README_HEADERS.items():
        assert part in headers.get(name, ""), name
    assert "strict-transport-security" not in headers  # plain HTTP here: HSTS is sent over TLS only
    readme = (server.ROOT / "README.md").read_text()
    assert headers["content-security-policy"] in readme  # the README shows the policy nginx sends
    with urllib.request.urlopen(f"{deployed.proxy}/readyz", timeout=10) as response:
        assert response.read().decode() == "ok"


def test_join_and_lesson_addresses_are_rate_limited(deployed):
    def status(path: str) -> int:
        try:
            with urllib.request.urlopen(f"{deployed.proxy}{path}", timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert 429 in [status(f"/join?code={n:06d}") for n in range(40)]
    assert 429 in [status(f"/lessons?n={n}") for n in range(40)]
    assert {status("/explore") for _ in range(40)} == {200}


def test_the_server_ran_as_nobody_and_wrote_nothing_inside_the_copy(deployed):
    # runs last in this module (pytest keeps file order): after every page in both languages
    assert server.snapshot(deployed.copy) == deployed.before
    uid = next(line for line in Path(f"/proc/{deployed.pid}/status").read_text().splitlines() if line.startswith("Uid:"))
    assert uid.split()[1:] == [str(server.NOBODY)] * 4


def _csp_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.add_init_script(RECORD_CSP)
    page = context.new_page()
    page.set_default_timeout(120_000)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None)
    return context, page, console


def test_the_exported_html_map_works_under_the_same_policy(deployed, browser):
    """Downloaded through nginx, then served from the same origin with nginx's headers (a school that puts the
    exported file on its server): the map and its player draw with 0 CSP violations."""
    context, page, console = _csp_page(browser)
    try:
        page.goto(f"{deployed.proxy}/export")
        page.get_by_role("button", name="Build the HTML map").click()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the HTML map").click()
        exported = Path(download.value.path()).read_bytes()
        with urllib.request.urlopen(f"{deployed.proxy}/", timeout=10) as response:
            headers = {name: value for name, value in response.headers.items() if name.lower() != "content-length"}
        headers["Content-Type"] = "text/html; charset=utf-8"
        page.route(f"{deployed.proxy}/exported-map.html", lambda route: route.fulfill(status=200, headers=headers, body=exported))
        page.goto(f"{deployed.proxy}/exported-map.html")
        page.wait_for_function("() => window.atlasPlayer && document.querySelectorAll('.atlas-symbol').length > 0")
        violations = page.evaluate("() => window.__cspViolations || []")
        assert violations == [] and console == [], (violations, console)
    finally:
        context.close()


def test_a_file_near_the_upload_limit_gets_the_apps_own_message_through_nginx(deployed, browser, tmp_path):
    rows = "".join(f"Place {n},IQ,33.{n % 1000:03d},44.{n % 997:03d},town\n" for n in range(60_000))
    body = ("name,country,lat,lon,kind\n" + rows).encode()[:1_990_000]  # the browser side allows 2,000,000 bytes
    big = tmp_path / "near_the_limit.csv"
    big.write_bytes(body[: body.rindex(b"\n") + 1])  # just under the app's limit: nginx must let it through
    context, page, _ = _csp_page(browser)
    try:
        page.goto(f"{deployed.proxy}/upload")
        page.get_by_text("Upload a places or events file").first.wait_for()
        uploader = page.locator("[data-testid=stFileUploader]").filter(has_text="Places (CSV)")
        uploader.locator("input[type=file]").set_input_files(str(big))
        page.get_by_text("The file has more than 20,000 rows").first.wait_for()  # the app's own message, not nginx's 413
    finally:
        context.close()
