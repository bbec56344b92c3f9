"""The teacher's side of a lesson in class, on the Present page (/present?teacher=TOKEN): the lesson's chapters as
slides, start, the join code and QR on the projector, the class following each chapter turn, explore/call back,
the live count and spread of answers with the reveal, and the answers as CSV or deleted."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import state
from components.lessons import service
from components.lessons.lesson_map import LessonMap, lesson_map
from components.lessons.pupil import answer_text
from components.lessons.store import unavailable
from core.ingest.story import Chapter as Slide
from core.lessons.live import FOLLOW, FREE, slides
from core.lessons.model import Lesson, Question
from core.lessons.spread import in_display_order
from core.lessons.store import RunState, StoreUnavailableError
from core.render.join import JOIN_URL_VARIABLE, qr_svg
from core.render.mapping import build_base_map
from core.text.i18n import escape, markdown_escape

TEACHER_PARAM = "teacher"
LIVE_S = 1.0  # how often the teacher's windows look at the answers and the run (a few windows per class: cheap)


@dataclass(frozen=True)
class LessonRun:
    """The lesson a teacher link opened: the secret token, the pupils' code, the lesson."""

    token: str
    code: str
    lesson: Lesson


def open_lesson(page: str) -> LessonRun | None:
    """The lesson of ?teacher= (kept in the address bar, so a reload brings it back); None without one. A link
    that opens no lesson stops the page with a message (a pupil code is no teacher link)."""
    token = state.get(page, "teacher") or state.url_params().get(TEACHER_PARAM)
    if not token:
        return None
    try:
        stored = service.store().for_teacher(token)
    except StoreUnavailableError:
        unavailable()
        st.stop()
    if stored is None:
        st.error(
            state.text(
                "This teacher link opens no lesson. Check the link you saved when you made the lesson.",
                "Deze docentenlink opent geen les. Controleer de link die je bewaarde toen je de les maakte.",
            ),
            icon="🔒",
        )
        st.stop()
    state.put(page, "teacher", token)
    state.keep_param(page, TEACHER_PARAM, token)
    return LessonRun(token, stored.code, stored.lesson)


def lesson_slides(run: LessonRun, mapped: LessonMap) -> list[Slide]:
    """The lesson's chapters as slides, their views fitted on the lesson's map (the atlas's or its own data's)."""
    if not run.lesson.chapters:
        st.warning(
            state.text(
                "This lesson has no chapters yet: add them in the lesson editor.",
                "Deze les heeft nog geen hoofdstukken: voeg ze toe in de lessen-editor.",
            )
        )
        st.stop()
    return slides(run.lesson, mapped.coords)


def join_url(code: str) -> str:
    """Where pupils join: the class address of `make class` if set, else this page's own host."""
    base = os.environ.get(JOIN_URL_VARIABLE, "")
    if not base.startswith(("http://", "https://")):
        parts = urlsplit(st.context.url or "")
        base = f"{parts.scheme}://{parts.netloc}/" if parts.scheme in ("http", "https") and parts.netloc else "/"
    return f"{base.rstrip('/')}/join?code={code}"


@st.cache_data(show_spinner=False, max_entries=32)
def _qr(url: str) -> str:
    return qr_svg(url, scale=5)


def run_state(run: LessonRun) -> RunState | None:
    return service.store().current(run.code)


def resume_chapter(page: str, run: LessonRun) -> None:
    """Before the page's view is opened: a new teacher window (another browser, after a restart) without
    ?chapter= opens at the chapter the class is on."""
    if state.get(page, "_view") is not None or "chapter" in state.url_params():
        return
    current = run_state(run)
    if current is not None:
        state.write_url({"chapter": str(current.chapter_index + 1)})


def lead(run: LessonRun, number: int) -> RunState | None:
    """The class follows the teacher: a chapter turn here is written for every pupil (only when it changed,
    so a reveal stays revealed)."""
    current = run_state(run)
    if current is not None and current.chapter_index != number - 1:
        current = service.store().set_chapter(run.token, number - 1)
    return current


def _start(run: LessonRun, number: int) -> None:
    service.store().start_run(run.token)
    service.store().set_chapter(run.token, number - 1)


def _switch_mode(run: LessonRun, mode: str) -> None:
    service.store().set_mode(run.token, mode)


def _reveal(run: LessonRun, shown: bool) -> None:
    service.store().reveal(run.token, shown)


