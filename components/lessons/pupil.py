"""The pupil's side of a lesson (/join): the code, an optional nickname, the teacher's chapter on the pupil's
own map (followed within about a second), free exploring when the teacher allows it, and the answer form."""

from __future__ import annotations

from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from components import state
from components.lessons import service
from components.lessons.lesson_map import LessonMap
from components.lessons.store import unavailable
from components.timeline import date_label
from core.lessons.answers import MAX_NICKNAME, MAX_OPEN_ANSWER, Accepted, clean_text
from core.lessons.codes import CODE_LENGTH, normalise_code
from core.lessons.live import PupilScreen, chapter_view, pupil_screen
from core.lessons.model import Chapter, Lesson
from core.lessons.notices import message
from core.lessons.spread import nearest_place
from core.lessons.store import StoreUnavailableError
from core.render.map_scripts import highlight_labels
from core.render.mapping import build_base_map
from core.text.i18n import markdown_escape

PAGE = "join"
POLL_S = 1.0  # how often a pupil's page asks for the teacher's chapter (a small query)
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


def current_screen(code: str, lesson: Lesson) -> PupilScreen | None:
    return pupil_screen(service.store().current(code), len(lesson.chapters))


def follow(code: str, lesson: Lesson) -> None:
    """Every POLL_S: one small query; the whole page is drawn again only when the teacher's chapter, the
    explore switch or the reveal changed (a reconnect after a server restart lands here too)."""

    @st.fragment(run_every=POLL_S)
    def poll() -> None:
        try:
            screen = current_screen(code, lesson)
        except StoreUnavailableError:
            st.caption(state.text("Reconnecting to the lesson…", "Opnieuw verbinden met de les…"))
            return
        if (screen.signature if screen else None) != state.get(PAGE, "shown"):
            st.rerun()

    poll()


def chapter_map(chapter: Chapter, screen: PupilScreen, month: date, mapped: LessonMap) -> dict | None:
    """The pupil's own map on the chapter's view; a new map per chapter and per explore/follow switch, so a call
    back always lands on the teacher's view. Taps are asked for only while a tap question is open. `mapped`: what
    the map is given (the atlas, or the lesson's own data: places, sides, dates)."""
    centre, zoom = chapter_view(chapter, mapped.coords)
    lang = state.language()
    layer = mapped.layer(month, lang, set(chapter.highlight))
    for label in highlight_labels(mapped.atlas.places, chapter.highlight, lang):
        label.add_to(layer)
    question = chapter.question
    taps = question is not None and question.kind == "tap" and not screen.revealed
    value = st_folium(
        build_base_map(center=centre, zoom=zoom),
        key=f"{PAGE}-map-{screen.chapter_index}-{int(screen.free)}",
        feature_group_to_add=layer,
        returned_objects=[*TAP_REPORTS, "zoom"] if taps else [],
        center=list(centre),
        zoom=zoom,
        height=MAP_HEIGHT,
        use_container_width=True,
    )
    return value if isinstance(value, dict) else None


def explore_month(chapter: Chapter, screen: PupilScreen, mapped: LessonMap) -> date:
    """Following: the chapter's month (or day). Exploring: the pupil's own one (starting at the chapter's)."""
    chapter_month = mapped.step(chapter.month) or mapped.period.steps[0]
    if not screen.free:
        return chapter_month
    months = list(mapped.period.steps)
    if state.get(PAGE, "month_for") != screen.signature:
        state.put(PAGE, "month_for", screen.signature)
        state.put(PAGE, "month", chapter_month)
    return st.select_slider(
        state.text("Explore the months", "Verken de maanden"),
        options=months,
        key=state.key(PAGE, "month"),
        format_func=lambda m: mapped.period.label(m, state.language()),
    )


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
    if screen.free:
        st.info(state.text("Explore freely: your teacher will call you back.", "Verken vrij: je docent roept je straks terug."), icon="🧭")
    month = explore_month(chapter, screen, mapped)
    date_label(month, mapped.period)
    clicked = chapter_map(chapter, screen, month, mapped)
    mapped.legend()
    st.markdown(markdown_escape(chapter.text(lang)))
    state.put(PAGE, "clicked", clicked)
    return chapter


# --- answers -------------------------------------------------------------------------------------------------


def _tap_choice(screen: PupilScreen, mapped: LessonMap) -> None:
    """A new tap on the map picks the nearest town in the list (a tap off every town says so). A tap on a town's
    symbol or label is reported as an object's click, a tap beside it as the map's."""
    value = state.get(PAGE, "clicked") or {}
    heard = state.get(PAGE, "tap_heard", {})
    news = [value.get(name) for name in TAP_REPORTS if isinstance(value.get(name), dict) and value.get(name) != heard.get(name)]
    if not news:
        return
    state.put(PAGE, "tap_heard", {name: value.get(name) for name in TAP_REPORTS})
    tap = news[0]
    coords = mapped.coords
    zoom = value.get("zoom") if isinstance(value.get("zoom"), int) else 7
    found = nearest_place(float(tap["lat"]), float(tap["lng"]), ((p, *c) for p, c in coords.items()), zoom)
    if found is None:
        _say("far_tap")
    else:
        _say("")
        state.put(PAGE, f"tapped_{screen.chapter_index}", (found, state.get(PAGE, f"tapped_{screen.chapter_index}", ("", 0))[1] + 1))


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
