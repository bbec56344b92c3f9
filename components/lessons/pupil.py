"""The pupil's side of a lesson (/join): the code, an optional nickname, the teacher's chapter on the pupil's
own map (followed within about a second), free exploring when the teacher allows it, and the answer form."""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from components import render_speed, state  # noqa: F401 (render_speed: branca's templates compiled once)
from components.lessons import service
from components.lessons.lesson_map import LessonMap, lesson_map
from components.lessons.store import unavailable
from components.timeline import date_label
from core.lessons.answers import MAX_NICKNAME, MAX_OPEN_ANSWER, Accepted, clean_text
from core.lessons.codes import CODE_LENGTH, normalise_code
from core.lessons.live import PupilScreen, follow_chapters, pupil_screen
from core.lessons.model import Chapter, Lesson
from core.lessons.notices import message
from core.lessons.spread import nearest_place
from core.lessons.store import StoreUnavailableError
from core.render.lesson_follow import LessonFollow, cue_html
from core.render.mapping import build_base_map
from core.text.i18n import markdown_escape

PAGE = "join"
POLL_S = 1.0  # how often a pupil's page asks for the teacher's chapter (a read shared by the class, a small fragment)
MAP_HEIGHT = 430
TAP_REPORTS = ("last_object_clicked", "last_clicked")  # st_folium's reports of a tap on a symbol, on the map


def privacy_statement() -> None:
    """Said in both languages whatever the page's language: a pupil and their parents can read it."""
    st.caption(
        "🔒 No account and no name needed. Nothing personal is stored: only your answers and, if you choose one, a "
        "nickname. Answers are deleted after 30 days.  \n"
        "🔒 Geen account en geen naam nodig. Er wordt niets persoonlijks bewaard: alleen je antwoorden en, als je er "
        "een kiest, een bijnaam. Antwoorden worden na 30 dagen gewist."
    )


def _say(reason: str) -> None:
    state.put(PAGE, "problem", reason)


def _try_code(raw: object) -> None:
    """A typed or linked code: limited per tab and per address, so codes cannot be guessed by trying them."""
    guard, session, address = service.code_guard(), service.session_id(), service.client_address()
    if guard.blocked(session, address):
        _say("too_many_codes")
        return
    code = normalise_code(str(raw or ""))
    if code is None or service.store().for_pupil(code) is None:
        guard.wrong(session, address)
        _say("wrong_code")
        return
    _say("")
    state.put(PAGE, "code", code)
    state.write_url({"code": code})


def _on_code_box() -> None:
    _try_code(state.get(PAGE, "code_box"))


def joined_lesson() -> tuple[str, Lesson] | None:
    """The lesson this tab joined (from ?code= on the first run, or the code box), else None."""
    if state.get(PAGE, "code") is None and not state.get(PAGE, "url_tried"):
        state.put(PAGE, "url_tried", True)
        if state.url_params().get("code"):
            _try_code(state.url_params()["code"])
    code = state.get(PAGE, "code")
    if code is None:
        return None
    try:
        stored = service.store().for_pupil(code)
    except StoreUnavailableError:
        unavailable()
        st.stop()
    if stored is None:  # deleted while the class was in it
        state.forget(PAGE, "code")
        state.write_url({"code": None})
        _say("ended")
        return None
    return code, stored.lesson


def show_problem() -> None:
    reason = state.get(PAGE, "problem")
    if reason:
        st.error(message(reason, state.language()), icon="⚠️")


def code_box() -> None:
    with st.form(key=state.key(PAGE, "code_form"), border=False):
        st.text_input(
            state.text("Lesson code (on the board)", "Lescode (op het bord)"),
            key=state.key(PAGE, "code_box"),
            max_chars=CODE_LENGTH + 4,
            placeholder="ABC234",
        )
        st.form_submit_button(state.text("Join", "Doe mee"), type="primary", on_click=_on_code_box)


def nickname_box() -> str:
    """Optional; only the teacher's answer list shows it."""
    st.text_input(
        state.text("Nickname (optional)", "Bijnaam (mag leeg blijven)"),
        key=state.key(PAGE, "nickname"),
        max_chars=MAX_NICKNAME,
    )
    nickname = clean_text(state.get(PAGE, "nickname") or "", MAX_NICKNAME + 1)
    if len(nickname) > MAX_NICKNAME:
        st.warning(message("nickname_too_long", state.language()))
        return ""
    return nickname


def current_screen(code: str, lesson: Lesson, shared: bool = False) -> PupilScreen | None:
    """The class's screen; `shared`: a read that the process's pages share (the fragment's ticks)."""
    run = service.shared_run_state(code) if shared else service.store().current(code)
    return pupil_screen(run, len(lesson.chapters))


def current_nickname() -> str:
    """The nickname as typed (nickname_box says when it is too long; then none is sent)."""
    nickname = clean_text(state.get(PAGE, "nickname") or "", MAX_NICKNAME + 1)
    return "" if len(nickname) > MAX_NICKNAME else nickname


