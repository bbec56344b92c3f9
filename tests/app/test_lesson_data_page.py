"""A lesson on a teacher's own data (AppTest, fixture atlas, a SQLite file per test): Your data makes the lesson,
the editor offers the data's dates, places and sides, saving keeps the data with the lesson, the teacher link
brings them back, and in class the Present page, the pupil and the tally all use them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.lessons.lesson_bundle import read_bundle, write_bundle
from core.lessons.store import LessonStore
from tests.app.conftest import carries, map_args, widget
from tests.app.conftest import page_texts as texts
from tests.app.conftest import run_page as run

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "nederland-1944-1945"
DEVICE = "device-test-0001"


def with_sample(at: AppTest) -> AppTest:
    """The sample's two files in the session, as the upload callback puts them there."""
    for kind in ("places", "events"):
        at.session_state[f"upload.{kind}_file"] = {"name": f"{kind}.csv", "raw": (SAMPLE / f"{kind}.csv").read_bytes()}
    return at


def lesson_from_sample(fixture_app, lang: str = "en") -> AppTest:
    """Your data with the sample, then 'Make a lesson of these data': the Lessons page opens on the new draft."""
    at = run(with_sample(fixture_app("pages/upload.py", **({"lang": lang} if lang != "en" else {}))))
    label = "Make a lesson of these data" if lang == "en" else "Maak een les van deze data"
    widget(at.button, label).click()
    run(at)
    assert [t.value for t in at.title] == ["Lessons" if lang == "en" else "Lessen"]  # st.switch_page went there
    # AppTest reruns the page it was opened on: the editor goes on in an AppTest of the Lessons page with the draft
    # the button made (the session's draft is all the Lessons page is given)
    editor = fixture_app("pages/lessons.py", **({"lang": lang} if lang != "en" else {}))
    editor.session_state["lessons.draft"] = at.session_state["lessons.draft"]
    return run(editor)


def write_a_holder_question(at: AppTest) -> AppTest:
    widget(at.text_input, "Title (English)").input("Market Garden").run()
    widget(at.text_area, "Text (English)").input("Airborne troops land.").run()
    widget(at.selectbox, "Question").select("holder").run()
    widget(at.text_input, "Question (English)").input("Who held Arnhem?").run()
    widget(at.selectbox, "The place asked about").select("arnhem").run()
    widget(at.selectbox, "Right answer: who held it").select("Duitsland").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_your_data_says_it_stays_private_until_saved_as_a_lesson(fixture_app, lessons_db):
    at = run(with_sample(fixture_app("pages/upload.py")))
    assert "unless you make a lesson of them and save it" in texts(at)
    assert "Make a lesson of them and save it to keep them on the server" in texts(at)
    at = run(with_sample(fixture_app("pages/upload.py", lang="nl")))
    assert "tenzij je er een les van maakt en die bewaart" in texts(at)
    assert "Maak er een les van en bewaar die" in texts(at)


def test_the_editor_offers_the_datas_months_places_and_sides(fixture_app, lessons_db):
    at = lesson_from_sample(fixture_app)
    assert "This lesson is built on your own data (places\\.csv, events\\.csv): 19 places" in texts(at)  # file names escaped
    assert "sides Duitsland, Geallieerden" in texts(at)
    month = widget(at.selectbox, "Month")
    assert (month.options[0], month.options[-1], len(month.options)) == ("September 1944", "May 1945", 9)
    at = write_a_holder_question(at)
    holder = widget(at.selectbox, "Right answer: who held it")
    assert holder.options == ["Duitsland", "Geallieerden"]
    assert "Arnhem" in widget(at.selectbox, "The place asked about").options
    assert "Checked: no problems found." in texts(at)
    layer = map_args(at)["feature_group"]
    assert "Nijmegen" in layer and "Mosul" not in layer  # the data's places on the chapter's map
    assert "Duitsland-held" in layer  # and the territory its sides hold
    hint = widget(at.text_input, "Find a place to highlight (any spelling)").placeholder
    assert hint == "'s-Hertogenbosch, Amsterdam, Apeldoorn…"  # the data's own names A-Z, not the atlas's Mosul


def test_the_editor_speaks_dutch_about_the_data(fixture_app, lessons_db):
    at = lesson_from_sample(fixture_app, "nl")
    assert "Deze les is gebouwd op je eigen data" in texts(at)
    assert widget(at.selectbox, "Maand").options[0] == "september 1944"


