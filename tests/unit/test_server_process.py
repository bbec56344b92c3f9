"""The server process as a school's IT runs it (issue 20): readiness that tells the truth, one process tree, a
taken port refused at once. Real servers (no browser): one for the readiness tests, one for the SIGKILL test."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from core.lessons.store import URL_VARIABLE
from scripts.ready import answer
from tests import server
from tests.conftest import ROOT
from tests.lessons_db import postgres_cluster  # noqa: F401 (a fixture)

FAULT_SECONDS = 10  # readiness must turn within this long (issue 20)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listener(port: int) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen()
    return sock


def _turns(port: int, expected_ok: bool) -> float:
    """Seconds until readiness says `expected_ok` (fails the test after FAULT_SECONDS)."""
    start = time.monotonic()
    while time.monotonic() - start < FAULT_SECONDS:
        if (answer(port, timeout=FAULT_SECONDS) == "ok") == expected_ok:
            return time.monotonic() - start
        time.sleep(0.2)
    pytest.fail(f"readiness did not turn {'ok' if expected_ok else 'not ok'} within {FAULT_SECONDS} s")


@pytest.fixture(scope="module")
def served_copy(request):
    """The image's command serving a copy of the project, its lessons in a PostgreSQL database of its own (as root:
    the test breaks and mends files in the copy, and stops and starts that database)."""
    cluster = request.getfixturevalue("postgres_cluster")
    tmp = Path(tempfile.mkdtemp(prefix="atlas-ready-"))
    copy = server.copy_like_the_image(tmp / "app")
    subprocess.run(["chmod", "-R", "u+w", str(copy)], check=True)
    port = _free_port()
    env = dict(
        os.environ,
        ATLAS_CACHE_DIR=str(tmp / "cachehome" / "cache"),
        ATLAS_STATE_DIR=str(tmp / "state"),
        **{URL_VARIABLE: cluster.new_database()},
    )
    env.pop("ATLAS_DATA_DIR", None)
    process = subprocess.Popen(server.image_command(port), cwd=copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        server.wait_ready(port, process)
        yield {"copy": copy, "tmp": tmp, "port": port, "env": env, "cluster": cluster}
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


def _move(path: Path):
    hidden = path.with_name(path.name + ".away")

    def breaks() -> None:
        path.rename(hidden)

    def mends() -> None:
        hidden.rename(path)

    return breaks, mends


def _cache_blocked(tmp: Path):
    home = tmp / "cachehome"

    def breaks() -> None:
        shutil.rmtree(home)
        home.write_text("a file where the cache directory should be")  # mkdir fails, as on a read-only or full disk

    def mends() -> None:
        home.unlink()

    return breaks, mends


def _database_down(served: dict):
    return served["cluster"].halt, served["cluster"].resume


@pytest.mark.parametrize(
    ("check", "fault"),
    [
        ("data", lambda s: _move(s["copy"] / "data" / "events.csv")),
        ("static", lambda s: _move(s["copy"] / "static" / "vendor" / "leaflet" / "leaflet.js")),
        ("static", lambda s: _move(next((s["copy"] / "static" / "timeline").glob("timeline-nl-*.json")))),
        ("cache", lambda s: _cache_blocked(s["tmp"])),
        ("database", _database_down),
    ],
    ids=["data missing", "leaflet missing", "timeline missing", "cache unwritable", "database unreachable"],
)
def test_readiness_fails_within_10_s_names_the_check_and_passes_once_mended(served_copy, check, fault):
    breaks, mends = fault(served_copy)
    port = served_copy["port"]
    assert answer(port) == "ok"
    breaks()
    try:
        print(f"{check}: not ready after {_turns(port, expected_ok=False):.1f} s")
        probe = subprocess.run(
            [sys.executable, "-m", "scripts.ready", "--port", str(port)],
            cwd=served_copy["copy"],
            env=served_copy["env"],
            capture_output=True,
            text=True,
        )
        assert probe.returncode == 1 and f"- {check}: " in probe.stderr, probe.stderr
    finally:
        mends()
    print(f"{check}: ready again after {_turns(port, expected_ok=True):.1f} s")
    with socket.create_connection(("127.0.0.1", port)):  # liveness never ran the checks: it stayed up throughout
        pass


def test_the_dockerfile_healthcheck_is_readiness(served_copy):
    ok = subprocess.run(
        server.healthcheck_command(served_copy["port"]), cwd=served_copy["copy"], env=served_copy["env"], capture_output=True, text=True
    )
    assert ok.returncode == 0 and ok.stdout.strip() == "ready"
    assert "script-health-check" in (ROOT / "scripts" / "ready.py").read_text()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def test_sigkill_to_the_launcher_leaves_nothing_listening(tmp_path):
    port = _free_port()
    env = dict(os.environ, ATLAS_CACHE_DIR=str(tmp_path / "cache"))
    launcher = subprocess.Popen(
        [sys.executable, "-m", "scripts.serve", "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while "Territory Atlas is ready" not in (launcher.stdout.readline() or "") and time.monotonic() < deadline:
            assert launcher.poll() is None
        [streamlit] = _children(launcher.pid)
        assert server.listening(port)
        launcher.send_signal(signal.SIGKILL)
        launcher.wait(timeout=10)
        deadline = time.monotonic() + 10
        while (server.listening(port) or Path(f"/proc/{streamlit}").exists()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not server.listening(port), "Streamlit still serves after its launcher was killed"
        assert not Path(f"/proc/{streamlit}").exists() or "Z" in Path(f"/proc/{streamlit}/stat").read_text().split()[2]
    finally:
        if launcher.poll() is None:
            launcher.kill()


def test_make_run_on_a_taken_port_fails_at_once_and_never_says_ready(tmp_path):
    port = _free_port()
    taken = _listener(port)  # someone else's server on the port
    try:
        started = time.monotonic()
        run = subprocess.run(
            ["make", "run", f"PORT={port}"],
            cwd=ROOT,
            env=dict(os.environ, ATLAS_CACHE_DIR=str(tmp_path)),
            capture_output=True,
            text=True,
            timeout=120,
        )
        took = time.monotonic() - started
    finally:
        taken.close()
    assert run.returncode != 0
    assert f"port {port} on 127.0.0.1 is already in use" in run.stderr
    assert "ready" not in run.stdout.replace("static files ready", "")
    print(f"make run on a taken port failed after {took:.1f} s")
    assert took < 15  # before make static and any import of the app (a loaded 2-core machine: seconds, not minutes)
