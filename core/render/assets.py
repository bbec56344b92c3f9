"""Serve Leaflet and every plugin asset from installed packages: no CDN can sneak into a map."""

from __future__ import annotations

import shutil
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xstatic_leaflet

from core.codes.constants import BASEMAP_DIR, PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
URL_PREFIX = "/app/static/vendor"
BASEMAP_FILES = ("countries.geojson", "rivers.geojson")

# asset name (as folium calls it) -> local URL, or None to drop an asset we never use
LOCAL_ASSETS: dict[str, str | None] = {
    "leaflet": f"{URL_PREFIX}/leaflet/leaflet.js",
    "leaflet_css": f"{URL_PREFIX}/leaflet/leaflet.css",
    "jquery": None,  # only folium popups use jQuery, and our maps have none: it is not even installed
    "bootstrap": None,
    "bootstrap_css": None,
    "glyphicons_css": None,
    "awesome_markers": None,
    "awesome_markers_css": None,
    "awesome_markers_font_css": None,
    "awesome_rotate_css": None,
}


class UnknownAssetError(LookupError):
    """A folium element asked for an asset we do not serve locally."""


def install_vendor_assets(target: Path = VENDOR_DIR) -> Path:
    """Copy Leaflet (with its images/) from the XStatic package; idempotent."""
    leaflet_target = target / "leaflet"
    if not (leaflet_target / "leaflet.js").exists():
        shutil.copytree(xstatic_leaflet.BASE_DIR, leaflet_target, dirs_exist_ok=True)
    return target


def install_static(static_dir: Path = STATIC_DIR) -> Path:
    """Vendor assets plus the basemap GeoJSON files the map fetches by URL."""
    install_vendor_assets(static_dir / "vendor")
    geo = static_dir / "geo"
    geo.mkdir(parents=True, exist_ok=True)
    for name in BASEMAP_FILES:
        source = BASEMAP_DIR / name
        if source.exists() and (not (geo / name).exists() or (geo / name).stat().st_mtime < source.stat().st_mtime):
            shutil.copy2(source, geo / name)
    return static_dir


REQUIRED_STATIC = ("vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", *(f"geo/{name}" for name in BASEMAP_FILES))


def missing_static(static_dir: Path = STATIC_DIR) -> list[str]:
    """The files every map loads from static/ that are not there (a few stat calls: cheap enough for every run)."""
    return [name for name in REQUIRED_STATIC if not (static_dir / name).is_file()]


def local_links(links: list[tuple[str, str]], prefix: str = "") -> list[tuple[str, str]]:
    """Rewrite folium's (name, url) list to local URLs; raise on any name we do not know."""
    rewritten = []
    for name, url in links:
        if name not in LOCAL_ASSETS:
            raise UnknownAssetError(f"asset {name!r} ({url}) has no local copy; add it to core/render/assets.py")
        local = LOCAL_ASSETS[name]
        if local is not None:
            rewritten.append((name, prefix + local))
    return rewritten


def localise(element: folium.Element, prefix: str = "") -> folium.Element:
    """Point every asset of `element` and its children at local copies (in place; returns it)."""
    for name in ("default_js", "default_css"):
        if hasattr(element, name) and getattr(element, name):
            setattr(element, name, local_links(getattr(element, name), prefix))
    for child in getattr(element, "_children", {}).values():
        localise(child, prefix)
    return element


def asset_paths() -> dict[str, Path]:
    """Local URL -> file on disk, for inlining assets into a standalone HTML export."""
    return {
        LOCAL_ASSETS["leaflet"]: Path(xstatic_leaflet.BASE_DIR) / "leaflet.js",
        LOCAL_ASSETS["leaflet_css"]: Path(xstatic_leaflet.BASE_DIR) / "leaflet.css",
    }
