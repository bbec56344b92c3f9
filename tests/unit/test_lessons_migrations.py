"""Upgrades: a database made by the first schema revision, with a lesson in it, opens at the newest one intact."""

from __future__ import annotations

import json
from dataclasses import replace

import sqlalchemy as sa

from core.lessons.codes import token_digest
from core.lessons.model import Chapter, Lesson, LessonData, Question
from core.lessons.store import LessonStore
from tests.lessons_db import database_url, postgres_cluster  # noqa: F401  (fixtures)

FIRST_REVISION = "0001"
# A lesson body exactly as the first version wrote it (model.to_dict, FORMAT_VERSION 1): frozen here, so a later
# change to the model that cannot read it fails this test.
SAVED_BY_FIRST_VERSION = {
    "version": 1,
    "title_en": "Old lesson",
    "title_nl": "Oude les",
    "chapters": [
        {
            "month": "2015-05",
            "lat": 34.55,
            "lon": 38.27,
            "zoom": 9,
            "fit_places": True,
            "highlight": ["palmyra"],
            "title_en": "Palmyra",
            "title_nl": "Palmyra",
            "text_en": "IS takes Palmyra.",
            "text_nl": "IS neemt Palmyra in.",
            "note_en": "note",
            "note_nl": "notitie",
            "id": "palmyra",
            "expect": "palmyra=IS",
            "question": {
                "kind": "holder",
                "prompt_en": "Who held Palmyra?",
                "prompt_nl": "Wie had Palmyra?",
                "place_id": "palmyra",
                "answer": ["IS"],
            },
        }
    ],
}
EXPECTED = Lesson(
    "Old lesson",
    "Oude les",
    (
        Chapter(
            "2015-05", 34.55, 38.27, 9, True, ("palmyra",), "Palmyra", "Palmyra", "IS takes Palmyra.", "IS neemt Palmyra in.", "note", "notitie",
            Question("holder", "Who held Palmyra?", "Wie had Palmyra?", "palmyra", ("IS",)), "palmyra", "palmyra=IS",
        ),
    ),
)  # fmt: skip
TOKEN = "teacher-token-of-the-old-lesson-0001"


def test_a_lesson_saved_at_the_first_revision_opens_after_the_upgrade(database_url):  # noqa: F811
    old = LessonStore(database_url, revision=FIRST_REVISION)
    with old.engine.begin() as conn:
        assert sa.inspect(conn).get_table_names() == sorted(["alembic_version", "lessons"])
        conn.execute(
            sa.text("INSERT INTO lessons (code, teacher_digest, body, created_at, updated_at) VALUES (:c, :d, :b, 1, 1)"),
            {"c": "HJK234", "d": token_digest(TOKEN), "b": json.dumps(SAVED_BY_FIRST_VERSION)},
        )
    made_by_old = old.create(EXPECTED)
    old.close()

    upgraded = LessonStore(database_url)
    with upgraded.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    assert upgraded.for_teacher(TOKEN).lesson == EXPECTED
    assert upgraded.for_pupil("HJK234").lesson == EXPECTED.for_pupils()
    assert upgraded.for_teacher(made_by_old.teacher_token).lesson == EXPECTED
    assert upgraded.start_run(TOKEN).chapter_index == 0  # the new tables work for the old lesson
    upgraded.close()


def test_a_lesson_saved_before_lessons_had_data_opens_after_the_upgrade_and_takes_data(database_url):  # noqa: F811
    old = LessonStore(database_url, revision="0002")
    with old.engine.begin() as conn:
        assert "data" not in {c["name"] for c in sa.inspect(conn).get_columns("lessons")}
    made_by_old = old.create(EXPECTED)
    old.start_run(made_by_old.teacher_token)
    old.close()

    upgraded = LessonStore(database_url)
    with upgraded.engine.connect() as conn:
        assert "data" in {c["name"] for c in sa.inspect(conn).get_columns("lessons")}
    stored = upgraded.for_teacher(made_by_old.teacher_token)
    assert stored.lesson == EXPECTED and stored.lesson.data is None
    assert upgraded.current(made_by_old.code).chapter_index == 0  # its run survived the upgrade
    own = LessonData("name,country,lat,lon\nArnhem,NL,51.98,5.91\n", "", "instead", "places.csv")
    assert upgraded.save(made_by_old.teacher_token, replace(EXPECTED, data=own))
    assert upgraded.for_pupil(made_by_old.code).lesson.data == own
    upgraded.close()
