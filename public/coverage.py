"""A clean coverage from boundaries that almost tile: neighbours made to share exactly the same border (pure shapely).

The commune boundaries leave slivers between neighbours and overlap a little. Noding every boundary together and
giving each face to one area turns them into a coverage whose neighbours share their border vertex for vertex, so
that simplifying it as a whole opens no gap and the map can store each border once.
"""

from collections.abc import Sequence

import shapely
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

from areas.geometry import as_multipolygon

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


def simplify_clean_coverage(geometries: Sequence[BaseGeometry], *, tolerance: float, grid: float) -> list[BaseGeometry]:
    """Return the clean coverage of geometries on grid, simplified as a whole (which only drops vertices)."""
    simplified = shapely.coverage_simplify(clean_coverage(geometries, grid=grid), tolerance)
    return [as_multipolygon(g if g.is_valid else shapely.make_valid(g)) for g in simplified]
