"""`make load`, lesson phase: CLASSES classes of PUPILS pupils (websocket sessions on /join, their timed fragment
polling as a browser's does) follow their teachers (websocket sessions on /present?teacher=…, pressing Next ▶)
on one server. Prints the join (the whole class opens /join in the same second: each pupil's page complete, map
and all), chapter turn -> every pupil shows it (p50/p95/max), answer -> the teacher's presenter view counts it
(p50/p95/max) and errors. A turn is timed once every pupil's page has finished its first run, as in a class where
the teacher turns after the pupils have joined: timed while 60 page runs still drain, it measured that backlog
(1.5-1.6 s of it), not the turn. Figures are printed, never asserted."""

from __future__ import annotations

import asyncio
import re
import secrets
import time

from bench.st_session import StreamlitSession
from core.lessons.model import Chapter, Lesson, Question
from core.lessons.store import LessonStore

CLASSES = 2
PUPILS = 30
PHASE_TIMEOUT_S = 240
WAIT_S = 60  # one pupil or teacher waits at most this long for one thing (then it is an error)
LESSON = Lesson(
    "Load lesson",
    "Belastingsles",
    (
        Chapter("2014-06", 36.3, 43.1, 7, highlight=("mosul",), title_en="Load chapter one", title_nl="Laadhoofdstuk een"),
        Chapter(
            "2015-05",
            34.56,
            38.28,
            7,
            title_en="Load chapter two",
            title_nl="Laadhoofdstuk twee",
            question=Question("holder", "Who held Palmyra?", "Wie had Palmyra?", "palmyra", ("IS",)),
        ),
        Chapter("2016-06", 33.3, 43.8, 7, title_en="Load chapter three", title_nl="Laadhoofdstuk drie"),
    ),
)
_COUNT = re.compile(rb"lesson-spread-count[^>]*>(\d+) answered")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


class Counted:
    """The presenter view's live count as it arrives: (time, count) each time it grows."""

    def __init__(self) -> None:
        self.seen: list[tuple[float, int]] = []

    def __call__(self, raw: bytes) -> None:
        for match in _COUNT.finditer(raw):
            count = int(match.group(1))
            if not self.seen or count > self.seen[-1][1]:
                self.seen.append((time.perf_counter(), count))

    def first_time_with(self, count: int) -> float | None:
        return next((t for t, c in self.seen if c >= count), None)


async def joined(pupil: StreamlitSession, started: float, joins: list) -> None:
    """A pupil's page run to its end (the chapter's words come first, the map after them)."""
    await pupil.wait_text("Load chapter one", WAIT_S)
    await pupil.wait_for(lambda: pupil.finished_runs >= 1, WAIT_S)
    joins.append(time.perf_counter() - started)


async def one_class(url: str, store: LessonStore, figures: dict[str, list], errors: list) -> None:
    keys = store.create(LESSON)
    store.start_run(keys.teacher_token)
    teacher = StreamlitSession(url, "present", f"teacher={keys.teacher_token}&chapter=1")
    presenter = StreamlitSession(url, "present", f"teacher={keys.teacher_token}&view=presenter")
    pupils = [StreamlitSession(url, "join", f"code={keys.code}&device=load-{secrets.token_hex(6)}") for _ in range(PUPILS)]
    counted = Counted()
    presenter.on_message = counted
    try:
        await teacher.open()
        await teacher.wait_text("Load chapter one", WAIT_S)
        started = time.perf_counter()
        await asyncio.gather(*(p.open() for p in pupils))
        await asyncio.gather(*(joined(p, started, figures["joins"]) for p in pupils))
        for title in ("Load chapter two", "Load chapter three"):
            await turn(teacher, pupils, title, figures["turns"], errors)
            if title == "Load chapter two":
                await presenter.open()
                await presenter.wait_text("answered", WAIT_S)
                await answer_all(pupils, counted, figures["answers"], errors)
    except Exception as error:  # noqa: BLE001 - a load test counts every failure as an error
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        await asyncio.gather(*(s.close() for s in [teacher, presenter, *pupils]), return_exceptions=True)


async def turn(teacher: StreamlitSession, pupils: list[StreamlitSession], title: str, turns: list, errors: list) -> None:
    """The teacher presses Next ▶; each pupil's delay until the new chapter's title reaches it."""
    for pupil in pupils:
        pupil.clear()
    started = time.perf_counter()
    await teacher.press("Next ▶")

    async def arrives(pupil: StreamlitSession) -> None:
        try:
            await pupil.wait_text(title, WAIT_S)
            turns.append(time.perf_counter() - started)
        except TimeoutError:
            errors.append(f"a pupil did not see {title!r} within {WAIT_S} s")

    await asyncio.gather(*(arrives(p) for p in pupils))


async def answer_all(pupils: list[StreamlitSession], counted: Counted, answers: list, errors: list) -> None:
    """Every pupil answers at once; each answer's delay until the presenter's count includes it (the k-th
    answer to be stored is counted once the presenter shows k)."""
    sent: list[float] = []

    async def one(pupil: StreamlitSession) -> float | None:
        pupil.clear()
        started = time.perf_counter()
        await pupil.press("Send my answer", **{"Who held it?": "Islamic State"})
        try:
            await pupil.wait_text("Your answer is in", WAIT_S)
        except TimeoutError:
            errors.append("an answer was not confirmed")
            return None
        sent.append(started)
        return time.perf_counter()

    stored = sorted(t for t in await asyncio.gather(*(one(p) for p in pupils)) if t is not None)
    deadline = time.perf_counter() + WAIT_S
    while counted.first_time_with(len(stored)) is None and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    by_store_order = sorted(zip(stored, sorted(sent), strict=False))
    for rank, (_, started) in enumerate(by_store_order, start=1):
        shown = counted.first_time_with(rank)
        if shown is None:
            errors.append(f"the presenter never counted {rank} answers")
        else:
            answers.append(shown - started)


async def lesson_phase(url: str, database_url: str) -> dict:
    store = LessonStore(database_url)
    figures, errors = {"joins": [], "turns": [], "answers": []}, []
    try:
        await asyncio.wait_for(asyncio.gather(*(one_class(url, store, figures, errors) for _ in range(CLASSES))), PHASE_TIMEOUT_S)
    except TimeoutError:
        errors.append(f"lesson phase timed out after {PHASE_TIMEOUT_S} s")
    finally:
        store.close()
    return {**figures, "errors": errors}


def spread(name: str, values: list[float]) -> str:
    return f"  {name}: n={len(values)} p50 {percentile(values, 0.5):.2f}s p95 {percentile(values, 0.95):.2f}s max {max(values, default=float('nan')):.2f}s"


def report(result: dict) -> str:
    lines = [
        f"lessons: {CLASSES} classes x {PUPILS} pupils (websocket sessions on /join, fragment polling every second), "
        f"{CLASSES} teachers pressing Next ▶ on /present?teacher=…",
        spread("join, the class at once -> each pupil's page complete", result["joins"]),
        spread("chapter turn -> pupil shows it", result["turns"]),
        spread("answer -> presenter counts it", result["answers"]),
        f"  errors: {len(result['errors'])}",
    ]
    distinct = sorted(set(result["errors"]), key=result["errors"].index)
    lines += [f"    error ({result['errors'].count(error)}x): {error}" for error in distinct[:5]]
    return "\n".join(lines)