def follow(code: str, lesson: Lesson) -> None:
    """The chapter the class is on, asked for every POLL_S in a timed fragment (one small query): its words, its
    question and, for the map, one small element (core/render/lesson_follow.py); the map outside the fragment
    moves to the chapter in the browser, so a chapter turn never redraws a pupil's page or map on the server.
    Only the start or the end of the lesson draws the whole page again (a reconnect after a restart lands here)."""

    @st.fragment(run_every=POLL_S)
    def chapter_panel() -> None:
        try:
            screen = current_screen(code, lesson, shared=state.get(PAGE, "ticked", False))
            if (screen is None) != (state.get(PAGE, "shown") is None):  # a start or an end: sure before redrawing
                screen = current_screen(code, lesson)
            state.put(PAGE, "screen", screen)
            state.put(PAGE, "ticked", True)  # the page's own run reads the store; its ticks share a read
        except StoreUnavailableError:
            st.caption(state.text("Reconnecting to the lesson…", "Opnieuw verbinden met de les…"))
            screen = state.get(PAGE, "screen")
        if (screen is None) != (state.get(PAGE, "shown") is None):
            st.rerun()
        if screen is None:
            st.info(message("not_started", state.language()), icon="⏳")
            return
        st.html(cue_html(screen.map_cue))
        mapped = lesson_map(lesson)  # the atlas, or the lesson's own data (places, sides, dates)
        chapter = show_chapter(lesson, screen, mapped)
        answer_form(code, chapter, screen, current_nickname(), mapped)

    chapter_panel()


def pupil_map(lesson: Lesson) -> None:
    """The pupil's own map: the in-map player with every chapter's month, view and places, the same on every run
    of the page (so it never remounts); it follows the chapter itself (core/render/lesson_follow.js). A tap
    reports the tapped symbol's place, or the spot and the zoom, for a tap question."""
    lang, mapped = state.language(), lesson_map(lesson)
    base = build_base_map(lang=lang, **mapped.start_view())
    mapped.player(lang, mapped.step(lesson.chapters[0].month) or mapped.period.steps[0]).add_to(base)
    LessonFollow(follow_chapters(lesson, mapped.coords, mapped.period)).add_to(base)
    value = st_folium(
        base,
        key=f"{PAGE}-map",
        feature_group_to_add=folium.FeatureGroup(name="lesson"),
        returned_objects=list(TAP_REPORTS),
        height=MAP_HEIGHT,
        use_container_width=True,
    )
    state.put(PAGE, "clicked", value if isinstance(value, dict) else None)
    mapped.legend()


def show_chapter(lesson: Lesson, screen: PupilScreen, mapped: LessonMap) -> Chapter:
    chapter = lesson.chapters[screen.chapter_index]
    lang = state.language()
    st.caption(
        state.text(
            f"Chapter {screen.chapter_index + 1} of {len(lesson.chapters)}",
            f"Hoofdstuk {screen.chapter_index + 1} van {len(lesson.chapters)}",
        )
    )
    st.subheader(markdown_escape(chapter.title(lang)), anchor=False)
    if screen.free:  # the map's own player picks the months now
        st.info(state.text("Explore freely: your teacher will call you back.", "Verken vrij: je docent roept je straks terug."), icon="🧭")
    else:
        date_label(mapped.step(chapter.month) or mapped.period.steps[0], mapped.period)
    st.markdown(markdown_escape(chapter.text(lang)))
    return chapter


# --- answers -------------------------------------------------------------------------------------------------


def _tap_choice(screen: PupilScreen, mapped: LessonMap) -> None:
    """A new tap on the map picks a town: the tapped symbol's own place (the player reports it), else the nearest
    town within a finger's width of the spot (a tap off every town says so)."""
    value = state.get(PAGE, "clicked") or {}
    heard = state.get(PAGE, "tap_heard", {})
    reports = (*TAP_REPORTS, "atlas_click")
    news = [name for name in reports if value.get(name) and value.get(name) != heard.get(name)]
    if not news:
        return
    state.put(PAGE, "tap_heard", {name: value.get(name) for name in reports})
    coords = mapped.coords
    found = _tapped_symbol(value.get("atlas_click"), coords) if "atlas_click" in news else None
    if found is None:
        tap = next((value[name] for name in TAP_REPORTS if name in news and isinstance(value[name], dict)), None)
        zoom = value.get("atlas_zoom") if isinstance(value.get("atlas_zoom"), int) else 7
        if tap is not None and isinstance(tap.get("lat"), int | float) and isinstance(tap.get("lng"), int | float):
            found = nearest_place(float(tap["lat"]), float(tap["lng"]), ((p, *c) for p, c in coords.items()), zoom)
    if found is None:
        _say("far_tap")
    else:
        _say("")
        state.put(PAGE, f"tapped_{screen.chapter_index}", (found, state.get(PAGE, f"tapped_{screen.chapter_index}", ("", 0))[1] + 1))


