"""Compile each branca/folium template string once per process instead of once per element.

branca's Element.__init__ compiles its template string with jinja2 on every instantiation; a folium
map creates ~30 such elements, which cost ~25 ms per rerun. Compiled templates are immutable and render
without shared state, so one compiled copy per distinct string is safe to reuse.
"""

from __future__ import annotations

import functools

import branca.element
from jinja2 import Template

_installed = False


@functools.lru_cache(maxsize=512)
def _compiled(source: str) -> Template:
    return Template(source)


def install() -> None:
    """Idempotent: make branca.element use the memoised compiler."""
    global _installed
    if not _installed:
        branca.element.Template = _compiled
        _installed = True


install()  # once per process, when the map panel first imports this module (not on every map draw)
