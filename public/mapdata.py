"""The published files: the map's geometry (long-lived), each publication's levels (small), and the open-data
GeoJSON of each publication, versioned by name.

All are written under settings.PUBLISHED_ROOT, with a gzip twin, for nginx to serve with a year of cache; the site
serves the same names itself when no file is there yet. A new publication writes its levels file (the map's
boundaries are not sent again); a GeoJSON file is written when it is first asked for. The map and the GeoJSON draw the same display geometry (areas.services).
"""

import datetime
import gzip
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import shapely
from django.conf import settings
from django.contrib.gis.db.models.aggregates import Extent
from django.contrib.gis.db.models.functions import NumPoints
from django.db.models import Sum
from django.utils import timezone, translation

from areas.geometry import DISPLAY_GRID, as_multipolygon
from areas.models import GEOMETRY_FIELDS, Area
from areas.selectors import without_geometry
from areas.services import to_shapely
from risk.models import Publication, PublishedLevel

from . import softcache
from .freshness import forget_site_version
from .selectors import declared_levels, levels_of
from .templatetags.public import level_label
from .topology import Layer, borders, build_topology

# Neighbouring provinces are context: only their part near Lạng Sơn is drawn (degrees around its bounding box).
NEIGHBOUR_MARGIN = 0.12
FORMAT_VERSION = 1
GEOMETRY_CACHE_SECONDS = 24 * 3600
# nginx serves PUBLISHED_ROOT at this path (deploy/nginx-published.conf); the site answers there when it does not.
PUBLISHED_PREFIX = "/published/"
LEVELS_NAME = re.compile(r"^levels-(?P<pk>\d+)-(?P<stamp>\d+)\.json$")
GEOMETRY_NAME = re.compile(r"^geometry-[0-9a-f]{12}\.json$")
AREAS_NAME = re.compile(
    r"^areas-(?P<kind>[a-z]+)-(?P<language>[a-z]{2})-(?P<pk>\d+)-(?P<stamp>\d+)-(?P<shape>[0-9a-f]{8})\.geojson$"
)
COORDINATE_DECIMALS = 4


@dataclass(frozen=True)
class MapFile:
    """One published file: its versioned name and its bytes."""

    name: str
    content: bytes

    @cached_property
    def gzipped(self) -> bytes:
        return gzip.compress(self.content, compresslevel=9, mtime=0)

    @property
    def url(self) -> str:
        return published_url(self.name)

    @property
    def content_type(self) -> str:
        return "application/geo+json" if self.name.endswith(".geojson") else "application/json"


def published_url(name: str) -> str:
    return PUBLISHED_PREFIX + name


