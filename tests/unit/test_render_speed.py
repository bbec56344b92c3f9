"""The branca template patch is installed once, when the map panel is imported, and compiles each template once."""

from __future__ import annotations


def test_importing_the_map_panel_installs_the_memoised_compiler():
    import branca.element

    import components.map_panel  # noqa: F401
    from components import render_speed

    assert branca.element.Template is render_speed._compiled
    assert branca.element.Template("{{ x }}") is branca.element.Template("{{ x }}")  # compiled once, reused
