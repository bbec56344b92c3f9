"""The lessons database: the one module that talks SQL (SQLAlchemy), SQLite by default, PostgreSQL by URL.

`LessonStore()` opens ATLAS_DATABASE_URL, else the SQLite file state_dir()/lessons.sqlite3 (created on first
use, WAL mode), and brings its schema to the newest Alembic revision (core/lessons/migrations/), holding a
lock so two processes opening it at once do not both migrate. Teacher tokens are kept as sha256 digests.
A lesson's own data (from the Your data page) are kept beside its body, within the upload's limits.
One answer per question per device: a second answer replaces the first until the teacher reveals the answer.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.dialects import postgresql, sqlite

from core.codes.paths import state_dir
from core.ingest.story import MAX_CHAPTERS
from core.lessons import answers as rules
from core.lessons.codes import new_pupil_code, new_teacher_token, normalise_code, token_digest
from core.lessons.dataset import DatasetTooLargeError, check_size
from core.lessons.model import Lesson, data_from_dict, data_to_dict, from_dict, to_dict
from core.render.exports import neutralise_formula
from core.text.i18n import pick

URL_VARIABLE = "ATLAS_DATABASE_URL"
SQLITE_NAME = "lessons.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MAX_LESSON_BYTES = 1_000_000  # the JSON of a lesson; the built-in story is ~15 kB
MODES = ("follow", "free")
ANSWERS_KEPT_DAYS = 30  # then pupils' answers are deleted (components.lessons.store runs the purge)
_MIGRATION_LOCK = 7_301_917  # pg_advisory_xact_lock key: one migrating process at a time

_metadata = sa.MetaData()
lessons = sa.Table(  # the newest shape; its history is in migrations/versions
    "lessons",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(12), nullable=False, unique=True),
    sa.Column("teacher_digest", sa.String(64), nullable=False, unique=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Column("data", sa.Text, nullable=True),  # the lesson's own data (model.data_to_dict); NULL: on the atlas
)
runs = sa.Table(
    "runs",
    _metadata,
    sa.Column("lesson_id", sa.Integer, primary_key=True),
    sa.Column("chapter_index", sa.Integer, nullable=False),
    sa.Column("mode", sa.String(8), nullable=False),
    sa.Column("revealed", sa.Boolean, nullable=False),
    sa.Column("started_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
)
answers = sa.Table(
    "answers",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("lesson_id", sa.Integer, nullable=False),
    sa.Column("chapter_index", sa.Integer, nullable=False),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("nickname", sa.String(40), nullable=False),
    sa.Column("value", sa.String(400), nullable=False),
    sa.Column("answered_at", sa.Float, nullable=False),
)


class StoreUnavailableError(RuntimeError):
    """The database cannot be reached or opened (down, wrong URL, unwritable directory)."""


def _reachable(method):
    """Database failures leave the store as StoreUnavailableError (callers need not know SQLAlchemy)."""

    @functools.wraps(method)
    def wrapped(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except (sa.exc.OperationalError, sa.exc.InterfaceError, OSError) as error:
            raise StoreUnavailableError(str(error).splitlines()[0][:300]) from error

    return wrapped


class LessonTooLargeError(ValueError):
    """More chapters or text than a lesson can have (MAX_CHAPTERS, MAX_LESSON_BYTES), or data past an upload's limits."""


@dataclass(frozen=True)
class LessonKeys:
    code: str  # public: pupils type it
    teacher_token: str  # secret: the teacher link /lessons?teacher=TOKEN


@dataclass(frozen=True)
class StoredLesson:
    code: str
    lesson: Lesson
    updated_at: float
    teacher_token: str | None = None  # None in the pupils' view


@dataclass(frozen=True)
class RunState:
    chapter_index: int
    mode: str  # 'follow' | 'free'
    revealed: bool
    updated_at: float  # changes with every step the teacher takes


@dataclass(frozen=True)
class Tally:
    chapter_index: int
    count: int
    counts: dict[str, int]  # answer value -> devices, most given first
    correct: int | None  # devices that answered right; None for open questions


def database_url(url: str | None = None) -> str:
    """The URL given, else ATLAS_DATABASE_URL, else the SQLite file in the state directory."""
    return url or os.environ.get(URL_VARIABLE) or f"sqlite:///{state_dir() / SQLITE_NAME}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases."""
    parsed = sa.make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def libpq_url(url: str) -> tuple[str, str | None]:
    """A PostgreSQL URL as pg_dump and psql take it (no '+driver', no password) and the password (for PGPASSWORD)."""
    parsed = sa.make_url(url)
    return parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False), parsed.password


