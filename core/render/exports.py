"""Downloads: CSV (safe for spreadsheets), GeoJSON, and a standalone HTML map with every asset inlined.

Nothing here fetches anything: the HTML export refuses any script or stylesheet it cannot inline.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import folium
import numpy as np
import pandas as pd

from core.render.assets import asset_paths

# OWASP "CSV injection": a cell starting with one of these may run as a formula in a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal number ("-12.5", "+3") cannot hold a formula, so it is left as written.
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
COORDINATE_DECIMALS = 5

_SCRIPT_TAG = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"[^>]*>\s*</script>", re.IGNORECASE)
_STYLESHEET_TAG = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"\bhref=\"([^\"]+)\"", re.IGNORECASE)
_CSS_URL = re.compile(r"url\((['\"]?)([^'\")]+)\1\)")
_REMOTE_ASSET = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"(?:https?:)?//[^\"]*\"", re.IGNORECASE)
_LOCAL_FETCH = re.compile(r"fetch\(\"(/[^\"]*)\"\)")


class StandaloneExportError(RuntimeError):
    """The map still needs something from a server, so the exported file would not work offline."""


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet could run as a formula with an apostrophe; numbers stay numbers."""
    if not isinstance(value, str) or not value.startswith(FORMULA_TRIGGERS) or PLAIN_NUMBER.match(value):
        return value
    return "'" + value


def _iso_text(value: object) -> object:
    """Dates and timestamps as ISO strings (a date alone when there is no time of day)."""
    if isinstance(value, pd.Timestamp | datetime):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _with_iso_dates(frame: pd.DataFrame) -> pd.DataFrame:
    dated = frame.copy()
    for column in dated.columns:
        if pd.api.types.is_datetime64_any_dtype(dated[column]):
            dated[column] = dated[column].map(lambda v: _iso_text(v) if pd.notna(v) else "").astype(object)
    return dated


def to_csv_bytes(frame: pd.DataFrame, dutch_excel: bool = False) -> bytes:
    """UTF-8 with BOM (Excel then reads accents right), ISO dates, every text cell neutralised.

    `dutch_excel`: semicolons between cells and a decimal comma, as Excel with Dutch settings expects (a
    comma-separated file opens there as one column)."""
    safe = _with_iso_dates(frame).map(neutralise_formula)
    if dutch_excel:
        return safe.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
    return safe.to_csv(index=False).encode("utf-8-sig")


def _json_value(value: object) -> object:
    """A cell as a plain JSON value: ISO dates, None for missing, Python numbers for numpy ones."""
    if type(value) is str:  # most cells: skip the checks below
        return value
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return _iso_text(value)


def _point(lat: object, lon: object) -> dict | None:
    if _json_value(lat) is None or _json_value(lon) is None:
        return None  # GeoJSON allows a feature without geometry: the row is kept, unplaced
    return {"type": "Point", "coordinates": [round(float(lon), COORDINATE_DECIMALS), round(float(lat), COORDINATE_DECIMALS)]}


def to_geojson_bytes(places: pd.DataFrame, columns: Sequence[str] | None = None) -> bytes:
    """A FeatureCollection of Points from `lat`/`lon`; properties = `columns` (default: all others).

    Text goes in as data: not HTML-escaped (whoever renders it escapes it) and not formula-neutralised.
    """
    chosen = list(columns) if columns is not None else [c for c in places.columns if c not in ("lat", "lon")]
    rows = places[chosen].to_dict("records")  # records, not iterrows: 20,000 places in a fifth of the time
    features = [
        {"type": "Feature", "geometry": _point(lat, lon), "properties": {column: _json_value(value) for column, value in row.items()}}
        for row, lat, lon in zip(rows, places["lat"], places["lon"], strict=True)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css_urls(css: str, folder: Path) -> str:
    """Relative url(...) references (Leaflet's images/*.png) become data: URIs."""

    def replace(match: re.Match) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#", "http:", "https:", "//")):
            return match.group(0)
        path = folder / target
        return f"url({_data_uri(path)})" if path.is_file() else "none"

    return _CSS_URL.sub(replace, css)


def _inline_text(text: str, tag: str) -> str:
    # "</script" or "</style" inside the code would end the element early.
    return re.sub(f"</{tag}", f"<\\\\/{tag}", text, flags=re.IGNORECASE)


def _local_file(url: str, files: dict[str, Path]) -> Path:
    if url.startswith(("http:", "https:", "//")):
        raise StandaloneExportError(f"the map loads {url} from the internet; serve it locally via core/render/assets.py")
    if url not in files:
        raise StandaloneExportError(f"{url} has no local copy to inline; add it to core.render.assets.asset_paths()")
    return files[url]


def _inline_scripts(html: str, files: dict[str, Path]) -> str:
    def replace(match: re.Match) -> str:
        code = _local_file(match.group(1), files).read_text(encoding="utf-8")
        return f"<script>{_inline_text(code, 'script')}</script>"

    return _SCRIPT_TAG.sub(replace, html)


def _inline_stylesheets(html: str, files: dict[str, Path]) -> str:
    def replace(match: re.Match) -> str:
        href = _HREF.search(match.group(0))
        if href is None:
            return match.group(0)
        path = _local_file(href.group(1), files)
        css = _inline_css_urls(path.read_text(encoding="utf-8"), path.parent)
        return f"<style>{_inline_text(css, 'style')}</style>"

    return _STYLESHEET_TAG.sub(replace, html)


def _check_self_contained(html: str) -> None:
    remote = _REMOTE_ASSET.search(html)
    if remote:
        raise StandaloneExportError(f"the map loads a script or stylesheet from the internet: {remote.group(0)}")
    fetched = _LOCAL_FETCH.search(html)
    if fetched:
        raise StandaloneExportError(
            f"the map fetches {fetched.group(1)} from the app's server; build it with "
            "build_base_map(countries=<dict>, rivers=<dict>) so the data is embedded"
        )


def standalone_map_html(folium_map: folium.Map) -> str:
    """The whole map as one HTML document that works offline: Leaflet and its CSS inlined."""
    files = {url: Path(path) for url, path in asset_paths().items()}
    html = folium_map.get_root().render()
    html = _inline_stylesheets(_inline_scripts(html, files), files)
    _check_self_contained(html)
    return html
