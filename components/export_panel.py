"""Export page widgets: the filtered tables as CSV/GeoJSON, a standalone HTML map, a PNG and an animated GIF.

Files that take a moment to build are made on a button press and kept in this session until the choice changes.
"""

from __future__ import annotations

import time
from datetime import date

import pandas as pd
import streamlit as st

from components import data, state, upload_panel
from components.control_map import embedded_player, month_layer
from core.codes.dates import MONTH_KEYS, format_month_key, month_label, parse_month
from core.ingest.uploads import UPLOAD_KINDS
from core.model.atlas import Atlas
from core.model.explore import events_export, places_export
from core.render.exports import standalone_map_html, to_csv_bytes, to_geojson_bytes
from core.render.legend import standalone_caption_html
from core.render.mapping import build_base_map
from core.render.player import MonthCue
from core.render.rendering import render_animation, render_month_image, render_png
from core.render.spreadsheet import holders_by_month, readable

CSV, GEOJSON, HTML, PNG, GIF = "text/csv", "application/geo+json", "text/html", "image/png", "image/gif"
FILE_PREFIX = "territory-atlas"
TABLE_NAMES_NL = {"places": "plaatsen", "events": "gebeurtenissen"}


def uploaded_data_hint() -> None:
    """This page exports the built-in atlas; files uploaded in this session are exported on their own page."""
    if any(state.get(upload_panel.PAGE, f"{kind}_file") for kind in UPLOAD_KINDS):
        st.page_link(
            "pages/upload.py",
            label=state.text(
                "This page exports the built-in atlas. Your uploaded data: download it on the Your data page.",
                "Deze pagina exporteert de ingebouwde atlas. Je geüploade data download je op de pagina Je eigen data.",
            ),
            icon="📤",
        )


def _label(key: str) -> str:
    return month_label(parse_month(key), state.language())


def file_name(what: str, extension: str) -> str:
    return f"{FILE_PREFIX}-{what}.{extension}"


def csv_files(what: str, frame: pd.DataFrame) -> tuple[tuple[str, str, bytes, str], ...]:
    """(kind, label, content, file name): readable Dutch Excel and plain CSV (codes and column names as in data/)."""
    lang = state.language()
    return (
        ("excel", "Excel (NL)", to_csv_bytes(readable(frame, lang), dutch_excel=True), file_name(f"{what}-excel-{lang}", "csv")),
        ("csv", "CSV", to_csv_bytes(frame), file_name(what, "csv")),
    )


def table_downloads(page: str, places: pd.DataFrame, events: pd.DataFrame, all_places: pd.DataFrame) -> None:
    """Places and events, each as Dutch Excel, plain CSV and GeoJSON (points)."""
    places_frame, events_frame = places_export(places), events_export(events, all_places)
    for column, what, frame in zip(st.columns(2), ("places", "events"), (places_frame, events_frame), strict=True):
        with column:
            st.markdown(f"**{len(frame)} {state.text(what, TABLE_NAMES_NL[what])}**")
            with st.container(horizontal=True):
                for kind, label, content, name in csv_files(what, frame):
                    st.download_button(label, content, name, CSV, key=state.key(page, f"{what}_{kind}"), icon="📄")
                st.download_button(
                    "GeoJSON",
                    to_geojson_bytes(frame),
                    file_name(what, "geojson"),
                    GEOJSON,
                    key=state.key(page, f"{what}_geojson"),
                    icon="🌍",
                )
    st.caption(
        state.text(
            "Excel (NL): semicolons, decimal comma, column names and holders in words, in the chosen language; opens "
            "straight in Excel with Dutch settings. CSV: commas and the codes of data/ (for scripts, LibreOffice, "
            "English Excel). Both UTF-8; cells that start like a formula get a leading apostrophe. GeoJSON opens in "
            "QGIS or geojson.io; events carry their place's coordinates.",
            "Excel (NL): puntkomma's, decimale komma, kolomnamen en eigenaars in woorden, in de gekozen taal; opent "
            "direct in Excel met Nederlandse instellingen. CSV: komma's en de codes van data/ (voor scripts, "
            "LibreOffice, Engelse Excel). Beide UTF-8; cellen die als formule beginnen krijgen een apostrof ervoor. "
            "GeoJSON opent in QGIS of geojson.io; gebeurtenissen krijgen de coördinaten van hun plaats.",
        )
    )


