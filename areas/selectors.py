"""Reads for areas."""

import datetime

from django.db.models import Q

from .models import Adjacency, Area


def neighbours_of(area: Area) -> list[Area]:
    """Return the areas that share a border with area."""
    pairs = Adjacency.objects.filter(Q(area_a=area) | Q(area_b=area)).values_list("area_a_id", "area_b_id")
    ids = {b if a == area.pk else a for a, b in pairs}
    return list(Area.objects.filter(pk__in=ids).order_by("kind", "sort_key"))


def adjacency_codes(*, date: datetime.date | None = None) -> list[tuple[str, str]]:
    """Return the adjacent pairs as code pairs."""
    return list(Adjacency.objects.values_list("area_a__code", "area_b__code"))


def boundaries_are_schematic() -> bool:
    return Area.objects.filter(schematic=True).exists()
