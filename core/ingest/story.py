"""Classroom stories: chapters read from a CSV a teacher can edit, validated line by line.

The format is documented in data/STORY.md. Every problem names its line; all are reported at once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.codes.constants import PROJECT_ROOT, TIMELINE_END, TIMELINE_START
from core.codes.dates import checked_date, format_month_key, whole_number
from core.ingest.csv_text import UploadError, decode_upload, sniff_separator
from core.text.i18n import pick

STORY_FILE = PROJECT_ROOT / "data" / "story.csv"
REQUIRED_COLUMNS = ("id", "month", "lat", "lon", "zoom", "title_en", "title_nl", "text_en", "text_nl")
OPTIONAL_COLUMNS = ("highlight", "teacher_note_en", "teacher_note_nl", "expect")
ZOOM_RANGE = (3, 12)
MAX_CHAPTERS = 200  # a lesson has tens; more is a wrong file, and each extra one costs server time
MAX_PROBLEMS = 30  # listed; the rest are counted
_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
_ID_SEPARATORS = re.compile(r"[\s|,;]+")


@dataclass(frozen=True)
class Chapter:
    """One step of a story: a month, a map view, highlighted places and bilingual text."""

    id: str
    month: date | None  # None when read with `any_month` (the caller checks the month cells)
    center: tuple[float, float]
    zoom: int
    highlight: tuple[str, ...]
    title_en: str
    title_nl: str
    text_en: str
    text_nl: str
    teacher_note_en: str = ""
    teacher_note_nl: str = ""
    expect: str = ""  # what the map must show, e.g. "raqqa=IS; kobani=SDF/contested" (core.ingest.story_check)
    line: int = field(default=0, compare=False)

    def title(self, lang: str) -> str:
        return pick(lang, self.title_en, self.title_nl)

    def text(self, lang: str) -> str:
        return pick(lang, self.text_en, self.text_nl)

    def teacher_note(self, lang: str) -> str:
        return pick(lang, self.teacher_note_en, self.teacher_note_nl)


@dataclass(frozen=True)
class StoryProblem:
    """One problem in a story file: its line (None for the whole file) and the message in English and Dutch."""

    line: int | None
    message: str
    message_nl: str = ""

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """'line 3: …' / 'regel 3: …' (the English message when there is no Dutch one)."""
        message = pick(lang, self.message, self.message_nl or self.message)
        return f"{pick(lang, 'line', 'regel')} {self.line}: {message}" if self.line else message


class StoryError(ValueError):
    """The story file cannot be used; carries every problem found, each with its line."""

    def __init__(self, problems: list[StoryProblem], source: str = "story"):
        self.problems = problems
        self.source = source
        super().__init__(f"{len(problems)} problem(s) in {source}:\n" + "\n".join(f"- {p}" for p in problems))


def load_story(path: Path = STORY_FILE) -> list[Chapter]:
    """Read and validate a story CSV file; raise StoryError listing every problem."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        problem = StoryProblem(None, f"cannot read the file: {error.strerror}", f"het bestand is onleesbaar: {error.strerror}")
        raise StoryError([problem], Path(path).name) from error
    return parse_story(raw, Path(path).name)


