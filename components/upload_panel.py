"""Your own data: upload, problems, and the combined atlas of this session (lookups: upload_lookup).

Everything the user uploads lives in st.session_state under 'upload.*' only: never on disk, never in a
shared cache. Gazetteer and Nominatim results are shown for confirmation before they are used.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from components import data, state
from components.uploader_text import localise_uploaders
from core.codes.dates import format_month_key, parse_month
from core.ingest.csv_text import MAX_ROWS, MAX_UPLOAD_MB
from core.ingest.own_data import (
    EXPECTED_COLUMNS,
    MAX_TERRITORY_PLACES,
    MODES,
    UploadResult,
    check_upload,
    combined_atlas,
    known_places,
    problems_table,
    template_bytes,
)
from core.ingest.uploads import UPLOAD_KINDS
from core.model.atlas import Atlas, side_values
from core.model.control import control_in_month
from core.model.territory import territory_cells
from core.render.spreadsheet import header
from core.text.i18n import markdown_escape, pick

PAGE = "upload"
KIND_NAMES = {"places": ("Places", "Plaatsen"), "events": ("Events", "Gebeurtenissen")}


def fingerprint(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def frames_fingerprint(*frames: pd.DataFrame, index: bool = True) -> str:
    """One fingerprint for the content of these tables (a memo in the session is reused while it matches)."""
    return fingerprint(b"".join(pd.util.hash_pandas_object(f, index=index).to_numpy().tobytes() for f in frames if not f.empty))


# ---------------------------------------------------------------------------
# Receiving files
# ---------------------------------------------------------------------------


def accept_upload(kind: str, name: str, raw: bytes | None) -> None:
    """Keep an uploaded file (or forget it when `raw` is None) in this session; later steps start again."""
    if raw is None:
        state.forget(PAGE, f"{kind}_file")
    else:
        state.put(PAGE, f"{kind}_file", {"name": name, "raw": raw})
    if kind == "places":
        state.forget(PAGE, "lookup")
        state.forget(PAGE, "confirmed")


def _on_file(kind: str) -> None:
    uploaded = st.session_state.get(_uploader_key(kind))
    accept_upload(kind, uploaded.name if uploaded else "", uploaded.getvalue() if uploaded else None)
    state.forget(PAGE, "files_lost")
    if not any(state.get(PAGE, f"{k}_file") for k in UPLOAD_KINDS):
        state.write_url({UPLOADED_PARAM: None})  # the visitor removed their files: nothing was lost


# Uploads live only in the server's memory (this session), so a restart loses them. Two things outlive a
# restart: the address (which says the session had files) and the browser's file boxes (which would still list
# them). Each server process draws its own file boxes (a key per process), and the address tells the page that
# files were lost, so it says so instead of showing what the server no longer has.
UPLOADED_PARAM = "uploaded"
_PROCESS = secrets.token_hex(4)


def _uploader_key(kind: str) -> str:
    return state.key(PAGE, f"{kind}_uploader_{_PROCESS}")


def notice_lost_files() -> None:
    """The address says this page had files, this session has none: the server restarted (say so, once)."""
    if any(state.get(PAGE, f"{k}_file") for k in UPLOAD_KINDS):
        state.write_url({UPLOADED_PARAM: "1"})
    elif state.url_params().get(UPLOADED_PARAM):
        state.write_url({UPLOADED_PARAM: None})
        state.put(PAGE, "files_lost", True)


@st.fragment(run_every=timedelta(minutes=10))
def rerun_after_reconnect() -> None:
    """Draws nothing. Streamlit's browser side runs the page again after a reconnect (a server restart) only when
    the page has a fragment that reruns on a timer; this one makes it so, at the cost of a no-op every 10 minutes,
    so the page itself tells a visitor that their files are gone instead of showing what the server lost."""


def show_lost_files() -> None:
    if state.get(PAGE, "files_lost"):
        st.warning(
            state.text(
                "The server was restarted, so the files you uploaded are gone: uploads are kept only while the server "
                "runs. Please upload them again.",
                "De server is opnieuw gestart, dus je geüploade bestanden zijn weg: uploads worden alleen bewaard zolang "
                "de server draait. Upload ze opnieuw.",
            ),
            icon="🔄",
        )


def _expected_columns(kind: str) -> None:
    lang = state.language()
    rows = [
        {"column": c.name, "required": c.required, "meaning": pick(lang, c.meaning_en, c.meaning_nl), "example": c.example}
        for c in EXPECTED_COLUMNS[kind]
    ]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "column": state.text("Column", "Kolom"),
            "required": st.column_config.CheckboxColumn(state.text("Required", "Verplicht"), width="small"),
            "meaning": st.column_config.TextColumn(state.text("What to write", "Wat je invult"), width="large"),
            "example": state.text("Example", "Voorbeeld"),
        },
    )


def uploaders() -> None:
    """A file box per kind, each with its expected columns and a template to start from."""
    rerun_after_reconnect()
    notice_lost_files()
    show_lost_files()
    localise_uploaders(MAX_UPLOAD_MB, ("CSV", "TXT"))
    for column, kind in zip(st.columns(2, gap="large"), UPLOAD_KINDS, strict=True):
        with column:
            en, nl = KIND_NAMES[kind]
            st.file_uploader(
                state.text(f"{en} (CSV)", f"{nl} (CSV)"),
                type=["csv", "txt"],
                max_upload_size=MAX_UPLOAD_MB,
                key=_uploader_key(kind),
                on_change=_on_file,
                args=(kind,),
                help=state.text(
                    f"Comma, semicolon or tab separated; UTF-8 or Windows encoding; at most {MAX_UPLOAD_MB} MB and {MAX_ROWS:,} rows.",
                    f"Gescheiden door komma, puntkomma of tab; UTF-8 of Windows-codering; hooguit {MAX_UPLOAD_MB} MB en {MAX_ROWS:,} regels.",
                ),
            )
            with st.expander(state.text("Expected columns and a template", "Verwachte kolommen en een sjabloon")):
                _expected_columns(kind)
                st.download_button(
                    state.text("Template CSV", "Sjabloon-CSV"),
                    template_bytes(kind),
                    f"template-{kind}.csv",
                    "text/csv",
                    key=state.key(PAGE, f"{kind}_template"),
                    icon="📄",
                )


# ---------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------


def _check(atlas: Atlas, files: dict) -> dict[str, UploadResult | None]:
    places_file, events_file = files.get("places"), files.get("events")
    places = check_upload(places_file["raw"], "places", places_file["name"]) if places_file else None
    own_places = places.good if places is not None else pd.DataFrame()
    known = known_places(atlas.places, own_places)
    events = check_upload(events_file["raw"], "events", events_file["name"], known) if events_file else None
    return {"places": places, "events": events}


def checked_upload(atlas: Atlas) -> dict[str, UploadResult | None]:
    """The checked files of this session, re-checked only when a file changes (memo in the session, not a cache)."""
    files = {kind: state.get(PAGE, f"{kind}_file") for kind in UPLOAD_KINDS}
    signature = tuple(fingerprint(f["raw"]) if f else None for f in files.values())
    memo = state.get(PAGE, "checked")
    if memo and memo[0] == signature:
        return memo[1]
    results = _check(atlas, files)
    state.put(PAGE, "checked", (signature, results))
    _start_at_first_event(results["events"], memo[0][1] if memo else None, signature[1])
    return results


def _start_at_first_event(events: UploadResult | None, old_signature: str | None, new_signature: str | None) -> None:
    """New events: the map opens in the month of the first one (before it an uploaded place may have no holder)."""
    if events is None or events.good.empty or old_signature == new_signature:
        return
    first = parse_month(min(events.good["date"])[:7])
    if first is not None:
        state.put(PAGE, "month_key", format_month_key(first))


def show_problems(results: dict[str, UploadResult | None]) -> None:
    """Unreadable files as errors; every bad cell as a row (file, line, column, what is wrong, how to fix)."""
    for result in results.values():
        if result is not None and result.error:
            message = state.text(result.error, result.error_nl or result.error)
            st.error(f"**{markdown_escape(result.file_name)}**: {markdown_escape(message)}", icon="🚫")
    problems = [p for r in results.values() if r is not None for p in r.problems]
    loaded = [r for r in results.values() if r is not None and not r.error]
    for result in loaded:
        en, nl = KIND_NAMES[result.kind]
        names = ", ".join(result.good["name_en"].head(5)) if result.kind == "places" and not result.good.empty else ""
        example = f" · {state.text('for example', 'bijvoorbeeld')} {markdown_escape(names)}" if names else ""  # never a dangling word
        st.caption(state.text(f"{en}: {len(result.good)} rows loaded", f"{nl}: {len(result.good)} rijen geladen") + example)
    if not problems:
        return
    st.warning(
        state.text(
            f"{len(problems)} problems: these rows are left out until you fix them; the good rows are used.",
            f"{len(problems)} problemen: deze rijen blijven weg tot je ze verbetert; de goede rijen worden gebruikt.",
        ),
        icon="⚠️",
    )
    show_problem_table(problems, "problems_table")


def show_problem_table(problems: list, name: str) -> None:
    """One row per problem: file, line, column, what is wrong, how to fix it."""
    st.dataframe(
        problems_table(problems, state.language()),
        hide_index=True,
        width="stretch",
        key=state.key(PAGE, name),
        column_config={
            "file": state.text("File", "Bestand"),
            "row": st.column_config.NumberColumn(state.text("Line", "Regel"), format="%d", width="small"),
            "column": state.text("Column", "Kolom"),
            "problem": st.column_config.TextColumn(state.text("What is wrong", "Wat er mis is"), width="large"),
            "how_to_fix": st.column_config.TextColumn(state.text("How to fix it", "Hoe je het verbetert"), width="large"),
        },
    )


# ---------------------------------------------------------------------------
# Your data on the map
# ---------------------------------------------------------------------------


def default_mode(atlas: Atlas, located: pd.DataFrame, events: UploadResult | None) -> str:
    """Data of another conflict (none of the atlas's sides) is shown on its own; data about this one beside it."""
    own = side_values(located, good_rows(events))
    return "alongside" if any(code in atlas.sides for code in own) else "instead"


def mode_choice(default: str) -> str:
    """Alongside or instead of the atlas; starts at `default` for each new upload."""
    files = tuple((state.get(PAGE, f"{kind}_file") or {}).get("name", "") for kind in UPLOAD_KINDS)
    previous, key = state.get(PAGE, "mode_for"), state.key(PAGE, "mode")
    if previous != files:
        state.put(PAGE, "mode_for", files)
        if previous is not None or key not in st.session_state:
            st.session_state[key] = default
    names = {  # worded once per run, in the visitor's language
        "alongside": state.text("alongside the atlas", "naast de atlas"),
        "instead": state.text(
            "instead of the atlas (plus the atlas places your events name)",
            "in plaats van de atlas (plus de atlasplaatsen die je gebeurtenissen noemen)",
        ),
    }
    return st.radio(state.text("Show your data", "Toon je data"), MODES, key=key, horizontal=True, format_func=names.get)


def good_rows(result: UploadResult | None) -> pd.DataFrame:
    """The rows of an uploaded file that passed (empty when there is no file)."""
    return result.good if result is not None else pd.DataFrame()


def session_atlas(atlas: Atlas, located: pd.DataFrame, events: UploadResult | None, mode: str) -> Atlas:
    """Your data with the atlas, built once per version of your data and mode (a slider move reuses it)."""
    own_events = good_rows(events)
    signature = (frames_fingerprint(located, own_events), mode)
    memo = state.get(PAGE, "combined")
    if memo and memo[0] == signature:
        return memo[1]
    combined = combined_atlas(atlas, located, own_events, mode)
    state.put(PAGE, "combined", (signature, combined))
    return combined


def session_cells(combined: Atlas) -> dict | None:
    """Territory cells of the combined places, within the countries they lie in, computed once per set of places
    (kept in this session only); None, with a message, past MAX_TERRITORY_PLACES or outside known borders."""
    places = combined.places
    if len(places) > MAX_TERRITORY_PLACES:
        st.warning(
            state.text(
                f"Territory is estimated for at most {MAX_TERRITORY_PLACES:,} places; these data have "
                f"{len(places):,}. The places are drawn without territory.",
                f"Grondgebied wordt geschat voor hooguit {MAX_TERRITORY_PLACES:,} plaatsen; deze data hebben er "
                f"{len(places):,}. De plaatsen worden zonder grondgebied getekend.",
            ),
            icon="⏱️",
        )
        return None
    signature = frames_fingerprint(places[["place_id", "lat", "lon", "country"]], index=False)
    memo = state.get(PAGE, "cells")
    if memo and memo[0] == signature:
        return memo[1]
    borders = data.country_borders(tuple(sorted(set(places["country"]))))
    cells = territory_cells(places, borders) if borders is not None else None
    state.put(PAGE, "cells", (signature, cells))
    return cells


def show_unplaced(combined: Atlas, month: date, located: pd.DataFrame) -> None:
    """Your places without a holder this month are not drawn: say so, and how to change it."""
    own_ids = set(located["place_id"]) if not located.empty else set()
    unheld = own_ids - set(control_in_month(combined, month)["place_id"])
    if unheld:
        names = combined.places.set_index("place_id").loc[sorted(unheld & set(combined.places["place_id"])), "name_en"]
        st.caption(
            state.text(
                f"Not drawn this month (no holder yet; give initial_controller or an earlier event): {markdown_escape(', '.join(names))}",
                f"Deze maand niet getekend (nog geen eigenaar; geef initial_controller of een eerdere gebeurtenis): {markdown_escape(', '.join(names))}",
            )
        )


def file_column_labels(columns) -> dict:
    """Readable headers in the page's language over your file's columns; the column name as you wrote it in the tip."""
    lang = state.language()
    return {str(c): st.column_config.Column(header(str(c), lang), help=str(c)) for c in columns}


def show_rows(results: dict[str, UploadResult | None]) -> None:
    """The rows that loaded, as tables (text, never HTML)."""
    for kind, result in results.items():
        if result is not None and not result.good.empty:
            en, nl = KIND_NAMES[kind]
            with st.expander(state.text(f"{en} that loaded ({len(result.good)})", f"{nl} die geladen zijn ({len(result.good)})")):
                st.dataframe(
                    result.good,
                    hide_index=True,
                    width="stretch",
                    key=state.key(PAGE, f"{kind}_rows"),
                    column_config=file_column_labels(result.good.columns),
                )
