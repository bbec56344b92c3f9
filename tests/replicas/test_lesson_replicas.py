"""Beyond one box, for real (opt-in: `make replicas`): Debian's PostgreSQL and nginx, two app processes on
loopback behind nginx's config generated from deploy/nginx.conf (its upstream lines pointed at the two processes,
its listen line at a free loopback port, and a test-only header naming the upstream). A teacher and pupils spread
over both replicas run a lesson through nginx; one replica is killed mid-lesson; its pupils reconnect through nginx,
land on the current chapter, and no answer is lost.

Spreading: nginx's ip_hash keys on the first three octets of the client's IPv4 address, so the websocket pupils
(bench/st_session.py) connect from distinct loopback source addresses 127.0.X.1 (all of 127/8 is local on Linux)
and the test keeps the addresses that land on each replica (read from the handshake's X-Atlas-Upstream header).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from bench.st_session import StreamlitSession
from core.lessons.model import Chapter, Lesson, Question
from core.lessons.store import LessonStore
from tests.e2e.conftest import _free_port
from tests.e2e.lesson_server import LessonServer
from tests.lessons_db import PostgresCluster, require_postgres
from tests.nginx import NGINX, running_nginx, shipped_config

ROOT = Path(__file__).resolve().parents[2]
PUPILS_PER_REPLICA = 3
WAIT_S = 90

pytestmark = pytest.mark.skipif(
    os.environ.get("ATLAS_REPLICAS") != "1", reason="opt-in: `make replicas` (PostgreSQL + nginx + two app processes)"
)

LESSON = Lesson(
    "Replicas",
    "Replica's",
    (
        Chapter("2014-06", 36.3, 43.1, 7, highlight=("mosul",), title_en="Replica chapter one", title_nl="Replica een"),
        Chapter(
            "2015-05",
            34.56,
            38.28,
            7,
            title_en="Replica chapter two",
            title_nl="Replica twee",
            question=Question("holder", "Who held Palmyra?", "Wie had Palmyra?", "palmyra", ("IS",)),
        ),
        Chapter("2016-06", 33.3, 43.8, 7, title_en="Replica chapter three", title_nl="Replica drie"),
    ),
)


@pytest.fixture()
def cluster():
    require_postgres()
    if not Path(NGINX).exists():
        pytest.fail(f"nginx not found at {NGINX}; install it with `apt-get install -y nginx`")
    running = PostgresCluster().start()
    yield running
    running.stop()


async def spread_sessions(
    base: str, page: str, query_for, replicas: dict[str, int], wanted: int, first_net: int
) -> tuple[dict[str, list], int]:
    """Open sessions from 127.0.X.1, X = first_net, first_net+1, …, keeping `wanted` per replica."""
    kept: dict[str, list] = {upstream: [] for upstream in replicas}
    net = first_net
    while any(len(sessions) < wanted for sessions in kept.values()) and net < first_net + 200:
        session = StreamlitSession(base, page, query_for(net), local_addr=f"127.0.{net}.1")
        net += 1
        await session.open()
        if len(kept[session.upstream]) < wanted:
            kept[session.upstream].append(session)
        else:
            await session.close()
    assert all(len(sessions) == wanted for sessions in kept.values()), "ip_hash sent every address to one replica"
    return kept, net


async def lesson_through_nginx(base: str, store: LessonStore, keys, servers: dict[str, LessonServer]) -> None:
    replicas = dict.fromkeys(servers, 0)
    teachers, net = await spread_sessions(base, "present", lambda _: f"teacher={keys.teacher_token}&chapter=1", replicas, 1, 1)
    pupils, _ = await spread_sessions(
        base, "join", lambda n: f"code={keys.code}&device=replica-pupil-{n:03d}", replicas, PUPILS_PER_REPLICA, net
    )
    doomed, survivor = list(servers)
    teacher = teachers[survivor][0]  # the teacher on replica B, pupils on both
    await teachers[doomed][0].close()
    everyone = [p for sessions in pupils.values() for p in sessions]
    await asyncio.gather(*(p.wait_text("Replica chapter one", WAIT_S) for p in everyone))

    for p in everyone:
        p.clear()
    await teacher.press("Next ▶")
    await asyncio.gather(*(p.wait_text("Replica chapter two", WAIT_S) for p in everyone))  # pupils on A follow a teacher on B
    for p in everyone:
        p.clear()
        await p.press("Send my answer", **{"Who held it?": "Islamic State"})
    await asyncio.gather(*(p.wait_text("Your answer is in", WAIT_S) for p in everyone))
    assert store.tally(keys.teacher_token, 1).count == len(everyone)

    servers[doomed].stop(kill=True)  # replica A dies mid-lesson
    orphans = pupils[doomed]
    await asyncio.gather(*(asyncio.wait_for(p.closed.wait(), WAIT_S) for p in orphans))
    for p in orphans:
        p.clear()
    await asyncio.gather(*(p.reconnect(WAIT_S) for p in orphans))  # what their browsers do, through nginx
    # nginx tried the dead replica, then served the survivor ($upstream_addr lists both)
    assert {p.upstream.split(", ")[-1] for p in orphans} == {servers[survivor].url.removeprefix("http://")}
    await asyncio.gather(*(p.wait_text("Replica chapter two", WAIT_S) for p in orphans))  # back on the current chapter
    assert store.tally(keys.teacher_token, 1).count == len(everyone), "no answer lost"

    for p in everyone:
        p.clear()
    await teacher.press("Next ▶")
    await asyncio.gather(*(p.wait_text("Replica chapter three", WAIT_S) for p in everyone))
    for session in [teacher, *everyone]:
        await session.close()


def test_a_lesson_through_nginx_survives_a_replica(cluster, tmp_path):
    database = cluster.new_database()
    store = LessonStore(database)
    keys = store.create(LESSON)
    store.start_run(keys.teacher_token)
    servers = {}
    try:
        for _ in range(2):
            server = LessonServer(database).start()
            servers[server.url.removeprefix("http://")] = server
        listen = f"127.0.0.1:{_free_port()}"
        with running_nginx(shipped_config(list(servers), listen, name_upstream=True), tmp_path, listen) as base:
            asyncio.run(lesson_through_nginx(base, store, keys, servers))
        rows = store.answers_csv_rows(keys.teacher_token)
        assert len(rows) == 1 + 2 * PUPILS_PER_REPLICA
    finally:
        for server in servers.values():
            server.stop(kill=True)
        store.close()
