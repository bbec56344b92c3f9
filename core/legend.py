"""One legend model for every map: the Streamlit legend, the standalone HTML map and the PNG/GIF draw
these entries, each in its own medium (SVG from core.symbols, Pillow from core.rendering)."""

from __future__ import annotations

from dataclasses import dataclass

from core.constants import CONTROLLERS, LAND_COLOUR, STATUS_LOOKS
from core.i18n import pick, status_legend
from core.symbols import ATTACK_SYMBOL, place_symbol

HOLDER, STATE, EVENT, ATTACK, TERRITORY = "holder", "state", "event", "attack", "territory"


@dataclass(frozen=True)
class LegendEntry:
    kind: str  # holder, state, event, attack or territory
    label: str
    controller: str = ""
    status: str = "held"


def legend_entries(
    lang: str, controllers: list[str] | None = None, events: bool = True, attacks: bool = True, territory: bool = False
) -> list[LegendEntry]:
    """Holders (colour + shape), states (outline), and optionally the month's events, attacks, territory."""
    codes = controllers if controllers is not None else [c for c in CONTROLLERS if c != "GOV"]
    entries = [LegendEntry(HOLDER, pick(lang, CONTROLLERS[c].name_en, CONTROLLERS[c].name_nl), c) for c in codes]
    entries += [LegendEntry(STATE, status_legend(s, lang), "IQ" if s == "besieged" else "IS", s) for s in STATUS_LOOKS]
    if events:
        entries.append(LegendEntry(EVENT, pick(lang, "event this month (red ring)", "gebeurtenis deze maand (rode ring)"), "IS"))
    if attacks:
        entries.append(LegendEntry(ATTACK, pick(lang, "attack", "aanslag")))
    if territory:
        entries.append(
            LegendEntry(
                TERRITORY,
                pick(
                    lang,
                    "Shading: estimated area a side holds (its colour; IS grey)",
                    "Arcering: geschat gebied van een partij (haar kleur; IS grijs)",
                ),
                "IS",
            )
        )
    return entries


def entry_svg(entry: LegendEntry) -> str:
    """The inline SVG of a legend entry (territory has none: media draw their own swatch)."""
    if entry.kind == ATTACK:
        return ATTACK_SYMBOL
    if entry.kind == TERRITORY:
        return territory_swatch(entry.controller or "IS")
    return place_symbol(entry.controller, entry.status, highlighted=entry.kind == EVENT)


def territory_swatch(controller: str) -> str:
    """A square of land shaded as the map shades an area the holder holds (same colour and opacity)."""
    colour, opacity = CONTROLLERS[controller].colour, STATUS_LOOKS["held"].territory_opacity
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24">'
        f'<rect x="3" y="3" width="18" height="18" fill="{LAND_COLOUR}"/>'
        f'<rect x="3" y="3" width="18" height="18" fill="{colour}" fill-opacity="{opacity:g}" stroke="{colour}"/></svg>'
    )
