"""One legend model for every map: the Streamlit legend, the standalone HTML map and the PNG/GIF draw
these entries, each in its own medium (SVG from core.render.symbols, Pillow from core.render.rendering)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from branca.element import Element

from core.codes.constants import LAND_COLOUR, STATUS_LOOKS
from core.codes.dates import month_label
from core.codes.sides import Side, Sides
from core.model.provenance import followed_name
from core.render.symbols import ATTACK_SYMBOL, place_symbol
from core.text.i18n import escape, pick, status_legend

HOLDER, STATE, EVENT, ATTACK, TERRITORY = "holder", "state", "event", "attack", "territory"
SUPPORTING = "supporting"  # a place the article does not name (data/supporting_places.csv)


@dataclass(frozen=True)
class LegendEntry:
    kind: str  # holder, state, event, attack, territory or supporting
    label: str
    side: Side | None = None  # whose symbol (holder) or an example side (state, event, territory)
    status: str = "held"


def legend_entries(
    lang: str,
    sides: Sides,
    controllers: list[str] | None = None,
    events: bool = True,
    attacks: bool = True,
    territory: bool = False,
    supporting: bool = False,
) -> list[LegendEntry]:
    """Holders (colour + shape, in the dataset's own words), states (outline, drawn on the followed side's
    symbol; besieged on another side's), and optionally the month's events, attacks, supporting places (drawn
    smaller in a grey ring: the article does not name them) and territory."""
    codes = controllers if controllers is not None else sides.legend_codes
    entries = [LegendEntry(HOLDER, sides[c].name(lang), sides[c]) for c in codes if c in sides]
    if not sides.items:
        return entries
    focus = sides.get(sides.focus) or sides.items[0]
    other = sides.get(sides.other_than_focus()) or focus
    # 'held' is what every holder entry already shows (a filled shape); the states are the other outlines.
    states = [s for s in STATUS_LOOKS if s != "held"]
    entries += [LegendEntry(STATE, status_legend(s, lang), other if s == "besieged" else focus, s) for s in states]
    if events:
        entries.append(LegendEntry(EVENT, pick(lang, "event this month (red ring)", "gebeurtenis deze maand (rode ring)"), focus))
    if attacks:
        entries.append(LegendEntry(ATTACK, pick(lang, "attack", "aanslag")))
    if supporting:
        entries.append(LegendEntry(SUPPORTING, pick(lang, "not in the article (cited sources)", "niet in het artikel (bronnen)"), focus))
    if territory:
        entries.append(
            LegendEntry(
                TERRITORY,
                pick(
                    lang,
                    f"Shading: estimated area of a side (its colour; {followed_name(sides, 'en')} grey); thick dashes: front",
                    f"Arcering: geschat gebied van een partij (haar kleur; {followed_name(sides, 'nl')} grijs); dikke streepjes: front",
                )
                if focus.colour == "#000000"
                else pick(
                    lang,
                    "Shading: estimated area of a side (its colour); thick dashes: front",
                    "Arcering: geschat gebied van een partij (haar kleur); dikke streepjes: front",
                ),
                focus,
            )
        )
    return entries


def entry_svg(entry: LegendEntry) -> str:
    """The inline SVG of a legend entry (territory: a swatch shaded as the map shades the holder's area)."""
    if entry.kind == ATTACK:
        return ATTACK_SYMBOL
    if entry.kind == TERRITORY:
        return territory_swatch(entry.side)
    return place_symbol(entry.side, entry.status, highlighted=entry.kind == EVENT, supporting=entry.kind == SUPPORTING)


# ---------------------------------------------------------------------------
# Standalone HTML map: the date label and legend that the app draws outside the map
# ---------------------------------------------------------------------------

_BOX = "position:fixed;z-index:1000;background:#fff;border:1px solid #555;border-radius:4px;font-family:sans-serif;"
_ROW = '<div style="display:flex;align-items:center;gap:4px">{symbol}{label}</div>'


def standalone_caption_html(month: date, lang: str, sides: Sides, with_date: bool = True, supporting: bool = False) -> Element:
    """Date label (top; left out when the file has the timeline player, which shows its own) and legend
    (bottom left, above the scale; with the supporting places' entry for the atlas) for a map file opened outside
    the app.

    The sources are in Leaflet's own attribution line (core.render.mapping.build_base_map).
    """
    entries = legend_entries(lang, sides, supporting=supporting)
    rows = "".join(_ROW.format(symbol=entry_svg(entry), label=escape(entry.label)) for entry in entries)
    date_box = (
        f'<div style="{_BOX}top:10px;left:60px;padding:4px 12px;font-size:26px;font-weight:700">{escape(month_label(month, lang))}</div>'
    )
    legend = f'<div style="{_BOX}bottom:56px;left:10px;padding:6px 8px;font-size:12px;max-width:240px">{rows}</div>'
    return Element((date_box if with_date else "") + legend)


def territory_swatch(side: Side) -> str:
    """A square of land shaded as the map shades an area the holder holds (same colour and opacity)."""
    colour, opacity = side.colour, STATUS_LOOKS["held"].territory_opacity
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24">'
        f'<rect x="3" y="3" width="18" height="18" fill="{LAND_COLOUR}"/>'
        f'<rect x="3" y="3" width="18" height="18" fill="{colour}" fill-opacity="{opacity:g}" stroke="{colour}"/></svg>'
    )