def _dumps(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


# ── Geometry ─────────────────────────────────────────────────────────────────────────────────────────────────


def _map_areas() -> tuple[list[Area], list[Area]]:
    today = timezone.localdate()
    mapped = Area.objects.valid_on(today).exclude(display_geometry=None)
    communes = list(mapped.internal().communes().select_related("parent").order_by("code"))
    neighbours = list(mapped.filter(external=True, kind=Area.Kind.PROVINCE).order_by("code"))
    return communes, neighbours


def _geometry_signature() -> str:
    """Return a key that changes with the areas drawn on the map, computed in the database without reading them."""
    mapped = Area.objects.exclude(display_geometry=None)
    units = list(
        mapped.order_by("pk").values_list(
            "pk", "code", "name", "kind", "parent_id", "external", "schematic", "valid_from", "valid_to"
        )
    )
    shape = mapped.aggregate(points=Sum(NumPoints("display_geometry")), extent=Extent("display_geometry"))
    parts = (FORMAT_VERSION, timezone.localdate(), units, shape["points"], shape["extent"])
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def build_geometry_document() -> dict:
    """Return the map's TopoJSON: communes, district and province borders, neighbouring provinces near the border.

    It is drawn from the areas' display geometry, the one the open-data GeoJSON gives: the map and the files draw
    the same borders. Neighbouring provinces are cut to a frame around Lạng Sơn; the cut adds vertices only along
    the frame, so the borders they share with the communes stay the same.
    """
    communes, neighbours = _map_areas()
    commune_shapes = [to_shapely(a.display_geometry) for a in communes]
    neighbour_shapes = [to_shapely(a.display_geometry) for a in neighbours]
    if commune_shapes:
        province = shapely.box(*shapely.bounds(shapely.union_all(commune_shapes)))
        frame = province.buffer(NEIGHBOUR_MARGIN, join_style="mitre")
        neighbour_shapes = [as_multipolygon(g.intersection(frame)) for g in neighbour_shapes]
    kept = [(a, g) for a, g in zip(neighbours, neighbour_shapes) if not g.is_empty]
    layers = [
        Layer(
            name="communes",
            ids=[a.code for a in communes],
            geometries=commune_shapes,
            properties=[{"name": a.name, "district": a.parent.code if a.parent else ""} for a in communes],
        ),
        Layer(
            name="neighbours",
            ids=[a.code for a, _ in kept],
            geometries=[g for _, g in kept],
            properties=[{"name": a.name} for a, _ in kept],
        ),
    ]
    topology = build_topology(layers, DISPLAY_GRID)
    between, outer = borders(topology, layer="communes", group_of=[a.parent_id for a in communes])
    objects = topology.document["objects"]
    objects["district_borders"] = {"type": "MultiLineString", "arcs": [[arc] for arc in between]}
    objects["province_border"] = {"type": "MultiLineString", "arcs": [[arc] for arc in outer]}
    topology.document["schematic"] = any(a.schematic for a in communes)
    return topology.document


_built: dict[str, MapFile] = {}


def map_geometry() -> MapFile:
    """Return the geometry file of the map as it is now (built once per change of the areas, then kept)."""
    signature = _geometry_signature()
    found = _built.get(signature) or softcache.get(f"mapdata:geometry:{signature}")
    if found is None:
        content = _dumps(build_geometry_document())
        found = MapFile(name=f"geometry-{hashlib.sha256(content).hexdigest()[:12]}.json", content=content)
        softcache.set(f"mapdata:geometry:{signature}", found, GEOMETRY_CACHE_SECONDS)
    # One geometry per process is kept in memory: the current one.
    _built.clear()
    _built[signature] = found
    return found


# ── Levels ───────────────────────────────────────────────────────────────────────────────────────────────────


def levels_name(publication: Publication) -> str:
    # The publication time is part of the name so that a database loaded anew never reuses a cached name.
    return f"levels-{publication.pk}-{int(publication.published_at.timestamp())}.json"


def iso(value: datetime.date | datetime.datetime | None) -> str | None:
    """Return a date, or a moment in local time, as open data writes it (ISO 8601); None for None."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat() if value else None


def publication_summary(publication: Publication | None) -> dict | None:
    """Return what the open data says of a publication: its id and its three dates."""
    if publication is None:
        return None
    return {
        "id": publication.pk,
        "data_date": iso(publication.data_date),
        "effective_at": iso(publication.effective_at),
        "published_at": iso(publication.published_at),
    }


def build_levels_document(publication: Publication) -> dict:
    """Return one publication's levels: {code: [level, since]} and the neighbours' declared levels."""
    rows = PublishedLevel.objects.filter(publication=publication).values_list("area__code", "level", "since")
    declared = declared_levels(day=publication.data_date)
    codes = dict(Area.objects.filter(pk__in=declared).values_list("pk", "code"))
    return {
        "publication": publication_summary(publication),
        "levels": {code: [level, iso(since)] for code, level, since in sorted(rows)},
        "declared": {
            codes[pk]: [d.level, iso(d.start), d.reference]
            for pk, d in sorted(declared.items(), key=lambda item: codes[item[0]])
        },
    }


def map_levels(*, publication: Publication) -> MapFile:
    key = f"mapdata:levels:{levels_name(publication)}"
    cached = softcache.get(key)
    if cached is not None:
        return cached
    found = MapFile(name=levels_name(publication), content=_dumps(build_levels_document(publication)))
    softcache.set(key, found, GEOMETRY_CACHE_SECONDS)
    return found


# ── Open-data GeoJSON ────────────────────────────────────────────────────────────────────────────────────────


def areas_name(*, kind: str, language: str, publication: Publication | None) -> str:
    pk, stamp = (publication.pk, int(publication.published_at.timestamp())) if publication else (0, 0)
    return f"areas-{kind}-{language}-{pk}-{stamp}-{_geometry_signature()[:8]}.geojson"


def _rounded(coordinates):
    if isinstance(coordinates, (list, tuple)) and coordinates and isinstance(coordinates[0], (int, float)):
        return [round(c, COORDINATE_DECIMALS) for c in coordinates]
    return [_rounded(c) for c in coordinates]


def build_areas_document(*, kind: str, language: str, publication: Publication | None) -> dict:
    """Return the GeoJSON of the province's areas of one kind with their levels in a publication, in a language.

    The areas are those valid when the publication took effect (today before the first one).
    """
    day = timezone.localdate(publication.effective_at) if publication else timezone.localdate()
    levels = levels_of(publication)
    areas = without_geometry(
        Area.objects.valid_on(day).internal().filter(kind=kind).exclude(display_geometry=None).select_related("parent"),
        "parent",
    ).defer(*(name for name in GEOMETRY_FIELDS if name != "display_geometry"))
    features = []
    with translation.override(language):
        for area in areas.order_by("code"):
            level = levels.level_of(area)
            geometry = json.loads(area.display_geometry.json)
            geometry["coordinates"] = _rounded(geometry["coordinates"])
            features.append(
                {
                    "type": "Feature",
                    "id": area.code,
                    "geometry": geometry,
                    "properties": {
                        "code": area.code,
                        "name": area.name,
                        "kind": area.kind,
                        "parent": area.parent.code if area.parent else None,
                        "population": area.population,
                        "level": level,
                        "label": level_label(level) if level else None,
                    },
                }
            )
    return {"type": "FeatureCollection", "publication": publication_summary(publication), "features": features}


_built_areas: dict[str, MapFile] = {}
AREAS_KEPT = 12


def areas_file(*, kind: str, language: str, publication: Publication | None) -> MapFile:
    """Return the GeoJSON file of a publication's areas of one kind (built once, then kept)."""
    name = areas_name(kind=kind, language=language, publication=publication)
    found = _built_areas.get(name) or softcache.get(f"mapdata:areas:{name}")
    if found is None:
        document = build_areas_document(kind=kind, language=language, publication=publication)
        found = MapFile(name=name, content=_dumps(document))
        softcache.set(f"mapdata:areas:{name}", found, GEOMETRY_CACHE_SECONDS)
        # Written when first asked for rather than at each publication: six files nobody may ask for cost a
        # publication half a second.
        write_file(found)
    if name not in _built_areas:
        # The files of the publications in force are kept in memory: a few per kind and language.
        while len(_built_areas) >= AREAS_KEPT:
            _built_areas.pop(next(iter(_built_areas)))
        _built_areas[name] = found
    return found


def forget_files() -> None:
    """Drop the files this process keeps in memory (they are built again from the database when asked for)."""
    _built.clear()
    _built_areas.clear()


# ── Files for nginx ──────────────────────────────────────────────────────────────────────────────────────────


def _write_atomically(path: Path, content: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_file(found: MapFile) -> list[Path]:
    """Write a map file and its gzip twin under PUBLISHED_ROOT unless they are there (names are versions)."""
    root = Path(settings.PUBLISHED_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in ((found.name, found.content), (found.name + ".gz", found.gzipped)):
        path = root / name
        if not path.exists():
            _write_atomically(path, content)
        written.append(path)
    return written


def write_published_files(*, publication: Publication) -> list[Path]:
    """Write the map files of a publication (its levels, and the geometry if it changed); return their paths."""
    paths = write_file(map_geometry()) + write_file(map_levels(publication=publication))
    forget_site_version()
    return paths


def published_file(name: str) -> MapFile | None:
    """Return the map file of this name when it is the current geometry or a publication's levels, else None."""
    if GEOMETRY_NAME.match(name):
        current = map_geometry()
        return current if current.name == name else None
    if name in _built_areas:
        return _built_areas[name]
    match = AREAS_NAME.match(name)
    if match and match["kind"] in Area.Kind.values and match["language"] in dict(settings.LANGUAGES):
        publication = Publication.objects.filter(pk=int(match["pk"])).first()
        found = areas_file(kind=match["kind"], language=match["language"], publication=publication)
        return found if found.name == name else None
    match = LEVELS_NAME.match(name)
    if match:
        publication = Publication.objects.filter(pk=int(match["pk"])).first()
        if publication is not None and levels_name(publication) == name:
            return map_levels(publication=publication)
    return None
