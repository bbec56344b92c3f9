"""`make run`: start the app, then warm it (imports, data, the first month's map) before saying it is ready.

The first run of the script imports folium, pandas and shapely, builds the caches and every month's map
layer in both languages: about 10 s on a 2-core machine. Running it once through Streamlit's script
health check means the first teacher or pupil who opens the link waits no longer than anyone after them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wait_until(url: str, process: subprocess.Popen, expected: str, timeout: float) -> bool:
    """Poll `url` until its body is `expected`; False if the server died or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                if response.read().decode().strip() == expected:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def start(port: int, address: str, extra: list[str], env: dict | None = None, quiet: bool = False) -> subprocess.Popen:
    """Streamlit on `address:port` with the script health check (our warm-up) enabled."""
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port), "--server.address", address]
    output = subprocess.DEVNULL if quiet else None
    env = {**(os.environ if env is None else env), "ATLAS_PREFETCH": "1"}  # build every month's layer during the warm-up
    return subprocess.Popen(
        [*command, "--server.scriptHealthCheckEnabled", "true", *extra], cwd=ROOT, env=env, stdout=output, stderr=output
    )


def warm(port: int, process: subprocess.Popen) -> bool:
    base = f"http://127.0.0.1:{port}/_stcore"
    return wait_until(f"{base}/health", process, "ok", 60) and wait_until(f"{base}/script-health-check", process, "ok", 120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="127.0.0.1")
    arguments, extra = parser.parse_known_args()
    process = start(arguments.port, arguments.address, extra)
    try:
        if warm(arguments.port, process):
            print(f"\n  Territory Atlas is ready: http://localhost:{arguments.port}\n", flush=True)
        elif process.poll() is None:
            print("\n  The app started but its first run failed: open it to see the message.\n", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()


if __name__ == "__main__":
    sys.exit(main())
