"""Back up and restore the lessons database (`make backup`, `make restore FILE=...`).

Which database: ATLAS_DATABASE_URL, else the SQLite file in the state directory (core.lessons.store).
SQLite is copied with its online backup API (safe while the app runs); PostgreSQL with pg_dump's custom
format and pg_restore. A restore replaces every lesson and answer with the backup's, then brings the
schema up to date, so a backup made by an older version restores into a newer one.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from core.codes.paths import state_dir
from core.lessons.store import LessonStore, database_url, libpq_url, sqlite_path


class BackupError(RuntimeError):
    """A backup or restore that cannot be done, with what to do about it."""


def default_file(url: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if sqlite_path(url) else "pgdump"
    return state_dir() / "backups" / f"lessons-{stamp}.{suffix}"


def backup(url: str | None = None, file: Path | None = None) -> Path:
    """Write a backup of the lessons database to `file` (default: state_dir()/backups/lessons-TIME.*)."""
    url = database_url(url)
    file = Path(file) if file else default_file(url)
    file.parent.mkdir(parents=True, exist_ok=True)
    path = sqlite_path(url)
    if path is None:
        _run_postgres("pg_dump", url, "--format=custom", "--no-owner", f"--file={file}")
        return file
    if not path.exists():
        raise BackupError(f"there is no lessons database at {path} yet: nothing to back up")
    with sqlite3.connect(path) as source, sqlite3.connect(file) as target:
        source.backup(target)
    return file


def restore(file: Path, url: str | None = None) -> None:
    """Replace the lessons database's content with a backup's, then migrate it to the newest schema."""
    url, file = database_url(url), Path(file)
    if not file.is_file():
        raise BackupError(f"no backup file at {file}")
    path = sqlite_path(url)
    if path is None:
        _run_postgres("pg_restore", url, "--clean", "--if-exists", "--no-owner", "--single-transaction", str(file))
    else:
        _restore_sqlite(file, path)
    LessonStore(url).close()  # the upgrade a backup from an older version needs


def _restore_sqlite(file: Path, path: Path) -> None:
    with sqlite3.connect(f"file:{file}?mode=ro", uri=True) as source:
        try:
            tables = {name for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{file} is not a SQLite backup of the lessons ({error})") from error
        if "lessons" not in tables:
            raise BackupError(f"{file} holds no lessons table: not a lessons backup")
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(path) as target:
            source.backup(target)


def _postgres_tool(name: str) -> str:
    """pg_dump / pg_restore from PATH, else the newest Debian postgresql's own."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise BackupError(f"{name} not found: install the PostgreSQL client (apt-get install postgresql-client)")
    return found


def _run_postgres(tool: str, url: str, *options: str) -> None:
    """Run pg_dump / pg_restore on the database of `url`; the password goes by environment, never on the command line."""
    address, password = libpq_url(url)
    env = {**os.environ, **({"PGPASSWORD": password} if password else {})}
    command = [_postgres_tool(tool), f"--dbname={address}", *options]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()[-500:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("backup", "restore"))
    parser.add_argument("--file", type=Path, help="the backup file (backup: where to write it; restore: required)")
    args = parser.parse_args(argv)
    try:
        if args.action == "backup":
            print(f"lessons backed up to {backup(file=args.file)}")
        elif args.file is None:
            raise BackupError("say which backup to restore: make restore FILE=path/to/backup")
        else:
            restore(args.file)
            print(f"lessons restored from {args.file}")
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
