"""One reader for every CSV a user brings (places, events, a teacher's story): bytes -> text (UTF-8 with or
without BOM, UTF-16, Windows-1252/Latin-1) -> separator (, ; or tab) -> a frame of text cells, within limits."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter

import pandas as pd

MAX_UPLOAD_MB = 2  # also server.maxUploadSize in .streamlit/config.toml (a test keeps them equal)
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024  # Streamlit counts a megabyte as 2**20 bytes
MAX_COLUMNS = 100  # a places or events file has about a dozen
MAX_ROWS = 20_000  # data rows per file: every step below is linear, so this bounds the work per upload
SEPARATORS = (",", ";", "\t")  # ties go to the first
OVERFLOW_COLUMN = "_overflow"  # values beyond the header's columns (an unquoted separator in a value)
BINARY_KINDS_NL = {
    "an Excel workbook or other zip file": "een Excel-werkmap of ander zipbestand",
    "an old Excel (.xls) workbook": "een oude Excel-werkmap (.xls)",
    "a PDF": "een pdf",
    "a PNG image": "een PNG-afbeelding",
    "a binary file": "een binair bestand",
}
BINARY_SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook or other zip file",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) workbook",
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
}


class UploadError(ValueError):
    """The file cannot be read at all; the message says why and what to do, in words for the user (English and Dutch)."""

    def __init__(self, en: str, nl: str):
        super().__init__(en)
        self.nl = nl


# ---------------------------------------------------------------------------
# Bytes -> text -> frame of text cells
# ---------------------------------------------------------------------------


def _binary_kind(raw: bytes) -> str | None:
    for signature, kind in BINARY_SIGNATURES.items():
        if raw.startswith(signature):
            return kind
    return "a binary file" if b"\x00" in raw[:8192] else None


def decode_upload(raw: bytes) -> str:
    """Text of an uploaded file: UTF-16 with BOM, UTF-8 (BOM or not), else Windows-1252, else Latin-1."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_utf16(raw)
    elif (kind := _binary_kind(raw)) is not None:
        raise UploadError(
            f"This is {kind}, not a CSV text file. In your spreadsheet choose Save As > 'CSV UTF-8' and upload that.",
            f"Dit is {BINARY_KINDS_NL.get(kind, kind)}, geen CSV-tekstbestand. Kies in je spreadsheet Opslaan als > 'CSV UTF-8' en upload dat.",
        )
    else:
        text = _decode_text(raw)
    if not text.strip():
        raise UploadError(
            "The file is empty. Upload a CSV with a header row and at least one data row.",
            "Het bestand is leeg. Upload een CSV met een kopregel en minstens één regel met gegevens.",
        )
    return text


def _decode_utf16(raw: bytes) -> str:
    try:
        return raw.decode("utf-16")
    except UnicodeDecodeError as error:  # an odd number of bytes, or half a character: the file was cut off
        raise UploadError(
            f"The file says it is UTF-16 text but byte {error.start} cannot be read (was it cut off?). Save it again as 'CSV UTF-8'.",
            f"Het bestand zegt UTF-16-tekst te zijn, maar byte {error.start} is onleesbaar (afgebroken?). Sla het opnieuw op als 'CSV UTF-8'.",
        ) from error


def _decode_text(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # every byte is a Latin-1 character


def sniff_separator(text: str) -> str:
    """The separator the header row uses most: comma, semicolon or tab (comma when there is none)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max(SEPARATORS, key=header.count)


def _records(text: str, separator: str) -> list[tuple[int, list[str]]]:
    """(first line number, cells) of every non-blank record; quoted values may span lines.

    Stops at the first record past the limits (MAX_COLUMNS in the header, MAX_ROWS data rows).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records, line = [], 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                _check_limits(len(records), cells)
                records.append((line, [cell.strip() for cell in cells]))
            line = reader.line_num + 1
    except csv.Error as error:
        raise UploadError(
            f"Line {reader.line_num} cannot be read ({error}). Check the quotes on that line.",
            f"Regel {reader.line_num} is onleesbaar ({error}). Controleer de aanhalingstekens op die regel.",
        ) from error
    return records


def _check_limits(records_so_far: int, cells: list[str]) -> None:
    if records_so_far == 0 and len(cells) > MAX_COLUMNS:
        raise UploadError(
            f"The header has {len(cells):,} columns; the limit is {MAX_COLUMNS}. Keep only the columns listed under 'Expected columns'.",
            f"De kopregel heeft {len(cells):,} kolommen; de grens is {MAX_COLUMNS}. Houd alleen de kolommen onder 'Verwachte kolommen'.",
        )
    if records_so_far > MAX_ROWS:
        raise UploadError(
            f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files.",
            f"Het bestand heeft meer dan {MAX_ROWS:,} regels. Splits het in kleinere bestanden.",
        )


def _header_names(cells: list[str]) -> list[str]:
    names = [cell.strip().lower() or f"column_{number}" for number, cell in enumerate(cells, start=1)]
    duplicates = sorted(name for name, count in Counter(names).items() if count > 1)
    if duplicates:
        raise UploadError(
            f"The header has the column '{duplicates[0][:40]}' twice. Rename or remove one of them.",
            f"De kopregel heeft de kolom '{duplicates[0][:40]}' twee keer. Geef er één een andere naam of verwijder hem.",
        )
    return names


def _row_cells(cells: list[str], width: int) -> list[str]:
    """Cells padded to the header's width; extra non-empty cells kept together in the overflow column."""
    extra = [cell for cell in cells[width:] if cell]
    return (cells[:width] + [""] * (width - len(cells)))[:width] + [" | ".join(extra)]


def read_upload(raw: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> pd.DataFrame:
    """Every cell as stripped text, header names lower-cased; index = line number - 2 (header = line 1)."""
    if len(raw) > max_bytes:
        size, limit = len(raw) / 2**20, max_bytes / 2**20
        raise UploadError(
            f"The file is {size:.1f} MB; the limit is {limit:.1f} MB. Split it into smaller files or drop unused columns.",
            f"Het bestand is {size:.1f} MB; de grens is {limit:.1f} MB. Splits het in kleinere bestanden of laat ongebruikte kolommen weg.",
        )
    text = decode_upload(raw)
    records = _records(text, sniff_separator(text))
    if len(records) < 2:
        raise UploadError(
            "The file has no data rows. Put the column names in the first row and one place or event per row below it.",
            "Het bestand heeft geen regels met gegevens. Zet de kolomnamen op de eerste regel en daaronder één plaats of gebeurtenis per regel.",
        )
    (_, header), rows = records[0], records[1:]
    columns = _header_names(header)
    frame = pd.DataFrame(
        [_row_cells(cells, len(columns)) for _, cells in rows],
        columns=[*columns, OVERFLOW_COLUMN],
        index=[line - 2 for line, _ in rows],
        dtype=str,
    )
    return frame if (frame[OVERFLOW_COLUMN] != "").any() else frame.drop(columns=OVERFLOW_COLUMN)