def controls(page: str, run: LessonRun, number: int, current: RunState | None) -> None:
    """Start; then explore/call back and (at a question) show/hide the answer."""
    with st.container(key="lesson-controls"):
        if current is None:
            st.button(
                state.text("▶ Start the lesson for the class", "▶ Start de les voor de klas"),
                type="primary",
                key=state.key(page, "start"),
                on_click=_start,
                args=(run, number),
            )
            return
        free = current.mode == FREE
        explore, reveal = st.columns(2)
        explore.button(
            state.text("📣 Call them back", "📣 Roep ze terug") if free else state.text("🧭 Let them explore", "🧭 Laat ze vrij verkennen"),
            key=state.key(page, "mode"),
            on_click=_switch_mode,
            args=(run, FOLLOW if free else FREE),
            width="stretch",
        )
        if run.lesson.chapters[number - 1].question is not None:
            reveal.button(
                state.text("🙈 Hide the answer", "🙈 Verberg het antwoord")
                if current.revealed
                else state.text("💡 Show the answer", "💡 Toon het antwoord"),
                key=state.key(page, "reveal"),
                on_click=_reveal,
                args=(run, not current.revealed),
                width="stretch",
            )


def _drawn_again_when_changed(page: str, run: LessonRun, current: RunState | None) -> None:
    """Another window of the teacher (or another replica) changed the run: draw this one again."""
    seen = (current.chapter_index, current.mode, current.revealed) if current else None
    state.put(page, "run_seen", seen)

    @st.fragment(run_every=LIVE_S)
    def watch() -> None:
        now = run_state(run)
        seen_now = (now.chapter_index, now.mode, now.revealed) if now else None
        if seen_now != state.get(page, "run_seen"):
            # Noted before the rerun: on a slow server the next tick must not start the rerun again before this one
            # has drawn the window (a rerun a tick would never finish).
            state.put(page, "run_seen", seen_now)
            st.rerun()

    watch()


def projector_panel(page: str, run: LessonRun, number: int, current: RunState | None) -> None:
    """On the slide: how to join (code, address, QR), the question with its live count, the answer once shown."""
    _drawn_again_when_changed(page, run, current)
    if current is None:
        return
    url = join_url(run.code)
    with st.container(key="lesson-join", border=True):
        st.markdown(
            f'<div class="atlas-join" data-testid="lesson-join"><div style="font-size:1.2rem">{escape(state.text("Join at", "Doe mee via"))} '
            f"<b>{escape(url.split('?', 1)[0])}</b> · {escape(state.text('code', 'code'))}</div>"
            f'<div data-testid="lesson-code" style="font-size:2.6rem;font-weight:700;letter-spacing:0.2em">{escape(run.code)}</div>'
            f'<div style="max-width:180px">{_qr(url)}</div></div>',
            unsafe_allow_html=True,
        )
    question = run.lesson.chapters[number - 1].question
    if question is not None:
        show_question(run, number, question, current)


def show_question(run: LessonRun, number: int, question: Question, current: RunState) -> None:
    lang = state.language()
    with st.container(key="lesson-question", border=True):
        st.markdown(f"### ❓ {markdown_escape(question.prompt(lang))}")
        live_count(run, number, question)


def live_count(run: LessonRun, number: int, question: Question) -> None:
    """The number of answers and, once the teacher shows it, the right answer: read from the store on every tick,
    so the slide follows a reveal from another window without waiting for a redraw of the whole page."""

    @st.fragment(run_every=LIVE_S)
    def count() -> None:
        tally = service.store().tally(run.token, number - 1)
        answered = tally.count if tally else 0
        st.markdown(
            f'<div data-testid="lesson-count" style="font-size:1.4rem">{escape(state.text(f"{answered} answered", f"{answered} beantwoord"))}</div>',
            unsafe_allow_html=True,
        )
        now = run_state(run)
        if now is not None and now.revealed and now.chapter_index == number - 1 and question.answer:
            right = ", ".join(answer_text(question, v, lesson_map(run.lesson)) for v in question.answer)
            st.success(state.text(f"The answer: {markdown_escape(right)}", f"Het antwoord: {markdown_escape(right)}"), icon="💡")

    count()


# --- the presenter's window ---------------------------------------------------------------------------------


def presenter_panel(page: str, run: LessonRun, number: int, current: RunState | None) -> None:
    """The teacher's window: the controls, the live spread of answers, the answers file and its deletion."""
    _drawn_again_when_changed(page, run, current)
    st.subheader(state.text("The class", "De klas"), anchor=False)
    st.caption(
        state.text(
            f"Pupils join with code {run.code} at {join_url(run.code)}", f"Leerlingen doen mee met code {run.code} via {join_url(run.code)}"
        )
    )
    controls(page, run, number, current)
    question = run.lesson.chapters[number - 1].question
    if current is not None and question is not None:
        live_spread(run, number, question)
    answers_file(page, run)