class LessonStore:
    """Lessons, the class's place in a running lesson, and pupils' answers."""

    @_reachable
    def __init__(self, url: str | None = None, revision: str = "head"):
        self.url = database_url(url)
        self.engine = _engine(self.url)
        self._upgrade(revision)

    def close(self) -> None:
        self.engine.dispose()

    @_reachable
    def ping(self) -> None:
        """Raises StoreUnavailableError when the database cannot be reached (readiness)."""
        with self.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

    # --- lessons -------------------------------------------------------------------------------------------
    @_reachable
    def create(self, lesson: Lesson) -> LessonKeys:
        body, data, now = _body(lesson), _data(lesson), time.time()
        token = new_teacher_token()
        for _ in range(10):  # a taken code (1 in ~1e9 per lesson) is drawn again
            code = new_pupil_code()
            try:
                with self.engine.begin() as conn:
                    own = {"data": data} if data is not None else {}  # a lesson on the atlas names no data column
                    conn.execute(
                        lessons.insert().values(
                            code=code, teacher_digest=token_digest(token), body=body, created_at=now, updated_at=now, **own
                        )
                    )
                return LessonKeys(code, token)
            except sa.exc.IntegrityError:
                continue
        raise RuntimeError("no free pupil code found in 10 tries")

    @_reachable
    def save(self, teacher_token: str, lesson: Lesson) -> bool:
        """Replace the lesson the token belongs to; False when the token is unknown."""
        digest = token_digest(teacher_token)
        if digest is None:
            return False
        with self.engine.begin() as conn:
            done = conn.execute(
                lessons.update()
                .where(lessons.c.teacher_digest == digest)
                .values(body=_body(lesson), data=_data(lesson), updated_at=time.time())
            )
        return done.rowcount == 1

    @_reachable
    def for_teacher(self, token: str | None, with_data: bool = True) -> StoredLesson | None:
        """The lesson and its data. With `with_data` False (the chapters are all a step or an answer needs), a lesson
        on its own data has an empty LessonData: it says the lesson has data without reading them."""
        digest = token_digest(token)
        row = self._lesson_row(lessons.c.teacher_digest == digest, with_data) if digest else None
        return StoredLesson(row.code, _lesson(row), row.updated_at, token) if row else None

    @_reachable
    def for_pupil(self, code: str | None, with_data: bool = True) -> StoredLesson | None:
        """The lesson without teacher notes or token; None for an unknown or malformed code."""
        code = normalise_code(code)
        row = self._lesson_row(lessons.c.code == code, with_data) if code else None
        return StoredLesson(row.code, _lesson(row).for_pupils(), row.updated_at) if row else None

    def _lesson_row(self, where, with_data: bool = True):
        columns = [lessons.c.code, lessons.c.body, lessons.c.updated_at]
        columns.append(lessons.c.data if with_data else sa.case((lessons.c.data.is_(None), None), else_="{}").label("data"))
        with self.engine.connect() as conn:
            return conn.execute(sa.select(*columns).where(where)).first()

    def _lesson_id(self, conn, teacher_token: str | None) -> int | None:
        digest = token_digest(teacher_token)
        return conn.execute(sa.select(lessons.c.id).where(lessons.c.teacher_digest == digest)).scalar() if digest else None

    # --- running a lesson ----------------------------------------------------------------------------------
    @_reachable
    def start_run(self, teacher_token: str, from_start: bool = False) -> RunState | None:
        """Start the lesson for pupils (chapter 1, follow); a run already going is kept unless `from_start`."""
        with self.engine.begin() as conn:
            lesson_id = self._lesson_id(conn, teacher_token)
            if lesson_id is None:
                return None
            now = time.time()
            fresh = {"chapter_index": 0, "mode": "follow", "revealed": False, "started_at": now, "updated_at": now}
            insert = self._insert(runs).values(lesson_id=lesson_id, **fresh)
            if from_start:
                conn.execute(insert.on_conflict_do_update(index_elements=["lesson_id"], set_=fresh))
            else:
                conn.execute(insert.on_conflict_do_nothing(index_elements=["lesson_id"]))
            return _run_state(conn.execute(sa.select(runs).where(runs.c.lesson_id == lesson_id)).one())

    @_reachable
    def current(self, code: str | None) -> RunState | None:
        """Where the class is; None when the code is unknown or the lesson has not started."""
        code = normalise_code(code)
        if code is None:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(runs).join(lessons, lessons.c.id == runs.c.lesson_id).where(lessons.c.code == code)).first()
        return _run_state(row) if row else None

    @_reachable
    def set_chapter(self, teacher_token: str, index: int) -> RunState | None:
        """Move the class to a chapter (kept inside the lesson); the answer is hidden again."""
        stored = self.for_teacher(teacher_token, with_data=False)
        if stored is None or not stored.lesson.chapters:
            return None
        index = min(max(int(index), 0), len(stored.lesson.chapters) - 1)
        return self._update_run(teacher_token, chapter_index=index, revealed=False)

    @_reachable
    def set_mode(self, teacher_token: str, mode: str) -> RunState | None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        return self._update_run(teacher_token, mode=mode)

    @_reachable
    def reveal(self, teacher_token: str, revealed: bool = True) -> RunState | None:
        return self._update_run(teacher_token, revealed=bool(revealed))

    def _update_run(self, teacher_token: str, **values) -> RunState | None:
        with self.engine.begin() as conn:
            lesson_id = self._lesson_id(conn, teacher_token)
            if lesson_id is None:
                return None
            conn.execute(runs.update().where(runs.c.lesson_id == lesson_id).values(updated_at=time.time(), **values))
            row = conn.execute(sa.select(runs).where(runs.c.lesson_id == lesson_id)).first()
        return _run_state(row) if row else None

    # --- answers -------------------------------------------------------------------------------------------
    @_reachable
    def answer(self, code: str, chapter_index: int, device_id: str, nickname: str, value: object) -> rules.Accepted | rules.Rejected:
        """A lesson's own data (from the Your data page) are kept beside its body, within the upload's limits.
        One answer per question per device, to the chapter the class is at, until the answer is revealed."""
        if not rules.valid_device(device_id):
            return rules.Rejected("bad_device")
        stored, run = self.for_pupil(code, with_data=False), self.current(code)
        if stored is None:
            return rules.Rejected("unknown_lesson")
        if run is None:
            return rules.Rejected("not_running")
        if chapter_index != run.chapter_index:
            return rules.Rejected("not_current")
        question = stored.lesson.chapters[chapter_index].question
        if question is None:
            return rules.Rejected("no_question")
        if run.revealed:
            return rules.Rejected("revealed")
        checked = rules.checked_value(question, value, own_dates=stored.lesson.data is not None)
        if isinstance(checked, rules.Rejected):
            return checked
        return self._write_answer(stored.code, chapter_index, device_id, rules.clean_text(nickname, rules.MAX_NICKNAME), checked)

    def _write_answer(self, code: str, chapter_index: int, device_id: str, nickname: str, value: str) -> rules.Accepted | rules.Rejected:
        with self.engine.begin() as conn:
            lesson_id = conn.execute(sa.select(lessons.c.id).where(lessons.c.code == code)).scalar_one()
            same_question = (answers.c.lesson_id == lesson_id) & (answers.c.chapter_index == chapter_index)
            given = conn.execute(sa.select(sa.func.count()).where(same_question)).scalar_one()
            replaced = conn.execute(sa.select(answers.c.id).where(same_question & (answers.c.device_id == device_id))).first() is not None
            if not replaced and given >= rules.MAX_ANSWERS_PER_QUESTION:
                return rules.Rejected("full")
            fields = {"nickname": nickname, "value": value, "answered_at": time.time()}
            insert = self._insert(answers).values(lesson_id=lesson_id, chapter_index=chapter_index, device_id=device_id, **fields)
            conn.execute(insert.on_conflict_do_update(index_elements=["lesson_id", "chapter_index", "device_id"], set_=fields))
        return rules.Accepted(value, replaced)

    @_reachable
    def tally(self, teacher_token: str, chapter_index: int) -> Tally | None:
        stored = self.for_teacher(teacher_token, with_data=False)
        if stored is None or not 0 <= chapter_index < len(stored.lesson.chapters):
            return None
        with self.engine.connect() as conn:
            lesson_id = self._lesson_id(conn, teacher_token)
            query = sa.select(answers.c.value).where((answers.c.lesson_id == lesson_id) & (answers.c.chapter_index == chapter_index))
            values = list(conn.execute(query).scalars())
        question = stored.lesson.chapters[chapter_index].question
        marks = [rules.is_correct(question, v) for v in values] if question else []
        correct = None if not question or rules.is_correct(question, "") is None else sum(bool(m) for m in marks)
        return Tally(chapter_index, len(values), dict(Counter(values).most_common()), correct)

    @_reachable
    def answers_csv_rows(self, teacher_token: str, lang: str = "en") -> list[list[str]] | None:
        """A header and one row per answer (chapter, question, pupil number, nickname, answer, right?, time UTC)."""
        stored = self.for_teacher(teacher_token, with_data=False)
        if stored is None:
            return None
        with self.engine.connect() as conn:
            lesson_id = self._lesson_id(conn, teacher_token)
            query = sa.select(answers).where(answers.c.lesson_id == lesson_id).order_by(answers.c.chapter_index, answers.c.answered_at)
            rows = conn.execute(query).all()
        return [_csv_header(lang), *_csv_rows(stored.lesson, rows, lang)]

    @_reachable
    def delete_answers(self, teacher_token: str) -> int:
        with self.engine.begin() as conn:
            lesson_id = self._lesson_id(conn, teacher_token)
            return conn.execute(answers.delete().where(answers.c.lesson_id == lesson_id)).rowcount if lesson_id else 0

    @_reachable
    def purge_answers(self, older_than_days: float = ANSWERS_KEPT_DAYS, now: float | None = None) -> int:
        """Delete every answer older than the given days; the number deleted."""
        cutoff = (now if now is not None else time.time()) - older_than_days * 86_400
        with self.engine.begin() as conn:
            return conn.execute(answers.delete().where(answers.c.answered_at < cutoff)).rowcount

    # --- schema --------------------------------------------------------------------------------------------
    def _insert(self, table: sa.Table):
        return (postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert)(table)

    def _upgrade(self, revision: str) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with _migration_lock(self.url), self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            config.attributes["connection"] = conn
            command.upgrade(config, revision)


