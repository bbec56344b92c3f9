"""Sides: who can hold a place. A dataset declares its sides (the built-in atlas: data/sides.csv) or they are
taken from the values its tables use; either way each side gets a colour and a shape from one colour-blind-safe
palette (Okabe-Ito colours, shape as the second cue). No side is special in the code: a dataset names the one
it follows (its `focus`: whose territory, area and gains the map counts)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Okabe-Ito, in the order undeclared sides take them: the most distinct first; black last (it is also the
# darkest territory shade). ATTACK_COLOUR (magenta) and the change colours of core.model.compare are not here.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
SHAPES = ("circle", "triangle", "square", "diamond")
MAX_SIDES = len(PALETTE) * len(SHAPES) // 2  # 16: beyond this, colour + shape pairs stop being readable
MAX_CODE_LENGTH = 40
CODE_PATTERN = re.compile(r"^[^|<>{}#\r\n]{1,40}$")  # a code is a short word or name, never markup or a list


@dataclass(frozen=True)
class Side:
    """A side that can hold a place: code as the tables write it, names in English and Dutch, colour + shape."""

    code: str
    name_en: str
    name_nl: str
    colour: str
    shape: str
    in_legend: bool = True  # False: a catch-all side the region legends leave out

    def name(self, lang: str) -> str:
        return self.name_nl if lang == "nl" else self.name_en


@dataclass(frozen=True)
class Sides:
    """The sides of one dataset, in their declared order, and the one the dataset follows (may be None)."""

    items: tuple[Side, ...]
    focus: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {side.code: side for side in self.items})

    def __getitem__(self, code: str) -> Side:
        return self._by_code[code]  # type: ignore[attr-defined]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[str]:
        return iter(side.code for side in self.items)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, code: object) -> Side | None:
        return self._by_code.get(code)  # type: ignore[attr-defined]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(side.code for side in self.items)

    @property
    def legend_codes(self) -> list[str]:
        return [side.code for side in self.items if side.in_legend]

    def name(self, code: str, lang: str) -> str:
        """The side's name in `lang`; an unknown code is shown as written, an empty one as ''."""
        side = self.get(code)
        return side.name(lang) if side else (code or "")

    def only(self, codes: Iterable[str]) -> Sides:
        """These sides restricted to `codes` (in their declared order; the focus kept if it is among them)."""
        wanted = set(codes)
        return Sides(tuple(s for s in self.items if s.code in wanted), self.focus if self.focus in wanted else None)

    def other_than_focus(self) -> str | None:
        """A side that is not the focus (the legend's example of a state drawn on someone else's symbol)."""
        return next((code for code in self if code != self.focus), self.focus)


LOOKS = tuple((PALETTE[i % len(PALETTE)], SHAPES[(i + i // len(PALETTE)) % len(SHAPES)]) for i in range(len(PALETTE) * len(SHAPES)))


def next_look(taken: Iterable[tuple[str, str]] = ()) -> tuple[str, str]:
    """The first (colour, shape) not in use: every colour once (each with another shape), then new shapes."""
    used = set(taken)
    return next((look for look in LOOKS if look not in used), LOOKS[len(used) % len(LOOKS)])


def derive_sides(codes: Iterable[str], declared: Sides | None = None, focus: str | None = None) -> Sides:
    """Declared sides first, then every other code in order of first use, each with the next free palette look.
    Names of undeclared sides are the code itself (a teacher's own words: 'Geallieerden'). The focus is the
    declared one, else `focus`, as long as the data uses it."""
    used = [code for code in codes if code]
    items = list(declared.items) if declared else []
    known = {side.code for side in items}
    taken = [(side.colour, side.shape) for side in items]
    for code in used:
        if code in known:
            continue
        colour, shape = next_look(taken)
        taken.append((colour, shape))
        items.append(Side(code, code, code, colour, shape))
        known.add(code)
    candidates = [declared.focus if declared else None, focus]
    return Sides(tuple(items), next((c for c in candidates if c and c in used), None))


def declared_sides(rows: Iterable[dict]) -> Sides:
    """Sides from declaration rows (code, name_en, name_nl, colour, shape, legend, role), already validated;
    a row without a colour or shape takes the next free look, a row without a name its code."""
    rows = list(rows)
    taken = [(r["colour"], r["shape"]) for r in rows if r.get("colour") and r.get("shape")]
    items, focus = [], None
    for row in rows:
        colour, shape = row.get("colour") or "", row.get("shape") or ""
        if not (colour and shape):
            free_colour, free_shape = next_look(taken)
            colour, shape = colour or free_colour, shape or free_shape
            taken.append((colour, shape))
        code = row["code"]
        items.append(Side(code, row.get("name_en") or code, row.get("name_nl") or code, colour, shape, row.get("legend") != "no"))
        if row.get("role") == "focus" and focus is None:
            focus = code
    return Sides(tuple(items), focus)
