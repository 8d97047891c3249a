"""Pure geometry for areas: adjacency, the display coverage, schematic cells (shapely, no database).

The commune boundaries leave slivers between neighbours and overlap a little. Noding every boundary together and
giving each face to one area turns them into a coverage whose neighbours share their border vertex for vertex, so
that simplifying it as a whole opens no gap, and the map can store each border once.
"""

from collections.abc import Sequence

import shapely
from shapely import STRtree
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


# Slivers up to this size (square degrees, about 6 km²) are given to a neighbour; larger holes are left alone.
MAX_GAP_AREA = 0.0005


def _owner(face: BaseGeometry, candidates: Sequence[int], geometries: Sequence[BaseGeometry]) -> int:
    if len(candidates) == 1:
        return int(candidates[0])
    return int(max(candidates, key=lambda j: shapely.area(shapely.intersection(geometries[j], face))))


def clean_coverage(
    geometries: Sequence[BaseGeometry], *, grid: float | None = None, max_gap_area: float = MAX_GAP_AREA
) -> list[BaseGeometry]:
    """Return one geometry per input, together a coverage without overlaps and without slivers between neighbours.

    With a grid, every vertex is snapped to it first, all borders at once, so that neighbours stay joined.
    """
    linework = shapely.union_all([shapely.boundary(g) for g in geometries], grid_size=grid)
    faces = list(shapely.get_parts(shapely.polygonize(list(shapely.get_parts(linework)))))
    areas = STRtree(geometries)
    owners: list[int | None] = []
    for face in faces:
        inside = areas.query(shapely.point_on_surface(face), predicate="within")
        owners.append(_owner(face, inside, geometries) if len(inside) else None)

    face_tree = STRtree(faces)
    gaps = [i for i, owner in enumerate(owners) if owner is None and shapely.area(faces[i]) <= max_gap_area]
    # A sliver goes to the neighbour it shares the longest border with; slivers touching only slivers wait a round.
    while gaps:
        left = []
        for i in gaps:
            best, longest = None, 0.0
            for j in face_tree.query(faces[i], predicate="intersects"):
                if j == i or owners[j] is None:
                    continue
                shared = shapely.length(shapely.intersection(shapely.boundary(faces[i]), shapely.boundary(faces[j])))
                if shared > longest:
                    best, longest = owners[j], shared
            if best is None:
                left.append(i)
            else:
                owners[i] = best
        if len(left) == len(gaps):
            break
        gaps = left

    parts: list[list[BaseGeometry]] = [[] for _ in geometries]
    for face, owner in zip(faces, owners):
        if owner is not None:
            parts[owner].append(face)
    return [as_multipolygon(shapely.union_all(p)) if p else as_multipolygon(g) for p, g in zip(parts, geometries)]


def simplify_coverage(
    geometries: Sequence[BaseGeometry], *, tolerance: float = DISPLAY_TOLERANCE, grid: float = DISPLAY_GRID
) -> list[MultiPolygon]:
    """Return the clean coverage of geometries on grid, simplified as a whole (which only drops vertices)."""
    simplified = shapely.coverage_simplify(clean_coverage(geometries, grid=grid), tolerance)
    return [as_multipolygon(g if g.is_valid else shapely.make_valid(g)) for g in simplified]


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


def union_coverage(geometries: Sequence[BaseGeometry]) -> MultiPolygon:
    """Return the union of polygons that form a coverage, its outer border made of their own vertices."""
    return as_multipolygon(shapely.coverage_union_all(list(geometries)))