def _engine(url: str) -> sa.Engine:
    path = sqlite_path(url)
    if path is None:
        return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, connect_args={"connect_timeout": 5})
    path.parent.mkdir(parents=True, exist_ok=True)
    # A class polls at once (one thread per session): SQLite connections are cheap, so the pool is generous.
    engine = sa.create_engine(url, pool_size=10, max_overflow=40, connect_args={"timeout": 15})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    return engine


@contextlib.contextmanager
def _migration_lock(url: str) -> Iterator[None]:
    """For SQLite, an exclusive lock on a file beside the database (PostgreSQL locks inside the transaction)."""
    path = sqlite_path(url)
    if path is None:
        yield
        return
    with open(path.with_name(path.name + ".migrate-lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _body(lesson: Lesson) -> str:
    if len(lesson.chapters) > MAX_CHAPTERS:
        raise LessonTooLargeError(f"a lesson has at most {MAX_CHAPTERS} chapters")
    body = json.dumps(to_dict(lesson), ensure_ascii=False)
    if len(body.encode()) > MAX_LESSON_BYTES:
        raise LessonTooLargeError(f"a lesson is at most {MAX_LESSON_BYTES // 1000} kB")
    return body


def _data(lesson: Lesson) -> str | None:
    if lesson.data is None:
        return None
    try:
        check_size(lesson.data)
    except DatasetTooLargeError as error:
        raise LessonTooLargeError(str(error)) from error
    return json.dumps(data_to_dict(lesson.data), ensure_ascii=False)


def _lesson(row) -> Lesson:
    lesson = from_dict(json.loads(row.body))
    return replace(lesson, data=data_from_dict(json.loads(row.data))) if row.data is not None else lesson


def _run_state(row) -> RunState:
    return RunState(row.chapter_index, row.mode, bool(row.revealed), row.updated_at)


def _csv_header(lang: str) -> list[str]:
    return [
        pick(lang, "chapter", "hoofdstuk"),
        pick(lang, "question", "vraag"),
        pick(lang, "pupil", "leerling"),
        pick(lang, "nickname", "bijnaam"),
        pick(lang, "answer", "antwoord"),
        pick(lang, "right", "goed"),
        pick(lang, "answered at (UTC)", "beantwoord om (UTC)"),
    ]


def _csv_rows(lesson: Lesson, rows, lang: str) -> list[list[str]]:
    """Devices become pupil 1, 2, … in order of first answer: no device ids leave the database. Pupils' text cells
    that a spreadsheet could run as a formula get a leading apostrophe (core.render.exports)."""
    pupils: dict[str, int] = {}
    out = []
    for row in rows:
        chapter = lesson.chapters[row.chapter_index] if row.chapter_index < len(lesson.chapters) else None
        question = chapter.question if chapter else None
        right = rules.is_correct(question, row.value) if question else None
        out.append(
            [
                str(row.chapter_index + 1),
                neutralise_formula(question.prompt(lang) if question else ""),
                str(pupils.setdefault(row.device_id, len(pupils) + 1)),
                neutralise_formula(row.nickname),
                neutralise_formula(row.value),
                "" if right is None else pick(lang, "yes" if right else "no", "ja" if right else "nee"),
                datetime.fromtimestamp(row.answered_at, UTC).strftime("%Y-%m-%d %H:%M:%S"),
            ]
        )
    return out
