"""The in-map player's time model under Node's built-in test runner (tests/js/*.test.js, no DOM needed).

Without node the test skips with a reason, except under CI=true (.ci/run installs Debian's nodejs)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JS_TESTS = ROOT / "tests" / "js"


def test_the_time_model_passes_node_test():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node not found (CI=true: .ci/run installs nodejs)")
        pytest.skip("node not found; install it with `apt-get install -y nodejs`")
    tests = sorted(str(p) for p in JS_TESTS.glob("*.test.js"))
    assert tests, "no JavaScript tests found"
    result = subprocess.run([node, "--test", *tests], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
