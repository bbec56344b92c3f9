"""The app as a school's server runs it, for tests (issue 20): a read-only copy of the project, served by the
Dockerfile's own CMD as an unprivileged user (nobody), with the cache and state in a directory of its own (the
container's tmpfs). No image registry is reachable here, so this is how the image's behaviour is proven:

- the copy is made like the image build (`COPY . .` minus .dockerignore, then `RUN python -m scripts.prepare_static`),
- it is bind-mounted read-only in a private mount namespace (`unshare -m`), and nobody owns nothing in it,
- the process runs as uid/gid 65534 (setpriv), HOME=/nonexistent, with the Dockerfile's ENV and CMD (port and
  address replaced by a free loopback port).
"""

from __future__ import annotations

import fnmatch
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOBODY = 65534
DOCKERFILE = ROOT / "Dockerfile"


def dockerfile_json(instruction: str) -> list[str]:
    """The JSON array of the Dockerfile's CMD or HEALTHCHECK ... CMD."""
    for line in DOCKERFILE.read_text().splitlines():
        if line.startswith(instruction):
            return json.loads(line[line.index("[") :])
    raise LookupError(f"no {instruction} in the Dockerfile")


def dockerfile_env() -> dict[str, str]:
    """The Dockerfile's ENV (KEY=value pairs, continued lines joined)."""
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    env: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("ENV "):
            env.update(pair.split("=", 1) for pair in shlex.split(line[4:]))
    return env


def image_command(port: int) -> list[str]:
    """The image's CMD on a loopback port, with this venv's python."""
    command = dockerfile_json("CMD")
    command = [sys.executable if part == "python" else part for part in command]
    return [str(port) if part == "8501" else "127.0.0.1" if part == "0.0.0.0" else part for part in command]


def healthcheck_command(port: int) -> list[str]:
    command = dockerfile_json("HEALTHCHECK")
    return [sys.executable if part == "python" else str(port) if part == "8501" else part for part in command]


def _ignored(relative: str, patterns: list[str]) -> bool:
    parts = relative.split("/")
    return any(fnmatch.fnmatch(relative, p) or p in parts or fnmatch.fnmatch(parts[-1], p.removeprefix("**/")) for p in patterns)


def copy_like_the_image(target: Path) -> Path:
    """`COPY . .` minus .dockerignore (tests/ too: the image needs them not), then the image's build step."""
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines() if p.strip() and not p.startswith("#")]
    patterns.append("tests")

    def ignore(directory: str, names: list[str]) -> list[str]:
        relative = os.path.relpath(directory, ROOT)
        prefix = "" if relative == "." else relative + "/"
        return [n for n in names if _ignored(prefix + n, patterns)]

    shutil.copytree(ROOT, target, ignore=ignore, symlinks=False)
    subprocess.run([sys.executable, "-m", "scripts.prepare_static"], cwd=target, check=True, capture_output=True, env=_build_env())
    subprocess.run(["chmod", "-R", "a-w", str(target)], check=True)
    return target


def _build_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ATLAS_DATA_DIR",)}
    return env | {"PYTHONDONTWRITEBYTECODE": "1"}


def snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    """Every file and directory under `directory` with its size and mtime: a write anywhere shows."""
    found = {}
    for path in [directory, *directory.rglob("*")]:
        info = path.lstat()
        found[str(path.relative_to(directory))] = (info.st_size, info.st_mtime_ns)
    return found


def can_isolate() -> str | None:
    """Why this machine cannot run the read-only, unprivileged server (None when it can)."""
    if os.geteuid() != 0:
        return "needs root to make a read-only mount namespace and switch to nobody"
    for tool in ("unshare", "setpriv", "mount"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        return f"unshare -m is not permitted here: {probe.stderr.decode().strip()}"
    return None


def _interpreter_mounts(scratch: Path) -> str:
    """Shell lines that make this venv's base interpreter reachable for nobody when it lives under a private
    home (pyenv under /root, mode 0700): a tmpfs over the home with only the interpreter tree bound back."""
    base = Path(os.path.realpath(sys._base_executable))  # type: ignore[attr-defined]
    home = next((parent for parent in base.parents if parent.parent == Path("/") and parent.stat().st_mode & 0o001 == 0), None)
    if home is None:
        return ""
    inside = base.relative_to(home).parts[0]
    keep = scratch / "interpreter"
    return (
        f"mkdir -p {keep} && mount --bind {home / inside} {keep} && mount -t tmpfs -o mode=755 none {home} && "
        f"mkdir -p {home / inside} && mount --bind {keep} {home / inside} && "
    )


def start_readonly(copy: Path, writable: Path, port: int, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    """The image's CMD from `copy` (mounted read-only) as nobody; `writable` plays the tmpfs and the state volume."""
    writable.mkdir(parents=True, exist_ok=True)
    os.chown(writable, NOBODY, NOBODY)
    for directory in {copy.parent, writable.parent}:  # temp dirs are 0700: nobody must reach the copy
        directory.chmod(0o755)
    env = dockerfile_env()
    env |= {"HOME": "/nonexistent", "ATLAS_CACHE_DIR": str(writable / "cache"), "ATLAS_STATE_DIR": str(writable / "state")}
    env |= extra_env or {}
    exported = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = " ".join(shlex.quote(part) for part in image_command(port))
    script = (
        f"set -e; {_interpreter_mounts(writable.parent)}"
        f"mount --bind {copy} {copy} && mount -o remount,bind,ro {copy} && cd {copy} && "
        f"exec setpriv --reuid={NOBODY} --regid={NOBODY} --clear-groups env -i PATH=/usr/bin:/bin {exported} {command}"
    )
    return subprocess.Popen(["unshare", "-m", "sh", "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(port: int, process: subprocess.Popen, timeout: float = 180) -> None:
    from scripts.ready import answer

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}): {process.stderr.read().decode()[-1500:]}")
        if answer(port, timeout=120) == "ok":  # the first probe warms the app up: never cut it short (probes would pile up)
            return
        time.sleep(0.3)
    raise RuntimeError(f"the server on {port} did not become ready in {timeout} s")


def listening(port: int) -> bool:
    """Something accepts connections on 127.0.0.1:port."""
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0