def test_saving_keeps_the_data_and_the_teacher_link_brings_them_back(fixture_app, lessons_db):
    at = write_a_holder_question(lesson_from_sample(fixture_app))
    widget(at.button, "Save the lesson").click()
    run(at)
    token = at.query_params["teacher"][0] if isinstance(at.query_params["teacher"], list) else at.query_params["teacher"]
    store = LessonStore(lessons_db)
    stored = store.for_teacher(token)
    assert stored.lesson.data is not None and "Nijmegen" in stored.lesson.data.places_csv
    assert stored.lesson.chapters[0].question.answer == ("Duitsland",)

    elsewhere = run(fixture_app("pages/lessons.py", teacher=token))  # another browser: nothing in its session
    assert "This lesson is built on your own data" in texts(elsewhere)
    assert widget(elsewhere.selectbox, "Month").options[0] == "September 1944"
    assert widget(elsewhere.selectbox, "Right answer: who held it").options == ["Duitsland", "Geallieerden"]
    store.close()


def test_in_class_the_slide_the_pupil_and_the_tally_use_the_data(fixture_app, lessons_db):
    at = write_a_holder_question(lesson_from_sample(fixture_app))
    widget(at.button, "Save the lesson").click()
    run(at)
    store = LessonStore(lessons_db)
    token = at.query_params["teacher"]
    token = token[0] if isinstance(token, list) else token
    code = store.for_teacher(token).code

    slide = run(fixture_app("pages/present.py", teacher=token))
    assert "September 1944" in texts(slide) and "Market Garden" in texts(slide)
    assert "Geallieerden" in texts(slide)  # the legend names the data's sides
    next(b for b in slide.button if "Start the lesson" in b.label).click()
    run(slide)

    pupil = run(fixture_app("pages/join.py", code=code, device=DEVICE))
    assert "September 1944" in texts(pupil)
    pupil_map = next(e.proto.json_args for e in pupil.get("component_instance") if "feature_group" in json.loads(e.proto.json_args))
    assert "Arnhem" in pupil_map and "Mosul" not in pupil_map  # the player's timeline is the data's, not the atlas's
    assert re.search(r'"month": ?"1944-09"', json.loads(pupil_map)["script"])  # its chapters follow the data's own months
    assert pupil.radio[0].options == ["Duitsland", "Geallieerden"]
    pupil.radio[0].set_value("Duitsland")
    next(b for b in pupil.button if "Send my answer" in b.label).click()
    run(pupil)
    assert "Your answer is in" in texts(pupil)
    tally = store.tally(token, 0)
    assert (tally.count, tally.correct, tally.counts) == (1, 1, {"Duitsland": 1})

    presenter = run(fixture_app("pages/present.py", teacher=token, view="presenter"))
    assert "1 answered · 1 right" in texts(presenter)
    store.close()


def test_data_of_a_few_weeks_make_a_lesson_by_day(fixture_app, lessons_db):
    """Only the sample's September 1944: the chapters pick days, and the map shows the state on the chosen day."""
    events = (SAMPLE / "events.csv").read_bytes().splitlines()
    september = b"\n".join([events[0], *(line for line in events[1:] if b"-09-1944;" in line)])
    at = with_sample(fixture_app("pages/upload.py"))
    at.session_state["upload.events_file"] = {"name": "september.csv", "raw": september}
    run(at)
    widget(at.button, "Make a lesson of these data").click()
    run(at)
    editor = fixture_app("pages/lessons.py")
    editor.session_state["lessons.draft"] = at.session_state["lessons.draft"]
    run(editor)
    day = widget(editor.selectbox, "Day")
    assert (day.options[0], day.options[3], day.options[-1]) == ("14 September 1944", "17 September 1944", "25 September 1944")
    assert "Checked: no problems found." not in texts(editor)  # no title yet, but no date problem either
    assert "timeline" not in texts(editor)
    day.select("16 September 1944").run()
    assert not editor.exception
    layer = map_args(editor)["feature_group"]
    assert "Son \\u2014 Duitsland" in layer and "Son \\u2014 Geallieerden" not in layer  # the 16th, not the month's end
    widget(editor.selectbox, "Day").select("17 September 1944").run()
    layer = map_args(editor)["feature_group"]
    assert "Son \\u2014 Geallieerden, since 17 September 1944" in layer  # taken on the 17th, shown on the 17th


def test_the_export_of_a_lesson_on_data_is_a_zip_with_the_data(fixture_app, lessons_db):
    at = write_a_holder_question(lesson_from_sample(fixture_app))
    lesson = at.session_state["lessons.draft"]
    button = next(b for b in at.get("download_button") if "ZIP" in b.proto.label)
    assert button.proto.label == "Export this lesson with its data (ZIP)"
    assert carries(at, button.proto.id.split("-", 2)[-1], write_bundle(lesson), "application/zip", "lesson.zip")
    assert read_bundle(write_bundle(lesson)) == lesson  # and it imports back whole
