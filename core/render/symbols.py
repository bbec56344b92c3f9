"""SVG symbols: colour plus shape per holder, outline per state; the same drawing on map and legend."""

from __future__ import annotations

from core.codes.constants import ATTACK_COLOUR, UNCERTAIN
from core.codes.sides import Side

SIZE = 16
# The one geometry of every holder's shape, in a 16-unit box (centre 8, 8): the SVG here and the
# Pillow drawing in core.render.rendering both use it. The besieged / event ring has radius RING_RADIUS.
SHAPE_POINTS = {
    "square": ((2.5, 2.5), (13.5, 2.5), (13.5, 13.5), (2.5, 13.5)),
    "triangle": ((8, 1.5), (14.5, 14), (1.5, 14)),
    "diamond": ((8, 1), (15, 8), (8, 15), (1, 8)),
}
CIRCLE_RADIUS, RING_RADIUS = 6, 11
# A supporting place (not in the article, named only by cited sources): the same symbol smaller, in a thin grey ring.
SUPPORTING_SCALE, SUPPORTING_RING = 0.7, '<circle cx="12" cy="12" r="9" fill="none" stroke="#555555" stroke-width="1"/>'
# The one home of the attack symbol (map, player, legends): a star in a colour no holder uses, white-edged.
ATTACK_SYMBOL = (
    f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="-1 -1 18 18">'
    f'<polygon points="8,0 10,6 16,6 11,10 13,16 8,12 3,16 5,10 0,6 6,6" fill="{ATTACK_COLOUR}" stroke="#fff" stroke-width="1.5"'
    ' stroke-linejoin="round"/></svg>'
)


def pale(colour: str, amount: float = 0.65) -> str:
    """`colour` mixed with white: how an uncertain holder is filled (same hue, clearly weaker)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * amount) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def symbol_style(colour: str, status: str) -> tuple[str, str, float, bool]:
    """(fill, outline, outline width in symbol units, dotted outline) for a holder colour in a state."""
    if status == "contested":
        return "#ffffff", colour, 3.0, False
    if status == UNCERTAIN:
        return pale(colour), "#777777", 1.2, True
    return colour, "#ffffff" if colour == "#000000" else "#000000", 1.2, False


def _shape_svg(shape: str, colour: str, status: str) -> str:
    fill, outline, width, dotted = symbol_style(colour, status)
    style = f'fill="{fill}" stroke="{outline}" stroke-width="{width:g}"' + (' stroke-dasharray="2,1.5"' if dotted else "")
    if shape in SHAPE_POINTS:
        return f'<polygon points="{" ".join(f"{x:g},{y:g}" for x, y in SHAPE_POINTS[shape])}" {style}/>'
    return f'<circle cx="8" cy="8" r="{CIRCLE_RADIUS}" {style}/>'


def place_symbol(holder: Side, status: str = "held", highlighted: bool = False, supporting: bool = False) -> str:
    """An inline SVG for a place: holder = colour + shape; contested = hollow; besieged = dashed ring;
    uncertain = pale fill, dotted grey outline; a supporting place (not in the article) = smaller, thin grey ring."""
    shape = _shape_svg(holder.shape, holder.colour, status)
    offset = 12 - 8 * SUPPORTING_SCALE
    place = (
        f'<g transform="translate({offset:g},{offset:g}) scale({SUPPORTING_SCALE:g})">' if supporting else '<g transform="translate(4,4)">'
    )
    ring = SUPPORTING_RING if supporting else ""
    if status == "besieged":
        ring = f'<circle cx="12" cy="12" r="{RING_RADIUS}" fill="none" stroke="#000" stroke-width="1.5" stroke-dasharray="3,2"/>'
    if highlighted:
        ring += f'<circle cx="12" cy="12" r="{RING_RADIUS + 0.2:g}" fill="none" stroke="#CC0000" stroke-width="2.5"/>'
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">{place}{shape}</g>{ring}</svg>'
