"""Backups: back up, wipe, restore on SQLite and PostgreSQL; `make backup` and `make restore` as the README says."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from core.lessons.model import Chapter, Lesson, Question
from core.lessons.store import LessonStore, sqlite_path
from scripts.lessons_backup import BackupError, backup, restore
from tests.lessons_db import database_url, postgres_cluster  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[2]
LESSON = Lesson(
    "Backed up",
    "Bewaard",
    (
        Chapter(
            "2014-06",
            36.3,
            43.1,
            8,
            highlight=("mosul",),
            title_en="Mosul",
            text_en="t",
            question=Question("holder", "Who?", "", "mosul", ("IS",)),
        ),
    ),
)


def _wipe(url: str) -> None:
    """Lose everything: the SQLite file gone, or every PostgreSQL table dropped."""
    path = sqlite_path(url)
    if path:
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        return
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def test_back_up_wipe_restore_brings_lessons_and_answers_back(database_url, tmp_path):  # noqa: F811
    store = LessonStore(database_url)
    keys = store.create(LESSON)
    store.start_run(keys.teacher_token)
    store.answer(keys.code, 0, "device-0001", "Sam", "IS")
    store.close()
    file = backup(database_url, tmp_path / "backups" / "lessons.backup")
    assert file.stat().st_size > 0

    _wipe(database_url)
    assert LessonStore(database_url).for_teacher(keys.teacher_token) is None

    restore(file, database_url)
    restored = LessonStore(database_url)
    assert restored.for_teacher(keys.teacher_token).lesson == LESSON
    assert restored.tally(keys.teacher_token, 0).counts == {"IS": 1}
    restored.close()


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_is_lost(tmp_path):
    url = f"sqlite:///{tmp_path / 'lessons.sqlite3'}"
    keys = LessonStore(url).create(LESSON)
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database")
    with pytest.raises(BackupError):
        restore(junk, url)
    with pytest.raises(BackupError):
        restore(tmp_path / "missing", url)
    assert LessonStore(url).for_teacher(keys.teacher_token).lesson == LESSON


def _make(target: str, env: dict, *variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", target, *variables], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_make_backup_and_make_restore(database_url, tmp_path):  # noqa: F811
    env = {**os.environ, "ATLAS_DATABASE_URL": database_url, "ATLAS_STATE_DIR": str(tmp_path / "state")}
    keys = LessonStore(database_url).create(LESSON)
    made = _make("backup", env)
    assert made.returncode == 0, made.stderr
    file = Path(made.stdout.strip().rsplit(" ", 1)[-1])
    assert file.parent == tmp_path / "state" / "backups" and file.exists()
    _wipe(database_url)
    assert _make("restore", env).returncode != 0  # no FILE: says so
    restored = _make("restore", env, f"FILE={file}")
    assert restored.returncode == 0, restored.stderr
    assert LessonStore(database_url).for_teacher(keys.teacher_token).lesson == LESSON
