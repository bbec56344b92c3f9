"""A lesson server for browser tests and benches: the app as `make run` starts it, on the fixture atlas, with
its own lessons database (a SQLite file, or ATLAS_DATABASE_URL given), restartable on the same port."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from scripts import serve
from tests.e2e.conftest import FIXTURE_DATA, _free_port


class LessonServer:
    def __init__(self, database_url: str, data_dir: Path | None = FIXTURE_DATA, port: int | None = None, extra_env: dict | None = None):
        self.database_url = database_url
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, ATLAS_DATABASE_URL=database_url, **(extra_env or {}))
        if data_dir is not None:
            self.env["ATLAS_DATA_DIR"] = str(data_dir)
        self.process: subprocess.Popen | None = None

    def start(self) -> LessonServer:
        self.process = serve.start(self.port, "127.0.0.1", [], env=self.env, quiet=True)
        if not serve.warm(self.port, self.process):
            self.process.kill()
            raise RuntimeError(f"the app on port {self.port} did not become ready (exit code {self.process.poll()})")
        return self

    def stop(self, kill: bool = False) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        if kill:
            self.process.kill()
        else:
            self.process.terminate()
        self.process.wait(timeout=20)

    def restart(self) -> None:
        self.stop()
        self.start()
