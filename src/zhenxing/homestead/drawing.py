"""A parcel's outline as SVG path data, drawn on the server (no map library, no tiles).

Longitude degrees shrink with latitude, so x is scaled by cos(latitude) before fitting the bounding
box into the square: the drawing keeps the parcel's real shape.
"""

import json
import math
from dataclasses import dataclass

BOX = 300  # px
MARGIN = 20  # px, room for the north mark above the shape


@dataclass(frozen=True)
class Outline:
    path: str  # SVG path data, one closed subpath per ring
    size: int = BOX


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def outline(geojson: str, box: int = BOX) -> Outline | None:
    """The polygon(s) of `geojson` fitted into a `box`-pixel square; None if there is nothing to draw."""
    try:
        polygons = _polygons(json.loads(geojson)) if geojson else []
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    rings = [ring for polygon in polygons for ring in polygon if len(ring) >= 3]
    if not rings:
        return None
    points = [(float(p[0]), float(p[1])) for ring in rings for p in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    shrink = math.cos(math.radians((min_y + max_y) / 2))
    width, height = (max_x - min_x) * shrink, max_y - min_y
    if width <= 0 or height <= 0:
        return None
    scale = (box - 2 * MARGIN) / max(width, height)
    # Centre the shape in the box; SVG's y grows downwards, latitude upwards.
    off_x = (box - width * scale) / 2
    off_y = (box - height * scale) / 2

    def xy(p):
        x = off_x + (float(p[0]) - min_x) * shrink * scale
        y = off_y + (max_y - float(p[1])) * scale
        return f"{x:.1f} {y:.1f}"

    path = " ".join("M " + " L ".join(xy(p) for p in ring) + " Z" for ring in rings)
    return Outline(path, box)