def parse_story(raw: bytes | str, source: str = "story", any_month: bool = False) -> list[Chapter]:
    """Validate story CSV text (UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab separated, as spreadsheets save it).
    `any_month` (a lesson on its own data): the month cells are the data's months or days, left to the data's timeline
    to check (core.lessons.dataset.step_problems); every other rule applies and the chapters carry no month."""
    text = decode_text(raw, source)
    if not text.strip():
        raise StoryError(
            [
                StoryProblem(
                    None,
                    "the file is empty: it needs a header row and one row per chapter",
                    "het bestand is leeg: het heeft een kopregel nodig en één regel per hoofdstuk",
                )
            ],
            source,
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        return _chapters(reader, source, any_month)
    except csv.Error as error:
        raise StoryError(
            [
                StoryProblem(
                    reader.line_num,
                    f"not readable as CSV ({error}); check the quotes on this line",
                    f"niet leesbaar als CSV ({error}); controleer de aanhalingstekens op deze regel",
                )
            ],
            source,
        ) from error


def _chapters(reader, source: str, any_month: bool = False) -> list[Chapter]:
    """Rows to chapters, collecting every problem with its line."""
    header = [name.strip() for name in next(reader)]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise StoryError(
            [
                StoryProblem(1, f"column '{name}' is missing from the header", f"kolom '{name}' ontbreekt in de kopregel")
                for name in missing
            ],
            source,
        )
    chapters, problems, seen_ids, rows = [], [], set(), 0
    previous_end = reader.line_num
    for record in reader:  # csv.reader (unlike DictReader) yields blank lines, so line numbers stay right
        line, previous_end = previous_end + 1, reader.line_num
        row = dict(zip(header, record, strict=False))
        cells = {name: (row.get(name) or "").strip() for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
        if not any(cells.values()):
            continue  # blank lines between chapters are allowed
        rows += 1
        if rows > MAX_CHAPTERS:  # stop reading: the rest would only cost time
            too_long = StoryProblem(
                line,
                f"the story has more than {MAX_CHAPTERS} chapters; split it into several files",
                f"het verhaal heeft meer dan {MAX_CHAPTERS} hoofdstukken; verdeel het over meerdere bestanden",
            )
            raise StoryError([too_long], source)
        chapter, found = _chapter(cells, line, seen_ids, any_month)
        problems += found
        if chapter:
            chapters.append(chapter)
            seen_ids.add(chapter.id)
    if not chapters and not problems:
        problems.append(
            StoryProblem(
                None,
                "the story has no chapters: add one row per chapter below the header",
                "het verhaal heeft geen hoofdstukken: zet onder de kopregel één regel per hoofdstuk",
            )
        )
    if problems:
        raise StoryError(_capped(problems), source)
    return chapters


def _capped(problems: list[StoryProblem]) -> list[StoryProblem]:
    """The first MAX_PROBLEMS problems, and how many more there are (a broken file never floods the page)."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], StoryProblem(None, f"... and {more} more problems", f"... en nog {more} problemen")]


def decode_text(raw: bytes | str, source: str) -> str:
    """The same reader as uploads (core/ingest/csv_text.py): UTF-8, UTF-16 or Windows-1252, not a binary file."""
    if isinstance(raw, str):
        return raw.lstrip("\ufeff")
    if not raw.strip():
        return ""
    try:
        return decode_upload(raw)
    except UploadError as error:
        raise StoryError([StoryProblem(None, str(error), error.nl)], source) from error


def _delimiter(text: str) -> str:
    """Spreadsheets with a Dutch locale save CSV with semicolons (the uploads' separator rule)."""
    return sniff_separator(text)


def _chapter(cells: dict[str, str], line: int, seen_ids: set[str], any_month: bool = False) -> tuple[Chapter | None, list[StoryProblem]]:
    problems: list[tuple[str, str]] = []  # (English, Dutch)
    if not cells["id"]:
        problems.append(
            (
                "id is empty: give every chapter a short name, e.g. fall_of_mosul",
                "id is leeg: geef elk hoofdstuk een korte naam, bijv. fall_of_mosul",
            )
        )
    elif cells["id"] in seen_ids:
        problems.append(
            (
                f"id '{cells['id']}' is used by an earlier chapter; ids must be unique",
                f"id '{cells['id']}' is al gebruikt door een eerder hoofdstuk; ids moeten uniek zijn",
            )
        )
    month = None if any_month else _month(cells["month"], problems)
    lat = _number(cells["lat"], "lat", -90, 90, problems)
    lon = _number(cells["lon"], "lon", -180, 180, problems)
    zoom = _zoom(cells["zoom"], problems)
    for what in ("title", "text"):
        if not cells[f"{what}_en"] and not cells[f"{what}_nl"]:
            problems.append(
                (
                    f"{what} is empty: write {what}_en or {what}_nl (the other language falls back to it)",
                    f"{what} is leeg: vul {what}_en of {what}_nl in (de andere taal neemt die over)",
                )
            )
    if problems:
        return None, [StoryProblem(line, en, nl) for en, nl in problems]
    chapter = Chapter(
        id=cells["id"],
        month=month,
        center=(lat, lon),
        zoom=zoom,
        highlight=tuple(dict.fromkeys(i for i in _ID_SEPARATORS.split(cells["highlight"]) if i)),
        title_en=cells["title_en"] or cells["title_nl"],
        title_nl=cells["title_nl"] or cells["title_en"],
        text_en=cells["text_en"] or cells["text_nl"],
        text_nl=cells["text_nl"] or cells["text_en"],
        teacher_note_en=cells["teacher_note_en"] or cells["teacher_note_nl"],
        teacher_note_nl=cells["teacher_note_nl"] or cells["teacher_note_en"],
        expect=cells["expect"],
        line=line,
    )
    return chapter, []


def _month(value: str, problems: list[tuple[str, str]]) -> date | None:
    match = _MONTH_RE.fullmatch(value)
    month = checked_date(match.group(1), match.group(2)) if match else None
    if month is None:
        problems.append(
            (
                f"month {value[:40]!r} is not a month; write YYYY-MM, e.g. 2014-06",
                f"month {value[:40]!r} is geen maand; schrijf JJJJ-MM, bijv. 2014-06",
            )
        )
        return None
    if not TIMELINE_START <= month <= TIMELINE_END:
        first, last = format_month_key(TIMELINE_START), format_month_key(TIMELINE_END)
        problems.append(
            (f"month {value!r} is outside the atlas ({first} to {last})", f"month {value!r} valt buiten de atlas ({first} tot {last})")
        )
        return None
    return month


def _number(value: str, name: str, low: float, high: float, problems: list[tuple[str, str]]) -> float | None:
    try:
        number = float(value.replace(",", ".")) if value.count(",") <= 1 else float("nan")
    except ValueError:
        number = float("nan")
    if number != number:  # NaN: not a number at all
        problems.append(
            (
                f"{name} {value!r} is not a number; write decimal degrees, e.g. 36.34",
                f"{name} {value!r} is geen getal; schrijf decimale graden, bijv. 36.34",
            )
        )
        return None
    if not low <= number <= high:
        problems.append(
            (f"{name} {value!r} is out of range ({low:g} to {high:g})", f"{name} {value!r} ligt buiten het bereik ({low:g} tot {high:g})")
        )
        return None
    return number


def _zoom(value: str, problems: list[tuple[str, str]]) -> int | None:
    low, high = ZOOM_RANGE
    zoom = whole_number(value, low, high)
    if zoom is None:
        problems.append(
            (
                f"zoom {value[:40]!r} must be a whole number from {low} (world) to {high} (town)",
                f"zoom {value[:40]!r} moet een heel getal zijn van {low} (wereld) tot {high} (stad)",
            )
        )
    return zoom


def unknown_place_warnings(chapters: list[Chapter], place_ids: set[str], lang: str = "en") -> list[str]:
    """Highlighted ids the atlas does not know: reported, not fatal (they are simply not highlighted).

    At most MAX_PROBLEMS are listed, then how many more there are."""
    unknown = [(chapter, place[:60]) for chapter in chapters for place in chapter.highlight if place not in place_ids]
    warnings = [
        pick(
            lang,
            f"line {chapter.line}: place '{place}' in chapter '{chapter.id}' is not in the atlas, so it is not highlighted",
            f"regel {chapter.line}: plaats '{place}' in hoofdstuk '{chapter.id}' staat niet in de atlas en wordt dus niet uitgelicht",
        )
        for chapter, place in unknown[:MAX_PROBLEMS]
    ]
    more = len(unknown) - MAX_PROBLEMS
    return warnings + ([pick(lang, f"... and {more} more unknown places", f"... en nog {more} onbekende plaatsen")] if more > 0 else [])
