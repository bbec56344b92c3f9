"""`make run`: check the data and static files, start the app, then warm it before saying it is ready.

The first run of the script imports folium, pandas and shapely, builds the caches and every month's map
layer in both languages: about 10 s on a 2-core machine. Running it once through Streamlit's script
health check means the first teacher or pupil who opens the link waits no longer than anyone after them.
Signals (SIGTERM from a service manager, Ctrl+C) go to Streamlit too, and this exits when it does.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FORWARDED_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
STOP_GRACE_SECONDS = 10  # after a forwarded signal, Streamlit gets this long before it is killed


def preflight() -> list[str]:
    """What would keep the app from serving: the readiness checks (core/serving/readiness.py), run here first."""
    from core.serving.readiness import failures

    return [f"{name}: {problem}" for name, problem in failures()]


def port_taken(port: int, address: str) -> bool:
    """Something already listens on address:port (another server, or a Streamlit left over)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed port in TIME_WAIT is free
        try:
            probe.bind((address, port))
        except OSError:
            return True
    return False


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when its parent dies


def die_with_parent(parent: int) -> Callable[[], None]:
    """A preexec_fn: the child is killed when the launcher dies, however it dies (SIGKILL, the OOM killer). A
    normal stop never comes here: it is forwarded as SIGTERM (supervise). SIGKILL, because nobody is left to
    escalate if Streamlit is slow to stop (it took over 5 s on a loaded machine). Linux only; elsewhere a no-op."""

    def arm() -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # the launcher died before prctl took effect
            os.kill(os.getpid(), signal.SIGKILL)

    return arm


def _answer(url: str, timeout: float) -> str | None:
    """The endpoint's body (also of an error status), or None when nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode().strip()
    except urllib.error.HTTPError as error:
        return error.read().decode(errors="replace").strip() or str(error.code)
    except OSError:
        return None


def wait_until(url: str, process: subprocess.Popen, expected: str, timeout: float, final: bool = False) -> bool:
    """Poll `url` until its body is `expected`; False if the server died or time ran out.

    With `final`, any other answer is the verdict (the script health check ran the script and it failed).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        body = _answer(url, timeout)
        if body == expected:
            return True
        if body is not None and final:
            return False
        time.sleep(0.2)
    return False


def start(port: int, address: str, extra: list[str], env: dict | None = None, quiet: bool = False) -> subprocess.Popen:
    """Streamlit on `address:port` with the script health check (our warm-up) enabled."""
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port), "--server.address", address]
    output = subprocess.DEVNULL if quiet else None
    env = dict(os.environ if env is None else env)
    return subprocess.Popen(
        [*command, "--server.scriptHealthCheckEnabled", "true", *extra],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=output,
        preexec_fn=die_with_parent(os.getpid()),  # noqa: PLW1509 (no threads run yet in the launcher)
    )


def warm(port: int, process: subprocess.Popen) -> bool:
    base = f"http://127.0.0.1:{port}/_stcore"
    return wait_until(f"{base}/health", process, "ok", 60) and wait_until(f"{base}/script-health-check", process, "ok", 120, final=True)


def exit_code(returncode: int) -> int:
    """A child killed by signal N (returncode -N) exits like a shell reports it: 128 + N."""
    return 128 - returncode if returncode < 0 else returncode


def class_banner(port: int) -> tuple[str, str]:
    """(join URL on the school network, what to print: the address and a QR code to scan)."""
    from core.render.join import join_url, lan_address, qr_text

    url = join_url(lan_address(), port)
    return url, f"\n  Pupils on this network join at: {url}\n  (also shown with a QR code on the Present page)\n\n{qr_text(url)}"


def supervise(process: subprocess.Popen, warm_up: Callable[[], bool], port: int = 8501, banner: str = "") -> int:
    """Forward signals to `process`, warm it up, report, and exit with it (killed if it ignores a stop)."""
    forwarded: list[int] = []

    def forward(signum, frame) -> None:
        forwarded.append(signum)
        if process.poll() is None:
            process.send_signal(signum)

    previous = {signum: signal.signal(signum, forward) for signum in FORWARDED_SIGNALS}
    try:
        if warm_up():
            print(f"\n  Territory Atlas is ready: http://localhost:{port}\n{banner}", flush=True)
        elif process.poll() is None and not forwarded:
            problems = "\n".join(f"  - {problem}" for problem in preflight()) or "  - its first run failed: open it to see the message"
            print(f"\n  The app started but is not ready (its readiness check fails):\n{problems}\n", flush=True)
        return exit_code(_wait(process, forwarded))
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _wait(process: subprocess.Popen, forwarded: list[int]) -> int:
    """The child's return code; once a stop was forwarded it gets STOP_GRACE_SECONDS, then it is killed."""
    deadline = None
    while True:
        try:
            return process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            if forwarded and deadline is None:
                deadline = time.monotonic() + STOP_GRACE_SECONDS
            if deadline is not None and time.monotonic() > deadline:
                process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--check-port", action="store_true", help="only check that the port is free (make run does, before make static)")
    parser.add_argument("--class", dest="for_class", action="store_true", help="serve the school network (0.0.0.0), print the join address")
    arguments, extra = parser.parse_known_args()
    if port_taken(arguments.port, arguments.address):
        print(
            f"\n  Territory Atlas cannot start: port {arguments.port} on {arguments.address} is already in use (another"
            f" server, or an earlier one still running). Stop it, or choose another port: PORT=8600 make run\n",
            file=sys.stderr,
        )
        return 2
    if arguments.check_port:
        return 0
    problems = preflight()
    if problems:
        print("\n  Territory Atlas cannot start. Fix these and run it again:\n", file=sys.stderr)
        print("\n".join(f"  - {problem}" for problem in problems), file=sys.stderr)
        return 1
    env, banner = None, ""
    if arguments.for_class:
        from core.render.join import JOIN_URL_VARIABLE

        arguments.address = "0.0.0.0"
        url, banner = class_banner(arguments.port)
        env = {**os.environ, JOIN_URL_VARIABLE: url}
    process = start(arguments.port, arguments.address, extra, env=env)
    return supervise(process, lambda: warm(arguments.port, process), arguments.port, banner)


if __name__ == "__main__":
    sys.exit(main())
