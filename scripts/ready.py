"""Is the app on this port ready? `python -m scripts.ready --port 8501`: exit 0 if so, else 1 and why.

Asks the running server (/_stcore/script-health-check, which runs the readiness checks of
core/serving/readiness.py inside it); when it is not ready, runs the same checks here to name what fails.
The image's HEALTHCHECK and `make run` use it; a load balancer asks the URL itself.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request

READINESS_PATH = "/_stcore/script-health-check"


def answer(port: int, host: str = "127.0.0.1", timeout: float = 8) -> str:
    """The endpoint's body ('ok' when ready), or what kept it from answering."""
    try:
        with urllib.request.urlopen(f"http://{host}:{port}{READINESS_PATH}", timeout=timeout) as response:
            return response.read().decode().strip()
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code} {error.read().decode(errors='replace').strip()}"
    except OSError as error:
        return f"no answer ({error})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--host", default="127.0.0.1")
    arguments = parser.parse_args()
    body = answer(arguments.port, arguments.host)
    if body == "ok":
        print("ready")
        return 0
    from core.serving.readiness import failures

    print(f"not ready: {body}", file=sys.stderr)
    for name, problem in failures():
        print(f"  - {name}: {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
