"""Place-name folding: one key for Mosoel, Mosul and al-Mawsil (accents, quotes, Arabic articles, Dutch
spellings); used by the place search, URL parameters, uploads and the geocoder."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

QUOTES = "'\"`´‘’‚‛“”„ʹʻʼʽʾʿ"
# Letters that NFKD does not decompose into ASCII + accents.
EXTRA_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe"})
# Arabic (and Maghrebi/Levantine "el", "es", ...) definite articles, incl. assimilated forms.
ARTICLES = frozenset(
    {"al", "el", "il", "ul", "ar", "er", "as", "es", "ash", "esh", "ad", "ed", "adh", "an", "en", "at", "et", "ath", "az", "ez"}
)
# Dutch spellings of Arabic/English sounds, rewritten to the English form: (dutch, english).
DUTCH_TO_ENGLISH = (
    ("tsj", "ch"),  # Tsjetsjenië
    ("sj", "sh"),  # Sjarm-el-Sjeikh
    ("oe", "u"),  # Mosoel, Tadmoer, Koerden
    ("dj", "j"),  # Djerba, Djihad
    ("ij", "y"),  # the Dutch digraph ij where English writes y
    ("ou", "u"),  # French-style transliterations in Dutch texts: Deir ez-Zour
    ("ch", "kh"),  # Chan Sjeichoen (Khan Shaykhun)
    ("j", "y"),  # Jemen (Yemen)
)
WORD_FINAL_H = re.compile(r"(?<=[ae])h\b")  # Raqqah/Raqqa, Hasakah/Hasaka


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_name(name: str) -> str:
    """Casefolded ASCII-ish key: no accents, quotes, punctuation or Arabic articles."""
    text = strip_accents(name.casefold()).translate(EXTRA_LETTERS)
    text = re.sub(f"[{re.escape(QUOTES)}]", "", text)
    words = re.sub(r"[\W_]+", " ", text).split()
    # An article is dropped only before another word: "Al-Raqqa" -> "raqqa", "Ras al-Ain" -> "ras ain".
    kept = [w for i, w in enumerate(words) if not (w in ARTICLES and i < len(words) - 1)]
    return " ".join(kept)


def name_keys(name: str) -> set[str]:
    """Every key a name may match under: normalised, without spaces, without final h, Dutch->English."""
    base = normalise_name(name)
    if not base:
        return set()
    keys = {base, base.replace(" ", "")}
    keys |= {WORD_FINAL_H.sub("", key) for key in keys}
    for dutch, english in DUTCH_TO_ENGLISH:
        keys |= {key.replace(dutch, english) for key in keys if dutch in key}
    return keys


LIST_SEPARATOR = "|"  # between the values of a list cell in the tables (aliases, spellings)


def split_list(cell: str | None) -> list[str]:
    """'Mosoel|Mosul' -> ['Mosoel', 'Mosul']: a list cell as non-empty, stripped values."""
    return [part.strip() for part in (cell or "").split(LIST_SEPARATOR) if part.strip()]


def place_names(place_row: Mapping[str, str]) -> list[str]:
    """The names to try for a places.csv row, in order, without duplicates."""
    candidates = [place_row.get("name_en") or "", place_row.get("name_nl") or ""]
    candidates += split_list(place_row.get("article_spellings"))
    candidates += split_list(place_row.get("aliases"))
    names: list[str] = []
    seen: set[str] = set()
    for candidate in candidates:
        key = normalise_name(candidate)
        if key and key not in seen:
            seen.add(key)
            names.append(candidate.strip())
    return names
