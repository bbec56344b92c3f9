"""Pillow drawing primitives for the server-side images: the projection to pixels, filled and outlined
geometries, dashed lines and the place symbols (same geometry and style as core.render.symbols)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from PIL import Image, ImageDraw
from shapely.geometry.base import BaseGeometry

from core.codes.sides import Side
from core.render.label_placement import Point
from core.render.symbols import CIRCLE_RADIUS, RING_RADIUS, SHAPE_POINTS, symbol_style


@dataclass(frozen=True)
class Projection:
    """Equirectangular, x shrunk by the cosine of the middle latitude, fitted into a pixel box."""

    west: float
    north: float
    pixels_per_degree: float
    x_factor: float
    left: float
    top: float

    def point(self, lon: float, lat: float) -> Point:
        return (
            self.left + (lon - self.west) * self.x_factor * self.pixels_per_degree,
            self.top + (self.north - lat) * self.pixels_per_degree,
        )

    def lon_lat(self, x: float, y: float) -> Point:
        return self.west + (x - self.left) / (self.x_factor * self.pixels_per_degree), self.north - (y - self.top) / self.pixels_per_degree


def _polygons(geometry: BaseGeometry) -> list:
    if geometry.geom_type == "Polygon":
        return [geometry]
    return [part for member in getattr(geometry, "geoms", []) for part in _polygons(member)]


def _rings(geometry: BaseGeometry) -> list:
    return [ring for polygon in _polygons(geometry) for ring in (polygon.exterior, *polygon.interiors)]


def _pixels(ring, projection: Projection, origin: Sequence[int] = (0, 0)) -> list[Point]:
    """A ring's pixel coordinates, relative to `origin` (the top-left of the box being drawn)."""
    return [(px - origin[0], py - origin[1]) for px, py in (projection.point(x, y) for x, y in ring.coords)]


def _pixel_box(geometry: BaseGeometry, projection: Projection, size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """The part of an image of `size` that the geometry covers (None when it is off the image)."""
    west, south, east, north = geometry.bounds
    (left, top), (right, bottom) = projection.point(west, north), projection.point(east, south)
    box = (max(0, math.floor(left)), max(0, math.floor(top)), min(size[0], math.ceil(right) + 1), min(size[1], math.ceil(bottom) + 1))
    return box if box[0] < box[2] and box[1] < box[3] else None


def fill_geometry(image: Image.Image, geometry: BaseGeometry, projection: Projection, colour: str, opacity: float = 1.0) -> None:
    """Fill polygons (holes left open) with `colour` at `opacity`; only the covered box is touched."""
    box = _pixel_box(geometry, projection, image.size)
    if box is None:
        return
    mask = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    draw = ImageDraw.Draw(mask)
    for polygon in _polygons(geometry):
        draw.polygon(_pixels(polygon.exterior, projection, box), fill=round(255 * opacity))
        for hole in polygon.interiors:
            draw.polygon(_pixels(hole, projection, box), fill=0)
    image.paste(colour, box, mask)


def dashed_line(draw: ImageDraw.ImageDraw, points: Sequence[Point], colour: str, width: int, dash: float, gap: float) -> None:
    """A polyline drawn as dashes (Pillow has none of its own); the pattern runs on across corners."""
    drawing, left = True, dash
    for (x0, y0), (x1, y1) in pairwise(points):
        length, done = math.hypot(x1 - x0, y1 - y0), 0.0
        while done < length:
            step = min(left, length - done)
            if drawing:
                start, end = done / length, (done + step) / length
                draw.line(
                    [(x0 + (x1 - x0) * start, y0 + (y1 - y0) * start), (x0 + (x1 - x0) * end, y0 + (y1 - y0) * end)],
                    fill=colour,
                    width=width,
                )
            done, left = done + step, left - step
            if left <= 0:
                drawing = not drawing
                left = dash if drawing else gap


def outline_geometry(
    draw: ImageDraw.ImageDraw, geometry: BaseGeometry, projection: Projection, colour: str, width: int, dash: float | None = None
) -> None:
    """Every ring's edge, solid or dashed (dash = gap length in pixels)."""
    for ring in _rings(geometry):
        points = _pixels(ring, projection)
        if dash:
            dashed_line(draw, points, colour, width, dash, dash)
        else:
            draw.line(points, fill=colour, width=width, joint="curve")


def _circle_points(centre: Point, radius: float, segments: int = 40) -> list[Point]:
    return [
        (centre[0] + radius * math.cos(2 * math.pi * i / segments), centre[1] + radius * math.sin(2 * math.pi * i / segments))
        for i in range(segments + 1)
    ]


def draw_symbol(draw: ImageDraw.ImageDraw, centre: Point, holder: Side, status: str, unit: float) -> None:
    """A place symbol: holder colour + shape; hollow when contested; dashed ring when besieged."""
    fill, outline, outline_units, _ = symbol_style(holder.colour, status)
    width = max(1, round(outline_units * unit))
    if holder.shape in SHAPE_POINTS:
        points = [(centre[0] + (x - 8) * unit, centre[1] + (y - 8) * unit) for x, y in SHAPE_POINTS[holder.shape]]
        draw.polygon(points, fill=fill, outline=outline, width=width)
    else:
        r = CIRCLE_RADIUS * unit
        draw.ellipse((centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), fill=fill, outline=outline, width=width)
    if status == "besieged":
        dashed_line(draw, _circle_points(centre, RING_RADIUS * unit), "#000000", max(1, round(1.5 * unit)), 3 * unit, 2 * unit)