def holder_table_downloads(page: str, places: pd.DataFrame) -> None:
    """Who held each (filtered) place at the end of every month, one column per month."""
    lang = state.language()
    table = holders_by_month(data.atlas(), lang, set(places["place_id"]))
    st.markdown(
        state.text(
            f"**Who held each place, month by month** ({len(table)} places × {len(table.columns) - 2} months)",
            f"**Wie had elke plaats in handen, maand na maand** ({len(table)} plaatsen × {len(table.columns) - 2} maanden)",
        )
    )
    with st.container(horizontal=True):
        st.download_button(
            "Excel (NL)",
            to_csv_bytes(table, dutch_excel=True),
            file_name(f"holders-by-month-excel-{lang}", "csv"),
            CSV,
            key=state.key(page, "holders_excel"),
            icon="📄",
        )
        st.download_button(
            "CSV", to_csv_bytes(table), file_name(f"holders-by-month-{lang}", "csv"), CSV, key=state.key(page, "holders_csv"), icon="📄"
        )


def _prepared(page: str, kind: str, params: tuple) -> bytes | None:
    """The file built earlier in this session for exactly these choices, if any."""
    kept = state.get(page, f"{kind}_file")
    return kept[1] if kept and kept[0] == params else None


def _keep(page: str, kind: str, params: tuple, content: bytes, seconds: float) -> None:
    state.put(page, f"{kind}_file", (params, content))
    state.put(page, f"{kind}_seconds", seconds)


def _built_caption(page: str, kind: str, content: bytes) -> None:
    seconds = state.get(page, f"{kind}_seconds", 0.0)
    st.caption(
        state.text(f"Built in {seconds:.1f} s · {len(content) / 1e6:.2f} MB", f"Gemaakt in {seconds:.1f} s · {len(content) / 1e6:.2f} MB")
    )


def offer(page: str, kind: str, params: tuple, label: str, name: str, mime: str, icon: str, preview: str | None = None) -> None:
    """The file built for exactly these choices, if any: an optional preview, its download button, size and time."""
    content = _prepared(page, kind, params)
    if content is None:
        return
    if preview is not None:
        st.image(content, caption=preview, width="stretch")
    extension = {HTML: "html", PNG: "png", GIF: "gif"}[mime]
    st.download_button(label, content, file_name(name, extension), mime, key=state.key(page, f"{kind}_download"), icon=icon, type="primary")
    _built_caption(page, kind, content)


def month_picker(page: str) -> date:
    """The month of the HTML map and the image: the map page's month (moving it here moves the map too)."""
    state.put(page, "month_key", format_month_key(state.view(state.MAP_PAGE).month))
    st.select_slider(
        state.text("Month", "Maand"),
        options=MONTH_KEYS,
        key=state.key(page, "month_key"),
        format_func=_label,
        on_change=lambda: state.update_view(state.MAP_PAGE, month=parse_month(state.get(page, "month_key"))),
    )
    return state.view(state.MAP_PAGE).month


def standalone_map_bytes(month: date, lang: str, show_territory: bool, atlas: Atlas | None = None, cells: dict | None = None) -> bytes:
    """One HTML file with Leaflet, borders, rivers and a legend that opens offline.

    Without `atlas`: the built-in atlas' whole timeline with the in-map player (scrub, step, play), opening
    at `month`. With it (uploaded data): that month's places, territory only from `cells`."""
    base = build_base_map(countries=data.countries(), rivers=data.rivers(), lang=lang)
    if atlas is None:
        MonthCue(format_month_key(month), [], show_territory, True).add_to(base)  # before the player: it reads the cue on load
        embedded_player(lang, month).add_to(base)
    else:
        month_layer(month, lang, show_territory=show_territory, atlas=atlas, cells=cells).add_to(base)
    base.get_root().html.add_child(standalone_caption_html(month, lang, with_date=atlas is not None))
    return standalone_map_html(base).encode("utf-8")


