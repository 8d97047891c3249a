"""Pure geometry for areas: adjacency, coverage simplification, schematic cells (shapely, no database)."""

from collections.abc import Sequence

import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

# Coordinates of the display geometry are rounded to 0.0001° (about 11 m): ample for a commune map.
DISPLAY_GRID = 0.0001
DISPLAY_TOLERANCE = 0.001


def as_multipolygon(geom: BaseGeometry) -> MultiPolygon:
    """Return geom as a MultiPolygon, dropping any non-areal parts a repair may leave."""
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    polygons = [g for g in getattr(geom, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    parts: list[Polygon] = []
    for g in polygons:
        parts.extend(g.geoms if isinstance(g, MultiPolygon) else [g])
    return MultiPolygon(parts)


def adjacent_pairs(geometries: Sequence[BaseGeometry], tolerance: float) -> list[tuple[int, int]]:
    """Return index pairs (i < j) of geometries that lie within tolerance of each other."""
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="dwithin", distance=tolerance)
    return sorted({(int(i), int(j)) for i, j in zip(left, right) if i < j})


def simplify_coverage(geometries: Sequence[BaseGeometry], tolerance: float = DISPLAY_TOLERANCE) -> list[MultiPolygon]:
    """Simplify polygons that tile an area together, keeping shared edges shared (no gaps or overlaps opened)."""
    simplified = shapely.coverage_simplify(list(geometries), tolerance)
    # Snapping every geometry to the same grid moves shared vertices identically, so neighbours stay joined.
    snapped = shapely.set_precision(simplified, DISPLAY_GRID)
    return [as_multipolygon(shapely.make_valid(g) if not g.is_valid else g) for g in snapped]


def schematic_cells(points: Sequence[Point], margin: float = 0.03) -> list[MultiPolygon]:
    """Draw one Voronoi cell per point, clipped to the points' buffered hull: a stand-in for real boundaries."""
    multipoint = shapely.MultiPoint(list(points))
    hull = multipoint.convex_hull.buffer(margin)
    cells = shapely.voronoi_polygons(multipoint, extend_to=hull)
    ordered: list[MultiPolygon] = []
    for point in points:
        cell = next(c for c in cells.geoms if c.covers(point))
        ordered.append(as_multipolygon(cell.intersection(hull)))
    return ordered
