"""Compare page section: several months at once as small multiples, shown and offered as one PNG for a worksheet."""

from __future__ import annotations

import streamlit as st

from components import data, state
from components.export_panel import FILE_PREFIX, PNG
from core.codes.dates import MONTH_KEYS, format_month_key, month_label, parse_month
from core.render.multiples import DEFAULT_MONTHS, PANEL_GRIDS, render_small_multiples
from core.render.rendering import render_png
from core.render.worksheet import MAX_QUESTION_CHARACTERS, default_question, render_worksheet, worksheet_pdf, worksheet_png

PDF = "application/pdf"
ORIENTATIONS = {"landscape": ("Landscape", "Liggend"), "portrait": ("Portrait", "Staand")}


def small_multiples_png(month_keys: tuple[str, ...], lang: str, territory: bool) -> bytes:
    """The sheet for exactly these months, language and territory choice (rendered once, then reused)."""
    return _small_multiples_png(data.data_key(), month_keys, lang, territory)


@st.cache_data(show_spinner=False, max_entries=24)
def _small_multiples_png(data_dir: str, month_keys: tuple[str, ...], lang: str, territory: bool) -> bytes:
    cells = data.cells() if territory else None
    months = [parse_month(key) for key in month_keys]
    return render_png(render_small_multiples(data.atlas(), cells, data.countries(), months, lang))


def worksheet_file(month_keys: tuple[str, ...], lang: str, territory: bool, orientation: str, question: str, kind: str) -> bytes:
    """The A4 worksheet at 300 dpi as 'pdf' or 'png' (rendered when asked for, then reused)."""
    return _worksheet_file(data.data_key(), month_keys, lang, territory, orientation, question, kind)


@st.cache_data(show_spinner=False, max_entries=12)
def _worksheet_file(
    data_dir: str, month_keys: tuple[str, ...], lang: str, territory: bool, orientation: str, question: str, kind: str
) -> bytes:
    cells = data.cells() if territory else None
    months = [parse_month(key) for key in month_keys]
    image = render_worksheet(data.atlas(), cells, data.countries(), months, lang, orientation, question)
    return worksheet_pdf(image) if kind == "pdf" else worksheet_png(image)


def file_name(month_keys: tuple[str, ...]) -> str:
    """'territory-atlas-maps-2014-06_2015-06_2017-06.png': the months in the name, for a folder of worksheets."""
    return f"{FILE_PREFIX}-maps-{'_'.join(month_keys)}.png"


def panel_count(page: str) -> int:
    return st.radio(
        state.text("Number of maps", "Aantal kaarten"),
        list(PANEL_GRIDS),
        index=list(PANEL_GRIDS).index(6),
        key=state.key(page, "multiples_count"),
        horizontal=True,
    )


def month_choices(page: str, count: int) -> tuple[str, ...]:
    """One month per map (each number of maps keeps its own, seeded with its defaults); returned in time order."""
    lang = state.language()
    columns = PANEL_GRIDS[count][0]
    cells = [cell for _ in range(PANEL_GRIDS[count][1]) for cell in st.columns(columns)]
    chosen = []
    for index, (cell, default) in enumerate(zip(cells, DEFAULT_MONTHS[count], strict=True)):
        name = f"multiples_{count}_{index}"
        if state.get(page, name) is None:
            state.put(page, name, format_month_key(default))
        chosen.append(
            cell.selectbox(
                state.text(f"Map {index + 1}", f"Kaart {index + 1}"),
                MONTH_KEYS,
                key=state.key(page, name),
                format_func=lambda key: month_label(parse_month(key), lang),
            )
        )
    return tuple(sorted(chosen))


def multiples_alt(month_keys: tuple[str, ...], lang: str) -> str:
    """The sheet's text alternative (the month's holders are listed on the Map page, one month at a time)."""
    months = ", ".join(month_label(parse_month(key), lang) for key in month_keys)
    return state.text(f"Small maps of who held which place in {months}", f"Kleine kaarten van wie welke plaats in handen had in {months}")


def show_small_multiples(page: str) -> None:
    """Choose 2, 3 or 6 months, see them side by side at one scale, download the sheet as a PNG."""
    st.subheader(state.text("Several years at once", "Meerdere jaren tegelijk"), anchor=False)
    st.caption(
        state.text(
            "One small map per month, all at the same scale with one legend: to compare years at a glance or to print "
            "for a worksheet. The maps are shown in time order.",
            "Eén kleine kaart per maand, allemaal op dezelfde schaal met één legenda: om jaren in één oogopslag te "
            "vergelijken of om af te drukken voor een werkblad. De kaarten staan in volgorde van tijd.",
        )
    )
    count = panel_count(page)
    month_keys = month_choices(page, count)
    territory = st.checkbox(state.text("Show estimated territory", "Geschat gebied tonen"), key=state.key(page, "multiples_territory"))
    lang = state.language()
    with st.spinner(state.text("Drawing the maps…", "Kaarten tekenen…")):
        content = small_multiples_png(month_keys, lang, territory)
    st.image(content, width="stretch", output_format="PNG", alt=multiples_alt(month_keys, lang))  # never JPEG: names stay sharp
    show_worksheet_downloads(page, month_keys, lang, territory)
    st.download_button(
        state.text("Download the PNG", "Download de PNG"),
        content,
        file_name(month_keys),
        PNG,
        key=state.key(page, "multiples_download"),
        icon="🖼️",
        help=state.text("This image as shown, for a screen or a slide", "Deze afbeelding zoals getoond, voor een scherm of dia"),
    )


def show_worksheet_downloads(page: str, month_keys: tuple[str, ...], lang: str, territory: bool) -> None:
    """The same maps as a worksheet to print: A4 at 300 dpi, each map cropped to where the action is that month,
    names of at least 9 pt, optionally a question and an answer line under every map (the teacher's words)."""
    st.markdown(f"**{state.text('Worksheet to print (A4)', 'Werkblad om af te drukken (A4)')}**")
    names = {code: state.text(*pair) for code, pair in ORIENTATIONS.items()}  # now, in this run's language
    orientation = st.radio(
        state.text("Page", "Pagina"),
        list(ORIENTATIONS),
        format_func=names.get,
        key=state.key(page, "worksheet_orientation"),
        horizontal=True,
    )
    question = ""
    if st.checkbox(
        state.text("A question and an answer line under every map", "Een vraag en een antwoordregel onder elke kaart"),
        key=state.key(page, "worksheet_asks"),
    ):
        question = st.text_input(
            state.text("Question ({month} becomes the map's month)", "Vraag ({month} wordt de maand van de kaart)"),
            value=default_question(lang),
            max_chars=MAX_QUESTION_CHARACTERS,
            key=state.key(page, f"worksheet_question_{lang}"),
        )
    name = file_name(month_keys).removesuffix(".png").replace("-maps-", f"-worksheet-{orientation}-")
    with st.container(horizontal=True):
        for kind, mime, label in (
            ("pdf", PDF, ("Worksheet (PDF)", "Werkblad (PDF)")),
            ("png", PNG, ("Worksheet (PNG, 300 dpi)", "Werkblad (PNG, 300 dpi)")),
        ):
            st.download_button(
                state.text(*label),
                lambda kind=kind: worksheet_file(month_keys, lang, territory, orientation, question, kind),
                f"{name}.{kind}",
                mime,
                key=state.key(page, f"worksheet_{kind}"),
                icon="🖨️",
                type="primary",
                on_click="ignore",
            )
