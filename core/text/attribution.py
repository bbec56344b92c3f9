"""Who the map's facts come from: one list of credits for the app, the Leaflet map, PNG/GIF and exports."""

from __future__ import annotations

from dataclasses import dataclass

from core.text.i18n import pick


@dataclass(frozen=True)
class Credit:
    what_en: str
    what_nl: str
    short: str  # for the narrow line under an image and in the map's corner (English; names and licences read the same in Dutch)
    licence_en: str = ""
    licence_nl: str = ""
    licence_url: str = ""
    short_nl: str = ""  # when the short line has words to translate

    def short_text(self, lang: str) -> str:
        return pick(lang, self.short, self.short_nl or self.short)

    def plain(self, lang: str) -> str:
        licence = pick(lang, self.licence_en, self.licence_nl)
        return pick(lang, self.what_en, self.what_nl) + (f" ({licence})" if licence else "")

    def markdown(self, lang: str) -> str:
        licence = pick(lang, self.licence_en, self.licence_nl)
        if not licence:
            return pick(lang, self.what_en, self.what_nl)
        return pick(lang, self.what_en, self.what_nl) + (f" ([{licence}]({self.licence_url}))" if self.licence_url else f" ({licence})")


CREDITS = (
    Credit(
        "Text and events: Dutch Wikipedia, “Islamitische Staat”",
        "Tekst en gebeurtenissen: Nederlandstalige Wikipedia, ‘Islamitische Staat’",
        "Wikipedia (nl) CC BY-SA 4.0",
        "CC BY-SA 4.0",
        "CC BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    Credit(
        "Other dates: the publishers named with each fact",
        "Andere datums: de uitgevers die bij elk feit staan",
        "news sources in the data",
        short_nl="nieuwsbronnen in de gegevens",
    ),
    Credit(
        "Coordinates: GeoNames",
        "Coördinaten: GeoNames",
        "GeoNames CC BY 4.0",
        "CC BY 4.0",
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    Credit("Borders: Natural Earth", "Grenzen: Natural Earth", "Natural Earth", "public domain", "publiek domein"),
    Credit(
        "Course of the Euphrates and the Tigris, and the lakes: © OpenStreetMap contributors",
        "Loop van de Eufraat en de Tigris, en de meren: © OpenStreetMap-bijdragers",
        "rivers, lakes © OpenStreetMap contributors",
        "ODbL",
        "ODbL",
        "https://opendatacommons.org/licenses/odbl/",
        short_nl="rivieren, meren © OpenStreetMap-bijdragers",
    ),
)
TILE_CREDITS = {"osm": "© OpenStreetMap contributors", "carto": "© OpenStreetMap contributors © CARTO"}


def tile_credit(tiles: str | None) -> list[str]:
    """The tile provider's credit, when tiles are shown ([] for the offline borders). Kept as written in Dutch too:
    osm.org/copyright says "We require that you use the credit “© OpenStreetMap contributors”"."""
    return [TILE_CREDITS[tiles]] if tiles in TILE_CREDITS else []


def credits_plain(lang: str = "en", tiles: str | None = None) -> str:
    """'Text and events: … (CC BY-SA 4.0) · … · Borders: Natural Earth (public domain)' for maps and images."""
    return " · ".join([c.plain(lang) for c in CREDITS] + tile_credit(tiles))


def credits_markdown(lang: str = "en", tiles: str | None = None) -> str:
    """The same credits with links to the licences, for Streamlit captions."""
    return " · ".join([c.markdown(lang) for c in CREDITS] + tile_credit(tiles))


def credits_short(lang: str = "en", tiles: str | None = None) -> str:
    """'Wikipedia (nl) CC BY-SA 4.0 · news sources in the data · GeoNames CC BY 4.0 · Natural Earth' for images and the
    map's corner ('… · nieuwsbronnen in de gegevens · …' in Dutch)."""
    return " · ".join([c.short_text(lang) for c in CREDITS] + tile_credit(tiles))
