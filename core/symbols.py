"""SVG symbols: colour plus shape per holder, outline per state; the same drawing on map and legend."""

from __future__ import annotations

from core.constants import CONTROLLERS, UNCERTAIN

SIZE = 16
_SHAPES = {
    "circle": '<circle cx="8" cy="8" r="6" {style}/>',
    "square": '<rect x="2.5" y="2.5" width="11" height="11" {style}/>',
    "triangle": '<polygon points="8,1.5 14.5,14 1.5,14" {style}/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8" {style}/>',
}
ATTACK_SYMBOL = (
    f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 16 16">'
    '<polygon points="8,0 10,6 16,6 11,10 13,16 8,12 3,16 5,10 0,6 6,6" fill="#D55E00" stroke="#000" stroke-width="1"/></svg>'
)


def pale(colour: str, amount: float = 0.65) -> str:
    """`colour` mixed with white: how an uncertain holder is filled (same hue, clearly weaker)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * amount) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _style(colour: str, status: str) -> str:
    if status == "contested":
        return f'fill="#ffffff" stroke="{colour}" stroke-width="3"'
    if status == UNCERTAIN:
        return f'fill="{pale(colour)}" stroke="#777777" stroke-width="1.2" stroke-dasharray="2,1.5"'
    outline = "#ffffff" if colour == "#000000" else "#000000"
    return f'fill="{colour}" stroke="{outline}" stroke-width="1.2"'


def place_symbol(controller: str, status: str = "held", highlighted: bool = False) -> str:
    """An inline SVG for a place: holder = colour + shape; contested = hollow; besieged = dashed ring;
    uncertain = pale fill, dotted grey outline."""
    holder = CONTROLLERS[controller]
    shape = _SHAPES[holder.shape].format(style=_style(holder.colour, status))
    ring = ""
    if status == "besieged":
        ring = '<circle cx="12" cy="12" r="11" fill="none" stroke="#000" stroke-width="1.5" stroke-dasharray="3,2"/>'
    if highlighted:
        ring += '<circle cx="12" cy="12" r="11.2" fill="none" stroke="#CC0000" stroke-width="2.5"/>'
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">'
        f'<g transform="translate(4,4)">{shape}</g>{ring}</svg>'
    )