def _tapped_symbol(click: object, coords: dict) -> str | None:
    """The player's report of a tapped symbol: [map mount, click count, place id]."""
    if isinstance(click, list) and len(click) == 3 and click[2] in coords:
        return click[2]
    return None


def answer_key(index: int) -> str:
    """The answer widget's name: a new one after each tap, so the list shows the tapped town (a widget's value
    set from the server is not reported back by the browser)."""
    taps = state.get(PAGE, f"tapped_{index}", ("", 0))[1]
    return f"answer_{index}_{taps}"


def _answer_widget(chapter: Chapter, index: int, mapped: LessonMap):
    lang, question, key = state.language(), chapter.question, state.key(PAGE, answer_key(index))
    if question.kind == "tap":
        options = sorted(mapped.coords, key=lambda p: mapped.place_name(p, lang).casefold())
        tapped = state.get(PAGE, f"tapped_{index}", ("", 0))[0]
        return st.selectbox(
            state.text("Tap the map, or pick the place here", "Tik op de kaart, of kies de plaats hier"),
            options,
            index=options.index(tapped) if tapped in options else None,
            key=key,
            format_func=lambda p: mapped.place_name(p, lang),
            placeholder=state.text("Choose a place", "Kies een plaats"),
        )
    if question.kind == "holder":
        holders, sides = list(mapped.holders), mapped.atlas.sides  # the lesson's sides, in their own words
        names = {code: sides.name(code, lang) for code in holders}  # worded in this run's language
        return st.radio(state.text("Who held it?", "Wie had het in handen?"), holders, index=None, key=key, format_func=names.get)
    if question.kind == "month":
        return st.selectbox(
            state.text("Which month?", "Welke maand?"),
            list(mapped.period.keys),
            index=None,
            key=key,
            format_func=lambda m: mapped.label(m, lang),
            placeholder=state.text("Choose a month", "Kies een maand"),
        )
    # no max_chars: a longer answer is told so in words (the same check guards a crafted message)
    return st.text_area(
        state.text(f"Your answer (at most {MAX_OPEN_ANSWER} characters)", f"Je antwoord (hoogstens {MAX_OPEN_ANSWER} tekens)"),
        key=key,
        height=90,
    )


def _send(code: str, screen: PupilScreen, nickname: str) -> None:
    raw = state.get(PAGE, answer_key(screen.chapter_index))
    if isinstance(raw, str) and len(clean_text(raw, MAX_OPEN_ANSWER + 1)) > MAX_OPEN_ANSWER:
        _say("too_long")
        return
    if not service.answer_guard().allow(service.device_id(), service.client_address()):
        _say("too_fast")
        return
    result = service.store().answer(code, screen.chapter_index, service.device_id(), nickname, raw)
    if isinstance(result, Accepted):
        _say("")
        state.put(PAGE, f"sent_{screen.chapter_index}", result.value)
    else:
        _say(result.reason)


def answer_form(code: str, chapter: Chapter, screen: PupilScreen, nickname: str, mapped: LessonMap) -> None:
    question = chapter.question
    if question is None:
        return
    lang = state.language()
    with st.container(border=True, key="join-question"):
        st.markdown(f"**❓ {markdown_escape(question.prompt(lang))}**")
        if screen.revealed:
            _show_reveal(question, screen, mapped)
            return
        if question.kind == "tap":
            _tap_choice(screen, mapped)
        _answer_widget(chapter, screen.chapter_index, mapped)
        st.button(state.text("Send my answer", "Stuur mijn antwoord"), type="primary", on_click=_send, args=(code, screen, nickname))
        sent = state.get(PAGE, f"sent_{screen.chapter_index}")
        if sent:
            st.success(
                state.text(
                    "Your answer is in. You may change it until the answer is shown.",
                    "Je antwoord is binnen. Je mag het veranderen tot het antwoord getoond wordt.",
                ),
                icon="✅",
            )


def answer_text(question, value: str, mapped: LessonMap) -> str:
    """An answer as a pupil reads it: a place or side by name, a month (or day) by name, open text as typed."""
    lang = state.language()
    if question.kind == "tap":
        return mapped.place_name(value, lang)
    if question.kind == "holder" and value in mapped.atlas.sides:
        return mapped.atlas.sides.name(value, lang)
    if question.kind == "month" and mapped.step(value):
        return mapped.label(value, lang)
    return value


def _show_reveal(question, screen: PupilScreen, mapped: LessonMap) -> None:
    if question.answer:
        right = markdown_escape(", ".join(answer_text(question, v, mapped) for v in question.answer))
        st.success(state.text(f"The answer: {right}", f"Het antwoord: {right}"), icon="💡")
    sent = state.get(PAGE, f"sent_{screen.chapter_index}")
    if sent:
        given = markdown_escape(answer_text(question, sent, mapped))  # a pupil's own text is data, never Markdown
        st.caption(state.text(f"You answered: {given}", f"Jij antwoordde: {given}"))
