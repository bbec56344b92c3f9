"""The form for one chapter: month, view, highlighted places (search by any spelling), title, text and teacher
note in English and Dutch, and an optional question with its answer.

Every widget writes the draft in its on_change callback (before the page runs again), so the chapter list,
the map and the checks always show what was just typed.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from components import state
from components.lessons import draft
from components.lessons.lesson_map import LessonMap
from components.place_search import search_hint
from core.ingest.story import ZOOM_RANGE
from core.lessons.editing import replace_chapter
from core.lessons.model import QUESTION_KINDS, Chapter, Question
from core.model.period import DAY
from core.text.i18n import markdown_escape, pick

CENTRE, PLACES = "centre", "places"
NO_QUESTION = "none"
KIND_NAMES = {
    NO_QUESTION: ("No question", "Geen vraag"),
    "tap": ("Tap the place(s) that …", "Tik de plaats(en) aan die …"),
    "holder": ("Who held this place in this month?", "Wie had deze plaats deze maand in handen?"),
    "month": ("In which month did …?", "In welke maand …?"),
    "open": ("Open question (no right answer)", "Open vraag (geen goed antwoord)"),
}
MORE_MATCHES = 5


def _values(chapter: Chapter) -> dict:
    """The chapter as the form's widget values."""
    question = chapter.question
    answer = question.answer if question else ()
    return {
        "month": chapter.month,
        "view": PLACES if chapter.fit_places else CENTRE,
        "lat": float(chapter.lat),
        "lon": float(chapter.lon),
        "zoom": int(chapter.zoom),
        "highlight": list(chapter.highlight),
        **{name: getattr(chapter, name) for name in ("title_en", "title_nl", "text_en", "text_nl", "note_en", "note_nl")},
        "kind": question.kind if question else NO_QUESTION,
        "prompt_en": question.prompt_en if question else "",
        "prompt_nl": question.prompt_nl if question else "",
        "place": question.place_id if question else None,
        "tap_answer": list(answer) if question and question.kind == "tap" else [],
        "holder_answer": answer[0] if question and question.kind == "holder" and answer else None,
        "month_answer": answer[0] if question and question.kind == "month" and answer else None,
    }


def _seed(index: int, chapter: Chapter) -> None:
    """Put the chapter's values in widgets not drawn since the chapters last changed."""
    for name, value in _values(chapter).items():
        key = draft.widget_key(name, index)
        if key not in st.session_state:
            st.session_state[key] = value


def _read(index: int, chapter: Chapter) -> Chapter:
    """The chapter from its widgets (a widget not drawn yet keeps the chapter's value)."""
    values = _values(chapter) | {
        name: st.session_state[draft.widget_key(name, index)]
        for name in _values(chapter)
        if draft.widget_key(name, index) in st.session_state
    }
    kind = values["kind"]
    answer = {
        "tap": tuple(values["tap_answer"] or ()),
        "holder": tuple(a for a in [values["holder_answer"]] if a),
        "month": tuple(a for a in [values["month_answer"]] if a),
        "open": (),
    }.get(kind, ())
    question = None
    if kind in QUESTION_KINDS:
        place = values["place"] if kind == "holder" else None
        question = Question(kind, values["prompt_en"].strip(), values["prompt_nl"].strip(), place, answer)
    texts = {name: values[name].strip() for name in ("title_en", "title_nl", "text_en", "text_nl", "note_en", "note_nl")}
    return replace(
        chapter,
        month=values["month"],
        fit_places=values["view"] == PLACES,
        lat=float(values["lat"]),
        lon=float(values["lon"]),
        zoom=int(values["zoom"]),
        highlight=tuple(values["highlight"] or ()),
        question=question,
        **texts,
    )


def _edited(index: int) -> None:
    lesson = draft.draft()
    if lesson is not None and index < len(lesson.chapters):
        draft.put_draft(replace_chapter(lesson, index, _read(index, lesson.chapters[index])), reseed=False)


def _add_place(index: int, place_id: str) -> None:
    key = draft.widget_key("highlight", index)
    st.session_state[key] = list(dict.fromkeys([*(st.session_state.get(key) or []), place_id]))
    st.session_state[draft.widget_key("find", index)] = ""
    _edited(index)


def edit_chapter(index: int, mapped: LessonMap) -> Chapter:
    """Draw the form of chapter `index` of the draft; returns the chapter as it now stands. `mapped`: the lesson's
    map (the atlas's, or its own data's places, dates and sides)."""
    _seed(index, draft.draft().chapters[index])
    lang = state.language()
    labels = mapped.place_labels(lang)
    _when_and_where(index, lang, mapped)
    _places(index, labels, mapped)
    _texts(index)
    _question(index, labels, lang, mapped)
    return draft.draft().chapters[index]


def _widget_args(name: str, index: int) -> dict:
    return {"key": draft.widget_key(name, index), "on_change": _edited, "args": (index,)}


