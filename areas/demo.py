"""Demo step: Lạng Sơn's units and boundaries (real when COVIDMAPS_BOUNDARIES is set, else schematic)."""

from pathlib import Path

from django.conf import settings

from .models import Adjacency, Area
from .services import load_langson


def load() -> str:
    boundaries = Path(settings.COVIDMAPS_BOUNDARIES) if settings.COVIDMAPS_BOUNDARIES else None
    source = load_langson(boundaries=boundaries)
    return (
        f"{Area.objects.filter(external=False).count()} areas, {Area.objects.filter(external=True).count()} "
        f"neighbouring provinces, {Adjacency.objects.count()} adjacent pairs, {source} boundaries"
    )
