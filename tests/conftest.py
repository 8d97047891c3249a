"""Shared fixtures: Lạng Sơn's areas (real boundaries when available) and staff personas."""

from pathlib import Path

import pytest
from django.conf import settings

SHARED_BOUNDARIES = Path(settings.BASE_DIR).parent / "shared" / "data" / "langson"


def boundaries_folder() -> Path | None:
    folder = Path(settings.COVIDMAPS_BOUNDARIES) if settings.COVIDMAPS_BOUNDARIES else SHARED_BOUNDARIES
    return folder if (folder / "langson_communes.geojson").exists() else None


requires_boundaries = pytest.mark.skipif(
    boundaries_folder() is None, reason="the real boundary files (../shared/data/langson) are not on this machine"
)


@pytest.fixture
def langson(db):
    """Lạng Sơn's 2021 units with boundaries, adjacency and display geometry (loaded once per database state)."""
    from areas.models import Area
    from areas.services import load_langson

    if not Area.objects.filter(code="20").exists():
        load_langson(boundaries=boundaries_folder())
    return Area.objects.get(code="20")


@pytest.fixture
def area(langson):
    """Look an area up by its GSO code."""
    from areas.models import Area

    return lambda code: Area.objects.get(code=code)
