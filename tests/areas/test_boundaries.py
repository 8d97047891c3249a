from collections import defaultdict

import pytest
import shapely

from areas.models import Adjacency, Area
from areas.services import to_shapely

pytestmark = pytest.mark.boundaries


def commune_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in Adjacency.objects.filter(
        area_a__kind="commune", area_b__kind="commune", area_a__external=False, area_b__external=False
    ).values_list("area_a__code", "area_b__code"):
        graph[a].add(b)
        graph[b].add(a)
    return graph


def test_it_loads_every_unit_of_2021(langson):
    assert Area.objects.filter(kind="commune", external=False).count() == 200
    assert Area.objects.filter(kind="district", external=False).count() == 11
    assert Area.objects.filter(kind="province", external=False).count() == 1
    assert Area.objects.filter(kind="province", external=True).count() == 5
    assert not Area.objects.filter(geometry=None).exists()
    assert not Area.objects.filter(schematic=True).exists()


def test_every_commune_has_a_neighbour_and_the_graph_is_connected(langson):
    graph = commune_graph()
    codes = set(Area.objects.filter(kind="commune").values_list("code", flat=True))
    assert set(graph) == codes
    seen, stack = set(), [next(iter(codes))]
    while stack:
        code = stack.pop()
        if code not in seen:
            seen.add(code)
            stack.extend(graph[code] - seen)
    assert seen == codes


def test_it_finds_at_least_the_pairs_that_touch(langson):
    pairs = sum(len(n) for n in commune_graph().values()) // 2
    assert pairs >= 523


def test_some_pairs_cross_district_borders(langson):
    crossing = Adjacency.objects.filter(area_a__kind="commune", area_b__kind="commune").exclude(
        area_a__parent=models_f("area_b__parent")
    )
    assert crossing.count() > 0


def models_f(name):
    from django.db.models import F

    return F(name)


@pytest.mark.parametrize("province", ["24", "04"])
def test_some_communes_border_the_neighbouring_province(langson, province):
    external = Area.objects.get(code=province, external=True)
    communes = [
        pair
        for pair in Adjacency.objects.filter(area_b=external) | Adjacency.objects.filter(area_a=external)
        if "commune" in (pair.area_a.kind, pair.area_b.kind)
    ]
    assert communes


def test_display_geometry_is_valid_and_lighter(langson):
    communes = list(Area.objects.filter(kind="commune"))
    assert all(c.display_geometry is not None and c.display_geometry.valid for c in communes)
    # A tiny commune may gain the vertices where its neighbours' borders meet it; the map as a whole is lighter.
    drawn = sum(c.display_geometry.num_coords for c in communes)
    assert drawn < sum(c.geometry.num_coords for c in communes)


def test_display_geometry_of_a_district_is_its_communes_together(langson):
    district = Area.objects.get(kind="district", external=False, name__contains="Hữu Lũng")
    communes = shapely.union_all([to_shapely(c.display_geometry) for c in district.children.all()])
    assert to_shapely(district.display_geometry).symmetric_difference(communes).area < 1e-9


def test_display_geometry_shares_the_border_with_the_neighbouring_province(langson):
    inside = shapely.union_all(
        [to_shapely(c.display_geometry) for c in Area.objects.filter(kind="commune", external=False)]
    )
    for neighbour in Area.objects.filter(kind="province", external=True):
        shape = to_shapely(neighbour.display_geometry)
        assert shape.intersection(inside).area < 1e-9  # no overlap
        if neighbour.code in ("24", "04"):
            # The common border is the same line on both sides, not two lines close to each other.
            assert shapely.intersection(shape.boundary, inside.boundary).length > 0.1
