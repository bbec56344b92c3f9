"""Display names for the codes in the tables (kinds, countries, precisions, flags, coordinate sources, yes/no), in English and Dutch.

The one home for these words: the place card, the Explore tables and filters and the quality panel all ask here.
Unknown codes are shown as written; an empty value as '—'.
"""

from __future__ import annotations

from core.text.i18n import pick

EMPTY = "—"

PLACE_KINDS = {
    "city": ("city", "stad"),
    "town": ("town", "plaats"),
    "village": ("village", "dorp"),
    "district": ("district", "wijk of district"),
    "base": ("military base", "legerbasis"),
    "dam": ("dam", "stuwdam"),
    "refinery": ("refinery", "raffinaderij"),
    "border_crossing": ("border crossing", "grensovergang"),
    "mountain": ("mountain", "berg"),
    "airport": ("airport", "vliegveld"),
    "site": ("site", "plek"),
    "region": ("region", "regio"),
}

COUNTRIES = {
    "AF": ("Afghanistan", "Afghanistan"),
    "AT": ("Austria", "Oostenrijk"),
    "AU": ("Australia", "Australië"),
    "BD": ("Bangladesh", "Bangladesh"),
    "BE": ("Belgium", "België"),
    "CA": ("Canada", "Canada"),
    "DE": ("Germany", "Duitsland"),
    "DK": ("Denmark", "Denemarken"),
    "DZ": ("Algeria", "Algerije"),
    "EG": ("Egypt", "Egypte"),
    "ES": ("Spain", "Spanje"),
    "FR": ("France", "Frankrijk"),
    "GB": ("United Kingdom", "Verenigd Koninkrijk"),
    "ID": ("Indonesia", "Indonesië"),
    "IQ": ("Iraq", "Irak"),
    "IR": ("Iran", "Iran"),
    "JO": ("Jordan", "Jordanië"),
    "KW": ("Kuwait", "Koeweit"),
    "LB": ("Lebanon", "Libanon"),
    "LK": ("Sri Lanka", "Sri Lanka"),
    "LY": ("Libya", "Libië"),
    "ML": ("Mali", "Mali"),
    "NG": ("Nigeria", "Nigeria"),
    "NL": ("Netherlands", "Nederland"),
    "PH": ("Philippines", "Filipijnen"),
    "PK": ("Pakistan", "Pakistan"),
    "RU": ("Russia", "Rusland"),
    "SA": ("Saudi Arabia", "Saoedi-Arabië"),
    "SE": ("Sweden", "Zweden"),
    "SO": ("Somalia", "Somalië"),
    "SY": ("Syria", "Syrië"),
    "TN": ("Tunisia", "Tunesië"),
    "TR": ("Turkey", "Turkije"),
    "US": ("United States", "Verenigde Staten"),
    "YE": ("Yemen", "Jemen"),
}

DATE_PRECISIONS = {
    "day": ("to the day", "op de dag"),
    "month": ("to the month", "op de maand"),
    "season": ("to the season", "op het seizoen"),
    "year": ("to the year", "op het jaar"),
    "unknown": ("unknown", "onbekend"),
}

# Flags say why a row needs care; pupils read these instead of the curators' notes.
FLAGS = {
    "contradiction": (
        "The article contradicts itself or well-known history here.",
        "Het artikel spreekt zichzelf of de bekende geschiedenis hier tegen.",
    ),
    "inferred": (
        "The article does not say this exactly: the date or holder is worked out from the text around it.",
        "Het artikel zegt dit niet precies: de datum of partij is afgeleid uit de tekst eromheen.",
    ),
    "uncertain": ("The article is vague here, so this is uncertain.", "Het artikel is hier vaag, dus dit is onzeker."),
}
FLAG_NAMES = {
    "contradiction": ("contradiction", "tegenspraak"),
    "inferred": ("inferred", "afgeleid"),
    "uncertain": ("uncertain", "onzeker"),
}

YES_NO = {"yes": ("yes", "ja"), "no": ("no", "nee")}

COORDINATE_SOURCES = {
    "geonames": ("GeoNames gazetteer", "GeoNames-plaatsnamenlijst"),
    "manual": ("placed by hand from a published location", "met de hand geplaatst op een gepubliceerde plek"),
    "nominatim": ("OpenStreetMap (Nominatim)", "OpenStreetMap (Nominatim)"),
    "gazetteer": ("gazetteer", "plaatsnamenlijst"),
    "upload": ("your file", "jouw bestand"),
    "unknown": ("unknown", "onbekend"),
}

COORDINATE_PRECISIONS = {
    "locality": ("town centre", "midden van de plaats"),
    "site": ("the site itself", "de plek zelf"),
    "approximate": ("approximate", "bij benadering"),
    "region": ("centre of a region", "midden van een regio"),
    "as given": ("as given", "zoals opgegeven"),
    "unknown": ("unknown", "onbekend"),
}


def _name(names: dict[str, tuple[str, str]], code: object, lang: str) -> str:
    if code is None or code != code or str(code).strip() == "":  # None, NaN, ''
        return EMPTY
    pair = names.get(str(code))
    return pick(lang, *pair) if pair else str(code)


def kind_name(code: object, lang: str) -> str:
    """'border_crossing' -> 'border crossing' / 'grensovergang'."""
    return _name(PLACE_KINDS, code, lang)


def country_name(code: object, lang: str) -> str:
    """'SY' -> 'Syria' / 'Syrië'."""
    return _name(COUNTRIES, code, lang)


def date_precision_name(code: object, lang: str) -> str:
    """'month' -> 'to the month' / 'op de maand'."""
    return _name(DATE_PRECISIONS, code, lang)


def flag_name(code: object, lang: str) -> str:
    """'inferred' -> 'inferred' / 'afgeleid'."""
    return _name(FLAG_NAMES, code, lang)


def flag_text(code: object, lang: str) -> str:
    """A plain sentence on why a flagged row needs care ('' when there is no flag)."""
    pair = FLAGS.get(str(code or ""))
    return pick(lang, *pair) if pair else ""


def coordinate_source_name(code: object, lang: str) -> str:
    """'geonames' -> 'GeoNames gazetteer' / 'GeoNames-plaatsnamenlijst'."""
    return _name(COORDINATE_SOURCES, code, lang)


def coordinate_precision_name(code: object, lang: str) -> str:
    """'locality' -> 'town centre' / 'midden van de plaats'."""
    return _name(COORDINATE_PRECISIONS, code, lang)


def yes_no_name(code: object, lang: str) -> str:
    """'yes' -> 'yes' / 'ja'."""
    return _name(YES_NO, code, lang)


def shown(value: object) -> str:
    """Any cell as a person reads it: None, NaN and '' become '—'."""
    return EMPTY if value is None or value != value or str(value).strip() == "" else str(value)
