"""Reads for areas."""

from django.db.models import Q

from .models import GEOMETRY_FIELDS, Adjacency, Area


def without_geometry(queryset, *paths: str):
    """Leave the geometry of the areas at `paths` unread ("" for the queryset's own areas): lists never draw it."""
    return queryset.defer(*(f"{path}__{name}" if path else name for path in paths for name in GEOMETRY_FIELDS))


def neighbours_of(area: Area) -> list[Area]:
    """Return the areas that share a border with area."""
    pairs = Adjacency.objects.filter(Q(area_a=area) | Q(area_b=area)).values_list("area_a_id", "area_b_id")
    ids = {b if a == area.pk else a for a, b in pairs}
    return list(Area.objects.filter(pk__in=ids).order_by("kind", "sort_key"))


def boundaries_are_schematic() -> bool:
    return Area.objects.filter(schematic=True).exists()
