"""deploy/nginx.conf run by Debian's nginx in a test: the shipped file with its upstream servers and its listen
address replaced by loopback ones (nothing else changes), in a temp directory, stopped with the test.

    config = shipped_config(["127.0.0.1:8611"], "127.0.0.1:8612")   # a replica test: several upstreams
    with running_nginx(config, tmp_path, "127.0.0.1:8612") as base_url: ...
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
UPSTREAM_LINE = re.compile(r"^(\s*)server atlas\d+:8501( [^;]*)?;\n", re.MULTILINE)
LISTEN_LINE = re.compile(r"^(\s*)listen 80;$", re.MULTILINE)


def shipped_config(upstreams: list[str], listen: str, name_upstream: bool = False) -> str:
    """The shipped config with `server atlasN:8501 …;` lines replaced by one line per upstream (same options) and
    `listen 80;` by `listen`; with `name_upstream`, a test-only header X-Atlas-Upstream says which upstream served."""
    text = SHIPPED.read_text()
    found = UPSTREAM_LINE.findall(text)
    assert found, "deploy/nginx.conf has no `server atlasN:8501` lines to substitute"
    indent, options = found[0]
    lines = "".join(f"{indent}server {address}{options};\n" for address in upstreams)
    text = UPSTREAM_LINE.sub("", text, count=len(found) - 1)
    text = UPSTREAM_LINE.sub(lambda _: lines, text, count=1)
    header = r"\n\g<1>add_header X-Atlas-Upstream $upstream_addr always;" if name_upstream else ""
    text, listens = LISTEN_LINE.subn(rf"\g<1>listen {listen};{header}", text)
    assert listens == 1, "deploy/nginx.conf should have exactly one `listen 80;`"
    return text


def check(config: str, directory: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on `config` (written to directory/nginx.conf)."""
    path = directory / "nginx.conf"
    path.write_text(config)
    return subprocess.run(
        [NGINX, "-t", "-p", str(directory), "-c", str(path), "-e", str(directory / "error.log"), "-g", f"pid {directory}/nginx.pid;"],
        capture_output=True,
        text=True,
    )


@contextlib.contextmanager
def running_nginx(config: str, directory: Path, listen: str) -> Iterator[str]:
    """nginx in the foreground on `config`; yields its base URL once it answers; stopped afterwards. As root its
    workers run as root too, so they can read and write the test's temp directory."""
    path = directory / "nginx.conf"
    path.write_text(config)
    command = [
        NGINX,
        "-p",
        str(directory),
        "-c",
        str(path),
        "-e",
        str(directory / "error.log"),
        "-g",
        f"pid {directory}/nginx.pid; daemon off; {'user root;' if os.geteuid() == 0 else ''}",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://{listen}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5).close()
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        if process.poll() is not None:
            raise RuntimeError(f"nginx did not start: {process.stderr.read().decode()[-500:]}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
