"""Pure rules of a lesson in class: display order, taps to towns, code and answer limits."""

from __future__ import annotations

import pytest

from core.lessons.limits import AnswerGuard, CodeGuard, SlidingWindow
from core.lessons.spread import in_display_order, nearest_place


class FakeClock:
    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_display_order_months_as_a_histogram_choices_most_first():
    assert in_display_order("month", {"2016-01": 2, "2015-06": 1}) == [("2015-06", 1), ("2016-01", 2)]
    assert in_display_order("holder", {"IQ": 1, "IS": 3, "KRG": 1}) == [("IS", 3), ("IQ", 1), ("KRG", 1)]


def test_a_tap_counts_as_the_nearest_town_only_when_close():
    towns = [("raqqa", 35.95, 39.01), ("tabqa", 35.83, 38.55)]
    assert nearest_place(35.96, 39.02, towns, zoom=8) == "raqqa"
    assert nearest_place(35.84, 38.57, towns, zoom=8) == "tabqa"
    assert nearest_place(33.0, 44.0, towns, zoom=8) is None  # Baghdad is no town of this list
    # zoomed far out the same finger covers more ground
    assert nearest_place(36.2, 39.3, towns, zoom=5) == "raqqa"
    assert nearest_place(36.2, 39.3, towns, zoom=10) is None


def test_sliding_window_forgets_old_events():
    clock = FakeClock()
    window = SlidingWindow(2, 60, clock)
    assert window.allow("a") and window.allow("a")
    assert not window.allow("a")
    assert window.wait_s("a") == pytest.approx(60)
    clock.now += 61
    assert window.allow("a")


def test_sliding_window_memory_is_bounded():
    window = SlidingWindow(1, 60, FakeClock(), max_keys=100)
    for number in range(1000):
        window.record(f"device-{number}")
    assert len(window._events) == 100


def test_code_guessing_is_stopped_per_session_and_per_address():
    clock = FakeClock()
    guard = CodeGuard(clock, per_session=5, per_address=8)
    for _ in range(5):
        assert not guard.blocked("s1", "10.0.0.1")
        guard.wrong("s1", "10.0.0.1")
    assert guard.blocked("s1", "10.0.0.1")  # this tab
    for _ in range(3):
        guard.wrong("s2", "10.0.0.1")  # a fresh tab from the same address
    assert guard.blocked("s3", "10.0.0.1")  # the address is done guessing too
    assert not guard.blocked("s4", "10.0.0.2")  # another pupil is not
    clock.now += 61
    assert not guard.blocked("s1", "10.0.0.1")


def test_one_device_cannot_flood_answers():
    clock = FakeClock()
    guard = AnswerGuard(clock, per_device=3, per_address=100)
    assert [guard.allow("d1", "a") for _ in range(5)] == [True, True, True, False, False]
    assert guard.allow("d2", "a")


def test_a_chapter_view_fits_its_places_or_keeps_its_own():
    from core.lessons.live import chapter_view
    from core.lessons.model import Chapter

    coords = {"raqqa": (35.95, 39.01), "mosul": (36.34, 43.13)}
    own = Chapter("2015-01", 33.0, 40.0, 6, highlight=("raqqa", "mosul"))
    assert chapter_view(own, coords) == ((33.0, 40.0), 6)
    (lat, lon), zoom = chapter_view(Chapter("2015-01", 33.0, 40.0, 6, fit_places=True, highlight=("raqqa", "mosul")), coords)
    assert (round(lat, 3), round(lon, 2), zoom) == (36.145, 41.07, 7)  # both towns fit a ~560 px map
    single = Chapter("2015-01", 33.0, 40.0, 6, fit_places=True, highlight=("raqqa", "atlantis"))
    assert chapter_view(single, coords) == ((35.95, 39.01), 9)


def test_a_pupil_screen_follows_the_run_and_stays_inside_the_lesson():
    from core.lessons.live import pupil_screen
    from core.lessons.store import RunState

    assert pupil_screen(None, 3) is None
    screen = pupil_screen(RunState(7, "free", True, 0.0), 3)
    assert (screen.chapter_index, screen.free, screen.revealed) == (2, True, True)
    assert pupil_screen(RunState(1, "follow", False, 0.0), 3).signature == (1, False, False)


def test_a_pupil_map_carries_every_chapter_as_the_browser_follows_it():
    """Whole entries: month key, resolved view (fitted to the places when asked), places to ring, in order."""
    from core.lessons.live import follow_chapters
    from core.lessons.model import Chapter, Lesson

    coords = {"raqqa": (35.95, 39.01), "mosul": (36.34, 43.13)}
    lesson = Lesson(
        "L",
        "L",
        (
            Chapter("2014-06", 36.3, 43.1, 7, highlight=("mosul",)),
            Chapter("2015-01", 33.0, 40.0, 6, fit_places=True, highlight=("raqqa", "mosul")),
            Chapter("", 34.0, 41.0, 5),
        ),
    )
    assert follow_chapters(lesson, coords) == [
        {"month": "2014-06", "at": [36.3, 43.1], "zoom": 7, "ring": ["mosul"]},
        {"month": "2015-01", "at": [36.145, 41.07], "zoom": 7, "ring": ["mosul", "raqqa"]},
        {"month": "2014-01", "at": [34.0, 41.0], "zoom": 5, "ring": []},  # no month: the timeline's first
    ]


def test_the_map_cue_is_a_small_escaped_attribute_the_follow_script_reads():
    from core.lessons.live import pupil_screen
    from core.lessons.store import RunState
    from core.render.lesson_follow import CUE_ATTRIBUTE, cue_html, follow_script

    cue = pupil_screen(RunState(1, "free", False, 0.0), 3).map_cue
    assert cue == {"chapter": 1, "free": True}
    assert cue_html(cue) == f'<div {CUE_ATTRIBUTE}="{{&quot;chapter&quot;: 1, &quot;free&quot;: true}}" hidden></div>'
    code = follow_script()
    assert "config.attribute" in code and not any(token in code for token in ("{{", "{%", "{#"))


def test_the_follow_script_rides_in_the_map_with_its_chapters():
    import folium

    from core.render.lesson_follow import LessonFollow

    chapters = [{"month": "2015-05", "at": [34.56, 38.28], "zoom": 8, "ring": ["palmyra"]}]
    m = folium.Map(tiles=None)
    LessonFollow(chapters).add_to(m)
    html = m.get_root().render()
    assert '"chapters":[{"month":"2015-05","at":[34.56,38.28],"zoom":8,"ring":["palmyra"]}]' in html
    assert "function atlasFollowLesson(map, config)" in html


def test_shared_reads_ask_once_per_class_while_fresh_and_never_keep_a_failure():
    from core.lessons.live import SharedReads

    clock, asked = FakeClock(), []

    def read(code: str) -> str:
        asked.append(code)
        if code == "DOWN":
            raise ConnectionError("the database is away")
        return f"run of {code} #{len(asked)}"

    reads = SharedReads(read, fresh_s=0.25, clock=clock)
    assert [reads.get("ABC234") for _ in range(30)] == ["run of ABC234 #1"] * 30  # a class polling together: one query
    assert reads.get("XYZ789") == "run of XYZ789 #2"  # another class has its own
    clock.now += 0.3
    assert reads.get("ABC234") == "run of ABC234 #3"  # a turn is seen within fresh_s
    for _ in range(2):
        with pytest.raises(ConnectionError):
            reads.get("DOWN")
    assert asked.count("DOWN") == 2
