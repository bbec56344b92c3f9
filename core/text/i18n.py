"""English and Dutch: the two UI languages, and place names in either."""

from __future__ import annotations

import html

from core.codes.constants import STATUS_LOOKS

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"


def pick(lang: str, en: str, nl: str) -> str:
    """The text in the chosen language (English for anything unknown)."""
    return nl if lang == "nl" else en


def place_name(place, lang: str) -> str:
    """English name in English; the article's spelling in Dutch."""
    return place["name_nl"] if lang == "nl" else place["name_en"]


def status_name(status: str, lang: str) -> str:
    """'contested' / 'betwist' (unknown codes as written)."""
    look = STATUS_LOOKS.get(status)
    return pick(lang, look.name_en, look.name_nl) if look else status


def status_legend(status: str, lang: str) -> str:
    """The legend's words for a state, which also say how it is drawn."""
    look = STATUS_LOOKS[status]
    return pick(lang, look.legend_en, look.legend_nl)


_TEMPLATE_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def escape(text: object) -> str:
    """Escape any text before it reaches HTML (tooltips, popups, cards, exports).

    Braces become entities too: folium re-reads map HTML as a Jinja template, where '{{' or '{#' would be code.
    """
    return html.escape("" if text is None else str(text), quote=True).translate(_TEMPLATE_BRACES)


_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|>~<$:")


def markdown_escape(text: object) -> str:
    """Text shown through st.markdown appears exactly as written (no formatting, links or HTML)."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in ("" if text is None else str(text)))
