"""A lesson on a teacher's own data as one ZIP file: lesson.csv (core.lessons.lesson_csv) beside the data's
places.csv and events.csv as they were uploaded, and data.json (how the data are shown, the files' names). It reads
back equal; a lesson on the atlas stays a plain CSV file.

Reading is bounded: at most MAX_MEMBERS entries, each read to at most MAX_UPLOAD_BYTES whatever its header claims,
so a crafted archive cannot make the server unpack more than a few uploads' worth."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

from core.ingest.csv_text import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from core.ingest.story import StoryError, StoryProblem, decode_text
from core.lessons.lesson_csv import read_lesson, write_lesson
from core.lessons.model import DATA_FORMAT_VERSION, Lesson, data_from_dict

LESSON_FILE, PLACES_FILE, EVENTS_FILE, SETTINGS_FILE = "lesson.csv", "places.csv", "events.csv", "data.json"
MAX_MEMBERS = 8
ZIP_MAGIC = b"PK\x03\x04"


def is_bundle(raw: bytes) -> bool:
    """The file is a ZIP archive (a lesson with its data), not CSV text."""
    return raw.startswith(ZIP_MAGIC)


def write_bundle(lesson: Lesson) -> bytes:
    """The lesson and its data as a ZIP archive (the lesson must have data)."""
    if lesson.data is None:
        raise ValueError("a lesson on the atlas is written as CSV (write_lesson)")
    settings = {"version": DATA_FORMAT_VERSION, "mode": lesson.data.mode, "name": lesson.data.name}
    buffer = io.BytesIO()
    files = {
        LESSON_FILE: write_lesson(lesson),
        PLACES_FILE: lesson.data.places_csv,
        EVENTS_FILE: lesson.data.events_csv,
        SETTINGS_FILE: json.dumps(settings, ensure_ascii=False),
    }
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():  # a fixed date: the same lesson gives the same bytes
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def read_bundle(raw: bytes, source: str = "lesson.zip") -> Lesson:
    """The lesson and its data from write_bundle's archive; raises StoryError saying what is wrong (EN and NL)."""
    members = _members(raw, source)
    lesson = read_lesson(members[LESSON_FILE], f"{source}: {LESSON_FILE}", own_steps=True)
    settings = _settings(members.get(SETTINGS_FILE, b""))
    texts = {name: decode_text(members[name], f"{source}: {name}") for name in (PLACES_FILE, EVENTS_FILE)}
    return replace(lesson, data=data_from_dict({**settings, "places": texts[PLACES_FILE], "events": texts[EVENTS_FILE]}))


def _members(raw: bytes, source: str) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_MEMBERS:
                raise _problem(
                    source,
                    f"the archive holds {len(entries)} files; a lesson has four",
                    f"het archief bevat {len(entries)} bestanden; een les heeft er vier",
                )
            wanted = {entry.filename.rsplit("/", 1)[-1]: entry for entry in entries if not entry.is_dir()}
            missing = [name for name in (LESSON_FILE, PLACES_FILE, EVENTS_FILE) if name not in wanted]
            if missing:
                raise _problem(source, f"the archive lacks {', '.join(missing)}", f"het archief mist {', '.join(missing)}")
            return {
                name: _read(archive, wanted[name], source)
                for name in (LESSON_FILE, PLACES_FILE, EVENTS_FILE, SETTINGS_FILE)
                if name in wanted
            }
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as error:
        raise _problem(
            source, f"the ZIP file cannot be read ({type(error).__name__})", f"het ZIP-bestand is onleesbaar ({type(error).__name__})"
        ) from error


def _read(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, source: str) -> bytes:
    """At most MAX_UPLOAD_BYTES of one entry, whatever size its header claims."""
    with archive.open(entry) as member:
        content = member.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        name = entry.filename.rsplit("/", 1)[-1]
        raise _problem(source, f"{name} is larger than {MAX_UPLOAD_MB} MB", f"{name} is groter dan {MAX_UPLOAD_MB} MB")
    return content


def _settings(raw: bytes) -> dict:
    """data.json's mode and name; a missing or unreadable one gives the defaults."""
    try:
        settings = json.loads(raw.decode("utf-8")) if raw else {}
    except (UnicodeDecodeError, ValueError):
        return {}
    return {key: settings[key] for key in ("mode", "name") if isinstance(settings, dict) and key in settings}


def _problem(source: str, en: str, nl: str) -> StoryError:
    return StoryError([StoryProblem(None, en, nl)], source)
