"""scripts/serve.py (issue 12): signals reach Streamlit and it exits with it; a failed check is a verdict; preflight."""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import time

from scripts import serve
from tests.conftest import FIXTURE_DATA, ROOT

SUPERVISED = """
import subprocess, sys
from scripts import serve
serve.STOP_GRACE_SECONDS = 1
child = subprocess.Popen([sys.executable, "-c", {child!r}])
sys.exit(serve.supervise(child, lambda: print(child.pid, flush=True)))  # warm-up runs once the handlers are in place
"""
SLEEPER = "import time; time.sleep(60)"
STUBBORN = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _supervised(child: str) -> tuple[subprocess.Popen, int]:
    wrapper = subprocess.Popen([sys.executable, "-c", SUPERVISED.format(child=child)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    return wrapper, int(wrapper.stdout.readline())


def test_sigterm_reaches_the_child_and_serve_exits_with_it():
    wrapper, child = _supervised(SLEEPER)
    wrapper.send_signal(signal.SIGTERM)
    assert wrapper.wait(timeout=20) == 128 + signal.SIGTERM  # the child died of SIGTERM
    assert not _alive(child)


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period():
    wrapper, child = _supervised(STUBBORN)
    time.sleep(0.5)  # the stubborn child needs a moment to start ignoring SIGTERM
    wrapper.send_signal(signal.SIGTERM)
    assert wrapper.wait(timeout=20) == 128 + signal.SIGKILL
    assert not _alive(child)


class _Failing(http.server.BaseHTTPRequestHandler):
    requests = 0

    def do_GET(self):  # noqa: N802 (the http.server API)
        type(self).requests += 1
        self.send_response(503)
        self.end_headers()
        self.wfile.write(b"error")

    def log_message(self, *args):
        pass


def test_a_failed_script_health_check_is_a_verdict_not_a_wait():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    alive = subprocess.Popen([sys.executable, "-c", SLEEPER])
    try:
        url = f"http://127.0.0.1:{server.server_port}/_stcore/script-health-check"
        assert serve.wait_until(url, alive, "ok", timeout=60, final=True) is False
        assert _Failing.requests == 1
    finally:
        alive.kill()
        alive.wait()
        server.shutdown()


def test_preflight_lists_what_keeps_the_app_from_serving(monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(FIXTURE_DATA))
    assert serve.preflight() == []
    for source in FIXTURE_DATA.iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / "events.csv").write_bytes(b"")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    assert serve.preflight() == [
        "data: 1 problem(s) in the tables, first: events.csv: the file is empty; restore it from git or run `make data`"
    ]