def live_spread(run: LessonRun, number: int, question: Question) -> None:
    @st.fragment(run_every=LIVE_S)
    def spread() -> None:
        tally = service.store().tally(run.token, number - 1)
        if tally is None:
            return
        answered = state.text(f"{tally.count} answered", f"{tally.count} beantwoord")
        right = "" if tally.correct is None else state.text(f" · {tally.correct} right", f" · {tally.correct} goed")
        st.markdown(
            f'<div data-testid="lesson-spread-count" style="font-size:1.4rem">{escape(answered + right)}</div>', unsafe_allow_html=True
        )
        shown = in_display_order(question.kind, tally.counts)
        if not shown:
            return
        mapped = lesson_map(run.lesson)
        if question.kind == "tap":
            tap_dots(shown, question, mapped)
        elif question.kind == "open":
            st.markdown("\n".join(f"- {markdown_escape(text)}" + (f" (×{n})" if n > 1 else "") for text, n in shown))
        else:
            table = pd.DataFrame({"answer": [answer_text(question, v, mapped) for v, _ in shown], "pupils": [n for _, n in shown]})
            st.bar_chart(table, x="answer", y="pupils", horizontal=question.kind != "month", sort=False, height=260)

    spread()


def tap_dots(shown: list[tuple[str, int]], question: Question, mapped: LessonMap) -> None:
    """Taps as dots on a small map: one dot per place, its size by the pupils who chose it, the right places green."""
    places = mapped.atlas.places.set_index("place_id")
    layer = folium.FeatureGroup(name="taps")
    for place_id, pupils in shown:
        if place_id not in places.index:
            continue
        row = places.loc[place_id]
        right = place_id in question.answer
        folium.CircleMarker(
            [row["lat"], row["lon"]],
            radius=6 + 4 * pupils**0.5,
            color="#000",
            weight=1,
            fill=True,
            fill_color="#009E73" if right else "#E69F00",
            fill_opacity=0.85,
            tooltip=f"{answer_text(question, place_id, mapped)}: {pupils}",
        ).add_to(layer)
    st_folium(
        build_base_map(**mapped.start_view()),
        key="lesson-taps",
        feature_group_to_add=layer,
        returned_objects=[],
        height=320,
        use_container_width=True,
    )


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _delete(page: str, run: LessonRun) -> None:
    removed = service.store().delete_answers(run.token)
    state.put(page, "deleted", removed)


def answers_file(page: str, run: LessonRun) -> None:
    with st.expander(state.text("Answers after the lesson", "Antwoorden na de les")):
        rows = service.store().answers_csv_rows(run.token, state.language()) or []
        st.download_button(
            state.text(
                f"⬇️ Download the answers (CSV, {max(len(rows) - 1, 0)})", f"⬇️ Download de antwoorden (CSV, {max(len(rows) - 1, 0)})"
            ),
            _csv_text(rows),
            file_name=f"answers-{run.code}.csv",
            mime="text/csv",
            key=state.key(page, "answers_csv"),
        )
        st.caption(
            state.text(
                "Answers are deleted by themselves 30 days after they were given.",
                "Antwoorden worden 30 dagen nadat ze gegeven zijn vanzelf gewist.",
            )
        )
        sure = st.checkbox(
            state.text("Yes, delete every answer of this lesson", "Ja, wis alle antwoorden van deze les"),
            key=state.key(page, "delete_sure"),
        )
        st.button(
            state.text("🗑️ Delete the answers", "🗑️ Wis de antwoorden"),
            disabled=not sure,
            on_click=_delete,
            args=(page, run),
            key=state.key(page, "delete"),
        )
        deleted = state.get(page, "deleted")
        if deleted is not None:
            st.info(state.text(f"{deleted} answers deleted.", f"{deleted} antwoorden gewist."))


def presenter_link(page: str, run: LessonRun, number: int) -> None:
    """The presenter window of this lesson (the teacher link with ?view=presenter)."""
    params = f"{TEACHER_PARAM}={run.token}&chapter={number}&view=presenter" + (
        "" if state.language() == "en" else f"&lang={state.language()}"
    )
    st.link_button(
        state.text("Open the presenter view with the class's answers", "Open de presentatorweergave met de antwoorden van de klas"),
        f"{page}?{params}",
        icon="🪟",
    )
