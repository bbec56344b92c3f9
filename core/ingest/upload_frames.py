"""Small pieces every upload reader shares: columns with defaults, the relaxed upload schemas, stable ids for
names (any script, Arabic included)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa

from core.model.tables import EVENTS_SCHEMA, PLACES_SCHEMA
from core.text.names import strip_accents

NOT_EMPTY_ERROR = "must not be empty"  # the error tables._text attaches to required text columns


def relaxed_schema(schema: pa.DataFrameSchema, optional: Iterable[str]) -> pa.DataFrameSchema:
    """A copy of `schema` where the `optional` columns may be empty; their other checks still apply."""
    return schema.update_columns(
        {name: {"checks": [check for check in schema.columns[name].checks if check.error != NOT_EMPTY_ERROR]} for name in optional}
    )


UPLOAD_PLACES_SCHEMA = PLACES_SCHEMA


UPLOAD_EVENTS_SCHEMA = relaxed_schema(EVENTS_SCHEMA, ("evidence", "summary_en", "summary_nl"))


def slugify(name: str) -> str:
    """'Deir ez-Zor' -> 'deir_ez_zor'; 'Al-Raqqa' -> 'raqqa' (the place_id convention of SCHEMA.md)."""
    slug = re.sub(r"[^a-z0-9]+", "_", strip_accents(name).lower()).strip("_")
    return re.sub(r"^(al|ar)_(?=.)", "", slug)


def place_id_for(name: str) -> str:
    """slugify(name), or for a name without Latin letters or digits ('الموصل') a stable 'place_<hash>'."""
    slug = slugify(name)
    if slug or not name.strip():
        return slug
    return "place_" + hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:10]


SHORT_CODE = r"^[A-Za-z]{1,4}$"  # 'is', 'Sdf': a code, read case-insensitively; longer words are names


def side_codes(values: pd.Series) -> pd.Series:
    """Sides as a teacher writes them: short codes upper-cased ('sdf' -> 'SDF'), names kept in their own words
    ('Geallieerden'), spaces trimmed. Nothing is filled in: a dataset names its own sides."""
    trimmed = values.str.strip()
    return trimmed.where(~trimmed.str.match(SHORT_CODE), trimmed.str.upper())


def _column(frame: pd.DataFrame, name: str, default: str = "") -> pd.Series:
    return frame[name] if name in frame else pd.Series(default, index=frame.index, dtype=str)


def _first_filled(frame: pd.DataFrame, names: Iterable[str]) -> pd.Series:
    """Per row, the first non-empty value among the named columns."""
    result = pd.Series("", index=frame.index, dtype=str)
    for name in names:
        result = result.where(result != "", _column(frame, name))
    return result


def _schema_shaped(prepared: pd.DataFrame, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Every schema column in order: our prepared value, else the file's own cell, else empty; then extras."""
    columns = {name: prepared[name] if name in prepared else _column(frame, name) for name in schema.columns}
    extras = {name: prepared[name] for name in prepared if name not in columns}
    return pd.DataFrame(columns | extras, index=frame.index)
