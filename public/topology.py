"""TopoJSON for a coverage of polygons: shared borders stored once, as quantised, delta-encoded arcs (pure shapely).

The display geometry is already snapped to a grid (areas.geometry.DISPLAY_GRID), so quantising on that grid loses
nothing, and two neighbours list exactly the same vertices along their common border: cutting every ring at the
vertices where three or more borders meet gives arcs that neighbours share.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from shapely.geometry import MultiPolygon, Polygon

Point = tuple[int, int]


@dataclass
class Layer:
    """One named object of the topology: polygons, each with an id and properties."""

    name: str
    ids: list[str]
    geometries: list[MultiPolygon]
    properties: list[dict] = field(default_factory=list)


def _ring_points(ring, grid: float) -> list[Point]:
    points: list[Point] = []
    for x, y in ring.coords[:-1]:
        point = (round(x / grid), round(y / grid))
        if not points or points[-1] != point:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def _polygons(geom) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]


class _ArcStore:
    """Arcs found so far; an arc met again, in either direction, is referred to rather than stored twice."""

    def __init__(self) -> None:
        self.arcs: list[list[Point]] = []
        self.index: dict[tuple[Point, ...], int] = {}
        self.users: list[list[int]] = []

    def add(self, points: list[Point], user: int) -> int:
        key = tuple(points)
        if key in self.index:
            found = self.index[key]
        elif key[::-1] in self.index:
            found = ~self.index[key[::-1]]
        else:
            found = len(self.arcs)
            self.arcs.append(points)
            self.index[key] = found
            self.users.append([])
        self.users[found if found >= 0 else ~found].append(user)
        return found


def _junctions(rings: Iterable[list[Point]]) -> set[Point]:
    """Return the vertices where the borders of three or more rings (or a ring and the outside) meet."""
    neighbours: dict[Point, set[Point]] = {}
    for ring in rings:
        count = len(ring)
        for i, point in enumerate(ring):
            linked = neighbours.setdefault(point, set())
            linked.add(ring[i - 1])
            linked.add(ring[(i + 1) % count])
    return {point for point, linked in neighbours.items() if len(linked) != 2}


def _canonical_loop(ring: list[Point]) -> tuple[list[Point], bool]:
    """Return a junction-free ring as a closed arc in one canonical form, and whether the ring runs backwards to it.

    The same ring walked the other way (the hole of an enclosing area) must give the same arc.
    """
    first = min(range(len(ring)), key=ring.__getitem__)
    forward = ring[first:] + ring[:first]
    backward = [forward[0]] + forward[:0:-1]
    if forward <= backward:
        return forward + [forward[0]], False
    return backward + [backward[0]], True


def _ring_arcs(ring: list[Point], junctions: set[Point], store: _ArcStore, user: int) -> list[int]:
    """Cut a ring at its junctions into arcs and return their references (~i for an arc walked backwards)."""
    starts = [i for i, point in enumerate(ring) if point in junctions]
    if not starts:
        loop, backwards = _canonical_loop(ring)
        found = store.add(loop, user)
        return [~found if backwards else found]
    rotated = ring[starts[0] :] + ring[: starts[0]] + [ring[starts[0]]]
    offsets = [i - starts[0] for i in starts] + [len(ring)]
    return [store.add(rotated[a : b + 1], user) for a, b in zip(offsets, offsets[1:])]


def _encode(arc: list[Point], origin: Point) -> list[list[int]]:
    encoded, (px, py) = [], origin
    for x, y in arc:
        encoded.append([x - px, y - py])
        px, py = x, y
    return encoded


@dataclass
class Topology:
    """The TopoJSON document and, for each arc, the indices (into all layers' features) of the polygons using it."""

    document: dict
    arc_users: list[list[int]]
    feature_layers: list[tuple[str, int]]


def build_topology(layers: Sequence[Layer], grid: float) -> Topology:
    """Return a TopoJSON Topology of the layers on a grid of `grid` degrees."""
    feature_rings: list[list[list[list[Point]]]] = []
    feature_layers: list[tuple[str, int]] = []
    for layer in layers:
        for position, geom in enumerate(layer.geometries):
            polygons = []
            for polygon in _polygons(geom):
                rings = [_ring_points(polygon.exterior, grid)] + [_ring_points(r, grid) for r in polygon.interiors]
                rings = [r for r in rings if len(r) >= 3]
                if rings:
                    polygons.append(rings)
            feature_rings.append(polygons)
            feature_layers.append((layer.name, position))
    all_points = [p for polygons in feature_rings for rings in polygons for ring in rings for p in ring]
    if not all_points:
        origin = (0, 0)
    else:
        origin = (min(p[0] for p in all_points), min(p[1] for p in all_points))
    junctions = _junctions(ring for polygons in feature_rings for rings in polygons for ring in rings)
    store = _ArcStore()
    feature_arcs = [
        [[_ring_arcs(ring, junctions, store, user) for ring in rings] for rings in polygons]
        for user, polygons in enumerate(feature_rings)
    ]
    users = [[u for u in arc_users if u >= 0] for arc_users in store.users]
    objects: dict[str, dict] = {}
    user = 0
    for layer in layers:
        geometries = []
        for position, code in enumerate(layer.ids):
            geometry = {"type": "MultiPolygon", "id": code, "arcs": feature_arcs[user]}
            if layer.properties:
                geometry["properties"] = layer.properties[position]
            geometries.append(geometry)
            user += 1
        objects[layer.name] = {"type": "GeometryCollection", "geometries": geometries}
    document = {
        "type": "Topology",
        "transform": {"scale": [grid, grid], "translate": [round(origin[0] * grid, 10), round(origin[1] * grid, 10)]},
        "objects": objects,
        "arcs": [_encode(arc, origin) for arc in store.arcs],
    }
    return Topology(document=document, arc_users=users, feature_layers=feature_layers)


def borders(topology: Topology, *, layer: str, group_of: Sequence[str]) -> tuple[list[int], list[int]]:
    """Return (arcs between polygons of different groups, arcs on the layer's outer edge) of one layer.

    group_of gives the group (a district code, say) of each polygon of the layer, in layer order.
    """
    between, outer = [], []
    for arc, users in enumerate(topology.arc_users):
        mine = [topology.feature_layers[u][1] for u in users if topology.feature_layers[u][0] == layer]
        if not mine:
            continue
        if len(mine) == 1:
            outer.append(arc)
        elif len({group_of[i] for i in mine}) > 1:
            between.append(arc)
    return between, outer
