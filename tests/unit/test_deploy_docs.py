"""The README's deploy section: every command in it is exercised by a test (issue 20)."""

from __future__ import annotations

import re

from core.codes.constants import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
TESTS = PROJECT_ROOT / "tests"
# command -> (test file, words of the command that the test runs or checks)
EXERCISED = {
    "docker build -t territory-atlas .": ("unit/test_docker_smoke.py", ['"docker", "build"']),
    "docker run --read-only --tmpfs /tmp -v atlas-lessons:/var/lib/territory-atlas -p 8501:8501 territory-atlas": (
        "unit/test_docker_smoke.py",
        ['"--read-only", "--tmpfs", "/tmp"', "/var/lib/territory-atlas"],
    ),
    "docker compose -f deploy/compose.yaml up -d": ("unit/test_docker_smoke.py", ['"compose", "-f"', '"up", "-d"']),
    "python -m scripts.ready --port 8501": ("unit/test_server_process.py", ['"-m", "scripts.ready", "--port"']),
}


def deploy_commands() -> list[str]:
    section = README.split("## Deploying it at a school", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n(.*?)```", section, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_every_command_of_the_deploy_section_is_exercised_by_a_test():
    assert deploy_commands() == list(EXERCISED)
    for test_file, words in EXERCISED.values():
        text = (TESTS / test_file).read_text()
        assert all(word in text for word in words), (test_file, words)


def test_the_image_command_the_browser_test_runs_is_the_dockerfiles():
    # tests/e2e/test_deploy_browser.py runs the Dockerfile's CMD and ENV (tests/server.py reads them from the file)
    from tests import server

    assert server.image_command(9999)[1:] == ["-m", "scripts.serve", "--port", "9999", "--address", "127.0.0.1"]
    assert server.dockerfile_env()["ATLAS_CACHE_DIR"].startswith("/tmp/")