def build_on_press(page: str, kind: str, params: tuple, labels: tuple[str, str], build) -> None:
    """A button that builds the file (with a spinner) and keeps it in the session with its build time."""
    button, spinner = labels
    if st.button(button, key=state.key(page, f"build_{kind}")):
        with st.spinner(spinner):
            started = time.perf_counter()
            _keep(page, kind, params, build(), time.perf_counter() - started)


def html_download(page: str, month: date, show_territory: bool) -> None:
    lang = state.language()
    params = (format_month_key(month), lang, show_territory)
    labels = (state.text("Build the HTML map", "Maak de HTML-kaart"), state.text("Building the map…", "Kaart maken…"))
    build_on_press(page, "html", params, labels, lambda: standalone_map_bytes(month, lang, show_territory))
    offer(page, "html", params, state.text("Download the HTML map", "Download de HTML-kaart"), f"map-{params[0]}", HTML, "🗺️")


def month_png(month: date, lang: str, show_territory: bool) -> bytes:
    cells = data.cells() if show_territory else None
    return render_png(render_month_image(data.atlas(), cells, data.countries(), month, lang))


def png_download(page: str, month: date, show_territory: bool) -> None:
    lang = state.language()
    params = (format_month_key(month), lang, show_territory)
    labels = (state.text("Render the image", "Maak de afbeelding"), state.text("Drawing…", "Tekenen…"))
    build_on_press(page, "png", params, labels, lambda: month_png(month, lang, show_territory))
    offer(page, "png", params, state.text("Download the PNG", "Download de PNG"), f"map-{params[0]}", PNG, "🖼️", preview=_label(params[0]))


def _on_period(page: str) -> None:
    first, last = state.get(page, "gif_period")
    state.update_view(page, first=parse_month(first), last=parse_month(last))


def period_picker(page: str) -> tuple[date, date]:
    """The animation's period, from the page's view (?from=&to=)."""
    export = state.view(page)
    st.select_slider(
        state.text("Period of the animation", "Periode van de animatie"),
        options=MONTH_KEYS,
        value=(format_month_key(export.first), format_month_key(export.last)),  # a pair: the slider is a range
        key=state.key(page, "gif_period"),
        format_func=_label,
        on_change=_on_period,
        args=(page,),
    )
    return state.view(page).first, state.view(page).last


def gif_download(page: str, first: date, last: date, show_territory: bool) -> None:
    """Render the GIF with a progress bar (one step per month), then offer it."""
    lang = state.language()
    params = (format_month_key(first), format_month_key(last), lang, show_territory)
    if st.button(state.text("Render the animation", "Maak de animatie"), key=state.key(page, "build_gif")):
        bar = st.progress(0.0, text=state.text("Drawing month 1…", "Maand 1 tekenen…"))

        def progress(done: int, total: int) -> None:
            bar.progress(done / total, text=state.text(f"Drew {done} of {total} months", f"{done} van {total} maanden getekend"))

        started = time.perf_counter()
        cells = data.cells() if show_territory else None
        content = render_animation(data.atlas(), cells, data.countries(), first, last, lang, progress=progress)
        _keep(page, "gif", params, content, time.perf_counter() - started)
        bar.empty()
    label, name = state.text("Download the GIF", "Download de GIF"), f"animation-{params[0]}-{params[1]}"
    offer(page, "gif", params, label, name, GIF, "🎞️", preview=f"{_label(params[0])} – {_label(params[1])}")
