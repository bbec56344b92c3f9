"""The script health check tells the truth: in that run (and only there) the router runs the readiness checks.

Streamlit's /_stcore/script-health-check runs app.py in a session of its own and answers `ok` unless the run
raises; under st.navigation that is the router, and st.stop() counts as success, so a server with broken tables
answered `ok`. `gate()` (the router's first call) raises NotReadyError there when a check in core.serving.readiness
fails: the endpoint answers 503 `error`, and the server's log names the failing checks. Visitors' runs skip it.
Only the first ready probe goes on to run the default page (it warms the caches); later probes stop after the
checks, so a probe every few seconds costs milliseconds even on a loaded machine.
"""

from __future__ import annotations

import sys

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from core.serving.readiness import failures


class NotReadyError(RuntimeError):
    """A readiness check failed (the message names every failing check)."""


def is_health_check_run() -> bool:
    """This run is Streamlit's script health check: its session belongs to no visitor (no registered session)."""
    context = get_script_run_ctx()
    if context is None or not Runtime.exists():
        return False
    return Runtime.instance().get_app_session(context.session_id) is None


_warmed: list[bool] = []  # a ready probe ran the page once in this process: probes after it cost only the checks
_last_report: list[str] = []  # what was last logged, so a failing probe every few seconds logs once per change


def gate() -> None:
    if not is_health_check_run():
        return
    found = failures()
    report = [f"{name}: {problem}" for name, problem in found]
    if report != _last_report:
        _last_report[:] = report
        print("Territory Atlas readiness: " + ("; ".join(report) if report else "ready"), file=sys.stderr, flush=True)
    if found:
        raise NotReadyError("; ".join(report))
    if _warmed:  # the first ready probe runs the default page too (the warm-up of `make run`); later ones stop here
        st.stop()
    _warmed.append(True)
