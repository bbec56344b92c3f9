"""Every page in Dutch on the real data: no English-only word or raw code reaches what a pupil reads.

Words people quote (the article's evidence, other sources' titles and quotes, place names) and the columns labelled
'(in het Engels)' are left out: they are shown as written.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from PIL import ImageDraw

from core.codes.constants import DATA_DIR
from core.model.atlas import load_atlas
from core.model.explore import events_export, places_export
from core.render.exports import to_csv_bytes
from core.render.mapping import build_base_map
from core.render.rendering import render_animation, render_month_image
from core.render.spreadsheet import HEADERS, holders_by_month, readable
from core.render.worksheet import default_question, render_worksheet
from core.text.attribution import credits_markdown, credits_plain, credits_short
from core.text.i18n import markdown_escape

UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
ENGLISH_ONLY = [
    "Also written",
    "Section",
    "None",
    "city",
    "town",
    "border_crossing",
    "border crossing",
    "locality",
    "geonames",
    "GeoNames gazetteer",
    "Restates",
    "actor_before",
    "article line",
    "line",
    "must",
    "found",
    "unknown",
    "Iraq",
    "Syria",
    "news sources",
    "in the data",
    "Offline borders",
    "Upload",
    "per file",
    "contradiction",
    "inferred",
    "yes",
    "Held by",
    "Other sources",
    "The article",
    "coordinates",
    "Who held what",
    *["January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December"],
    *["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
]
DENIED = re.compile(r"(?<![\w/.#=-])(" + "|".join(re.escape(word) for word in ENGLISH_ONLY) + r")(?![\w/.'-])")  # Mar'anaz is a name
RAW_CODES = {"IQ", "SY", "city", "town", "border_crossing", "locality", "geonames", "manual", "day", "month", "None", "nan", "unknown"}
RAW_CODES |= {"season", "year", "contradiction", "inferred", "uncertain", "yes", "no", "held", "contested", "besieged"}
# Your uploaded rows as you wrote them, and the file vocabulary you type (column names, example cells).
AS_WRITTEN_COLUMNS = {"article_spellings", "date_text"}  # only the tables of loaded rows have these
FILE_VOCABULARY_COLUMNS = {"column", "example"}
QUOTED_COLUMNS = FILE_VOCABULARY_COLUMNS | {
    "evidence",
    "title",
    "quote",
    "publisher",
    "curator_note",
    "note",
    "reason",
    "url",
    "link",
    "map",
    "place_id",
}
CHART_MONTH_FORMAT = '"format": "%B'
# A header that is a column name of data/ (place_id, name_en, lat …) is English to a Dutch reader.
FILE_COLUMN_NAMES = {*HEADERS, "lat", "lon", "file_order", "source_id", "publisher", "quote", "url"} - {"place"}


def quoted_texts() -> list[str]:
    """What the app shows exactly as others wrote it (longest first, so a quote goes before its parts)."""
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    sources = pd.read_csv(DATA_DIR / "sources.csv", dtype=str, keep_default_na=False)
    places = pd.read_csv(DATA_DIR / "places.csv", dtype=str, keep_default_na=False)
    names = {
        name for column in ("name_en", "name_nl", "article_spellings", "aliases") for cell in places[column] for name in cell.split("|")
    }
    texts = {*events["evidence"], *sources["title"], *sources["quote"], *sources["publisher"], *names}
    texts = {t for t in texts if t} | {markdown_escape(t) for t in texts if t}
    return sorted(texts, key=len, reverse=True)


QUOTED = quoted_texts()


def without_quotes(text: str) -> str:
    for quoted in QUOTED:
        if quoted in text:
            text = text.replace(quoted, "")
    return text


def _labels(at) -> list[str]:
    widgets = [*at.selectbox, *at.multiselect, *at.radio, *at.select_slider, *at.text_input, *at.button, *at.toggle, *at.checkbox]
    texts = [w.label for w in widgets if w.label != "Language / Taal"]
    for widget in [*at.selectbox, *at.multiselect, *at.radio]:
        if widget.label != "Language / Taal":
            texts += [str(option) for option in widget.options]
    return texts + [e.label for e in at.expander] + [t.label for t in at.tabs] + [m.label for m in at.metric]


def _table_texts(at) -> list[str]:
    """Column headers as shown, and the cells of every column that names codes (not free text)."""
    texts = []
    for frame in at.dataframe:
        as_written = bool(AS_WRITTEN_COLUMNS & set(frame.value.columns))  # your rows: headers checked, cells as you wrote them
        config = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            shown = config.get(str(column), {})
            if shown.get("hidden"):
                continue
            texts.append(shown.get("label") or str(column))
            if not as_written and str(column) not in QUOTED_COLUMNS and not str(shown.get("label", "")).endswith("(in het Engels)"):
                texts += [str(value) for value in frame.value[column] if str(value) in RAW_CODES]
    return texts


def shown_texts(at) -> list[str]:
    elements = [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success]
    texts = [element.value for element in elements if not str(element.value).startswith(">")]  # '> …': a quotation
    return [without_quotes(str(text)) for text in [*texts, *_labels(at), *_table_texts(at)]]


def english_in(at) -> list[str]:
    found = []
    for text in shown_texts(at):
        found += [f"{match.group(0)!r} in {text[:120]!r}" for match in DENIED.finditer(text)]
    found += [f"raw code {text!r}" for text in _table_texts(at) if text in RAW_CODES]
    found += [f"column name as in the files {text!r}" for text in _table_texts(at) if text in FILE_COLUMN_NAMES]
    charts = [element.proto.spec for element in at.get("vega_lite_chart")]
    found += ["a chart names months in English" for spec in charts if CHART_MONTH_FORMAT in spec]
    return found


def dutch(real_app, page: str, **params):
    at = real_app(page=page, lang="nl", **params)
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("pages/map.py", {"date": "2014-06", "place": "mosul"}),
        ("pages/map.py", {"date": "2016-06", "place": "fallujah"}),
        ("pages/map.py", {"date": "2017-07", "place": "tikrit"}),
        ("pages/map.py", {"date": "2015-10", "place": "baiji"}),
        ("pages/compare.py", {}),
        ("pages/present.py", {}),
        ("pages/export.py", {}),
    ],
)
def test_pages_show_no_english_in_dutch(real_app, page, params):
    assert english_in(dutch(real_app, page, **params)) == []


@pytest.mark.parametrize("tab", ["Plaatsen", "Gebeurtenissen", "In de tijd", "Artikel vs. andere bronnen", "Datakwaliteit"])
def test_explore_tabs_show_no_english_in_dutch(real_app, tab):
    at = dutch(real_app, "pages/explore.py")
    at.session_state["explore.tab"] = tab
    at.session_state["explore.place"] = "ramadi"
    at.run()
    assert not at.exception
    assert english_in(at) == []


def test_upload_problems_show_no_english_in_dutch(fixture_app):
    # The fixture atlas: on the real data these uploaded events share ids with the atlas's and building fails (a known bug).
    at = dutch(fixture_app, "pages/upload.py")
    for kind, name in {"places": "places_with_problems.csv", "events": "events_with_problems.csv"}.items():
        at.session_state[f"upload.{kind}_file"] = {"name": name, "raw": (UPLOADS / name).read_bytes()}
    at.run()
    assert not at.exception
    assert at.dataframe, "the problem table is drawn"
    assert english_in(at) == []


def test_the_check_finds_english(real_app):
    """The same walk in English finds the words it looks for (the check itself works)."""
    at = real_app(page="pages/map.py", date="2014-06", place="mosul")
    at.run()
    assert any("Also written" in hit for hit in english_in(at))


# ---------------------------------------------------------------------------
# Beyond the pages: the credits, the map frame, the exports and the text drawn into images
# ---------------------------------------------------------------------------

# Spreadsheet columns that are codes (ids), or text quoted or written in English and labelled so in the header.
AS_IS_HEADERS = {"Plaatscode", "Gebeurteniscode", "Ligt in plaats", "Woorden uit het artikel", "Artikelsectie", "Datum zoals geschreven"}


def english_words(text: str) -> list[str]:
    return [match.group(0) for match in DENIED.finditer(without_quotes(str(text)))]


def texts_in(value) -> list[str]:
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in texts_in(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in texts_in(item)]
    return []


def spreadsheet_english(content: bytes) -> list[str]:
    """English words or raw codes in a Dutch Excel file: its headers, and its cells outside the as-is columns."""
    table = pd.read_csv(io.BytesIO(content), sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    found = [f"header {c!r}" for c in table.columns if c in FILE_COLUMN_NAMES or english_words(c)]
    for column in table.columns:
        if column in AS_IS_HEADERS or "Engels" in column:
            continue
        for cell in set(table[column]):
            if cell in RAW_CODES or english_words(cell):
                found.append(f"{column}: {cell[:80]!r}")
    return found


@pytest.fixture(scope="module")
def real_atlas():
    return load_atlas(DATA_DIR)


def test_credits_in_dutch():
    for line in (credits_short("nl"), credits_plain("nl"), credits_markdown("nl")):
        assert english_words(line) == [], line


def test_excel_exports_in_dutch(real_atlas):
    places = to_csv_bytes(readable(places_export(real_atlas.places), "nl", real_atlas.sides), dutch_excel=True)
    events = to_csv_bytes(readable(events_export(real_atlas.events, real_atlas.places), "nl", real_atlas.sides), dutch_excel=True)
    holders = to_csv_bytes(holders_by_month(real_atlas, "nl"), dutch_excel=True)
    assert spreadsheet_english(places) == []
    assert spreadsheet_english(events) == []
    assert spreadsheet_english(holders) == []


def test_the_map_frame_in_dutch(real_app):
    """What the map receives: the base map (its credits line) and the whole timeline the in-map player draws (the
    same data the standalone HTML export embeds)."""
    from components.control_map import builtin_timeline

    dutch(real_app, "pages/map.py", date="2016-06")
    frame_html = build_base_map(lang="nl").get_root().render()
    corner = [json.loads(f'"{line}"') for line in re.findall(r'addAttribution\("([^"]*)"\)', frame_html)]
    assert corner and all(english_words(line) == [] for line in corner), corner
    timeline = json.loads(builtin_timeline("nl").json)
    assert [f"{w!r} in {t[:80]!r}" for t in texts_in(timeline) for w in english_words(t)] == []


def test_text_drawn_into_images_in_dutch(real_atlas, monkeypatch):
    """PNG, GIF and worksheet: every text handed to the renderer (titles, legend, names, credits, questions)."""
    drawn = []
    for method in ("text", "multiline_text"):
        real = getattr(ImageDraw.ImageDraw, method)

        def record(self, xy, text, *args, real=real, **kwargs):
            drawn.append(str(text))
            return real(self, xy, text, *args, **kwargs)

        monkeypatch.setattr(ImageDraw.ImageDraw, method, record)
    countries = json.loads((DATA_DIR / "countries.geojson").read_text(encoding="utf-8"))
    render_month_image(real_atlas, None, countries, date(2015, 6, 1), "nl", size=(640, 400))
    render_animation(real_atlas, None, countries, date(2015, 5, 1), date(2015, 6, 1), "nl", size=(480, 300))
    render_worksheet(real_atlas, None, countries, [date(2014, 6, 1), date(2017, 6, 1)], "nl", "portrait", default_question("nl"))
    assert len(drawn) > 20
    assert [f"{w!r} in {t[:80]!r}" for t in drawn for w in english_words(t)] == []
