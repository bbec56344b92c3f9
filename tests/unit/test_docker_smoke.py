"""The container recipe builds and serves (only with ATLAS_DOCKER_SMOKE=1 and docker: building needs the internet)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_recipe_serves_on_all_interfaces_with_the_data_baked_in():
    recipe = (ROOT / "Dockerfile").read_text()
    assert "COPY . ." in recipe and '"--address", "0.0.0.0"' in recipe and "prepare_static" in recipe
    assert "ip_hash;" in (ROOT / "deploy" / "nginx.conf").read_text()


def test_the_image_runs_unprivileged_read_only_and_its_healthcheck_is_readiness():
    recipe = (ROOT / "Dockerfile").read_text()
    user = re.search(r"^USER (\S+)$", recipe, re.M)
    assert user and user.group(1) not in ("root", "0")
    assert '"scripts.ready"' in recipe.split("HEALTHCHECK", 1)[1].splitlines()[0]
    assert "ATLAS_CACHE_DIR=/tmp/" in recipe  # the cache lives on the tmpfs of `docker run --read-only --tmpfs /tmp`
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".git", ".pytest_cache", "bench/out"} <= set(ignored)


def test_compose_runs_the_replicas_read_only_and_waits_until_they_are_ready():
    compose = (ROOT / "deploy" / "compose.yaml").read_text()
    assert "read_only: true" in compose and "tmpfs: [/tmp]" in compose
    assert compose.count("condition: service_healthy") == 3


@pytest.mark.skipif(os.environ.get("ATLAS_DOCKER_SMOKE") != "1", reason="set ATLAS_DOCKER_SMOKE=1 (needs docker and the internet to build)")
@pytest.mark.skipif(shutil.which("docker") is None, reason="docker is not installed")
def test_container_builds_and_answers_health():
    build = subprocess.run(["docker", "build", "-t", "territory-atlas-smoke", str(ROOT)], capture_output=True, text=True, timeout=1800)
    if build.returncode != 0:
        pytest.skip(f"docker build failed (offline?): {build.stderr[-300:]}")
    # the README's `docker run --read-only --tmpfs /tmp -v atlas-lessons:/var/lib/territory-atlas -p 8501:8501 territory-atlas`
    command = ["docker", "run", "-d", "--rm", "--read-only", "--tmpfs", "/tmp", "-v", "atlas-lessons-smoke:/var/lib/territory-atlas"]
    container = subprocess.run(
        [*command, "-p", "127.0.0.1:18501:8501", "territory-atlas-smoke"], capture_output=True, text=True, check=True
    ).stdout.strip()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen("http://127.0.0.1:18501/_stcore/script-health-check", timeout=5) as answer:
                    if answer.read().decode().strip() == "ok":
                        return
            except OSError:
                time.sleep(1)
        pytest.fail("the container did not become ready in 120 s")
    finally:
        subprocess.run(["docker", "stop", container], capture_output=True, check=False)


@pytest.mark.skipif(os.environ.get("ATLAS_DOCKER_SMOKE") != "1", reason="set ATLAS_DOCKER_SMOKE=1 (needs docker and the internet to build)")
@pytest.mark.skipif(shutil.which("docker") is None, reason="docker is not installed")
def test_compose_brings_up_three_ready_replicas_behind_nginx():
    compose = ["docker", "compose", "-f", str(ROOT / "deploy" / "compose.yaml")]
    up = subprocess.run([*compose, "up", "-d", "--wait"], capture_output=True, text=True, timeout=1800)  # README: up -d
    try:
        assert up.returncode == 0, up.stderr[-500:]
        with urllib.request.urlopen("http://127.0.0.1:8080/readyz", timeout=10) as answer:
            assert answer.read().decode() == "ok"
    finally:
        subprocess.run([*compose, "down"], capture_output=True, check=False)