def _when_and_where(index: int, lang: str, mapped: LessonMap) -> None:
    st.selectbox(
        state.text("Month", "Maand") if mapped.period.unit != DAY else state.text("Day", "Dag"),
        mapped.period.keys,
        format_func=lambda k: mapped.label(k, lang),
        **_widget_args("month", index),
    )
    st.radio(
        state.text("What the map shows", "Wat de kaart toont"),
        (CENTRE, PLACES),
        format_func=lambda v: (
            state.text("A centre and zoom", "Een midden en zoom")
            if v == CENTRE
            else state.text("The places of this chapter", "De plaatsen van dit hoofdstuk")
        ),
        horizontal=True,
        **_widget_args("view", index),
    )
    if st.session_state.get(draft.widget_key("view", index)) == CENTRE:
        lat, lon, zoom = st.columns(3)
        lat.number_input(
            state.text("Latitude", "Breedtegraad"), min_value=-90.0, max_value=90.0, step=0.1, format="%.4f", **_widget_args("lat", index)
        )
        lon.number_input(
            state.text("Longitude", "Lengtegraad"), min_value=-180.0, max_value=180.0, step=0.1, format="%.4f", **_widget_args("lon", index)
        )
        low, high = ZOOM_RANGE
        zoom.number_input(
            state.text(f"Zoom ({low}–{high})", f"Zoom ({low}–{high})"), min_value=low, max_value=high, step=1, **_widget_args("zoom", index)
        )


def _places(index: int, labels: dict[str, str], mapped: LessonMap) -> None:
    st.multiselect(
        state.text("Highlighted places", "Uitgelichte plaatsen"),
        sorted(labels, key=labels.get),
        format_func=labels.get,
        placeholder=state.text("Choose places", "Kies plaatsen"),
        **_widget_args("highlight", index),
    )
    query = st.text_input(
        state.text("Find a place to highlight (any spelling)", "Zoek een plaats om uit te lichten (elke spelling)"),
        key=draft.widget_key("find", index),
        placeholder=search_hint(mapped.example_names(state.language())),
    )
    if query.strip():
        found = [p for p in mapped.find(query)[:MORE_MATCHES] if p in labels]
        if not found:
            st.caption(state.text("No place matches this name.", "Geen plaats heeft deze naam."))
        for place_id in found:
            st.button(
                markdown_escape(labels[place_id]),
                key=draft.widget_key(f"add_{place_id}", index),
                icon=":material/add:",
                type="tertiary",
                on_click=_add_place,
                args=(index, place_id),
            )


def _texts(index: int) -> None:
    english, dutch = st.tabs(["English", "Nederlands"])
    for tab, lang in ((english, "en"), (dutch, "nl")):
        with tab:
            st.text_input(pick(lang, "Title (English)", "Titel (Nederlands)"), max_chars=200, **_widget_args(f"title_{lang}", index))
            st.text_area(pick(lang, "Text (English)", "Tekst (Nederlands)"), max_chars=4000, **_widget_args(f"text_{lang}", index))
            st.text_area(
                pick(lang, "Teacher note (English; pupils never see it)", "Notitie voor de docent (Nederlands; leerlingen zien die nooit)"),
                max_chars=4000,
                **_widget_args(f"note_{lang}", index),
            )
    st.caption(
        state.text(
            "Write in English, Dutch or both: a language left empty shows the other.",
            "Schrijf in het Engels, het Nederlands of allebei: een lege taal toont de andere.",
        )
    )


def _question(index: int, labels: dict[str, str], lang: str, mapped: LessonMap) -> None:
    kind = st.selectbox(
        state.text("Question", "Vraag"),
        (NO_QUESTION, *QUESTION_KINDS),
        format_func=lambda k: pick(lang, *KIND_NAMES[k]),
        **_widget_args("kind", index),
    )
    if kind == NO_QUESTION:
        return
    english, dutch = st.columns(2)
    english.text_input("Question (English)", max_chars=300, **_widget_args("prompt_en", index))
    dutch.text_input("Vraag (Nederlands)", max_chars=300, **_widget_args("prompt_nl", index))
    places = sorted(labels, key=labels.get)
    if kind == "tap":
        st.multiselect(
            state.text("Right answer: the place(s) to tap", "Goed antwoord: de plaats(en) om aan te tikken"),
            places,
            format_func=labels.get,
            **_widget_args("tap_answer", index),
        )
    elif kind == "holder":
        sides = mapped.atlas.sides  # the lesson's data's own sides, in their own words
        st.selectbox(
            state.text("The place asked about", "De plaats waarnaar gevraagd wordt"),
            places,
            index=None,
            format_func=labels.get,
            **_widget_args("place", index),
        )
        st.selectbox(
            state.text("Right answer: who held it", "Goed antwoord: wie had de plaats in handen"),
            sides.legend_codes,
            index=None,
            format_func=lambda code: sides.name(code, lang),
            **_widget_args("holder_answer", index),
        )
    elif kind == "month":
        st.selectbox(
            state.text("Right answer: the month", "Goed antwoord: de maand"),
            mapped.period.keys,
            index=None,
            format_func=lambda k: mapped.label(k, lang),
            **_widget_args("month_answer", index),
        )
    else:
        st.caption(
            state.text(
                "An open question has no right answer: pupils type a short text.",
                "Een open vraag heeft geen goed antwoord: leerlingen typen een korte tekst.",
            )
        )
