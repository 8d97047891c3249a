"""Writes for areas: boundary import, adjacency, display geometry, schematic boundaries."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from django.conf import settings
from django.contrib.gis.gdal import DataSource, GDALException, SpatialReference
from django.contrib.gis.geos import GEOSGeometry
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext as _

from . import geometry
from .models import Adjacency, Area
from .text import fold


class AreaImportError(Exception):
    """A boundary file that cannot be imported; `problems` holds one message per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class FieldMapping:
    """Which attribute of the file holds each of an area's fields (None: not in the file)."""

    code: str = "code"
    name: str | None = "name"
    type_label: str | None = "type"
    parent: str | None = None
    population: str | None = None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    codes: list[str] = field(default_factory=list)


def to_geos(geom: shapely.Geometry) -> GEOSGeometry:
    return GEOSGeometry(memoryview(shapely.to_wkb(geom)), srid=4326)


def to_shapely(geom: GEOSGeometry) -> shapely.Geometry:
    return shapely.from_wkb(bytes(geom.wkb))


def _read_features(path: Path) -> tuple[list[tuple[dict, shapely.Geometry | None, str | None]], list[str]]:
    """Return (attributes, geometry in EPSG:4326 or None, geometry problem) for each feature of the file."""
    try:
        source = DataSource(str(path))
    except GDALException as exc:
        raise AreaImportError([_("Không đọc được tệp %(path)s: %(error)s") % {"path": path.name, "error": exc}])
    if source.layer_count < 1:
        raise AreaImportError([_("Tệp %(path)s không có lớp dữ liệu nào.") % {"path": path.name}])
    layer = source[0]
    wgs84 = SpatialReference(4326)
    features = []
    for feature in layer:
        attributes = {name: feature.get(name) for name in layer.fields}
        try:
            ogr = feature.geom
            if ogr.srs is not None and ogr.srs.srid not in (None, 4326):
                ogr.transform(wgs84)
            features.append((attributes, shapely.from_wkb(bytes(ogr.wkb)), None))
        except Exception as exc:  # GDAL raises several types for a missing or broken geometry.
            features.append((attributes, None, str(exc) or exc.__class__.__name__))
    return features, list(layer.fields)


def _repair(geom: shapely.Geometry) -> tuple[shapely.Geometry | None, str]:
    if geom.is_valid and not geom.is_empty:
        return geometry.as_multipolygon(geom), ""
    reason = shapely.is_valid_reason(geom)
    repaired = geometry.as_multipolygon(shapely.make_valid(geom))
    if repaired.is_empty or not repaired.is_valid or repaired.area == 0:
        return None, reason
    return repaired, reason


def import_areas(
    *,
    path: Path,
    kind: str,
    mapping: FieldMapping,
    valid_from: datetime.date | None = None,
    external: bool = False,
) -> ImportResult:
    """Load areas of one kind from a GeoJSON or Shapefile; write nothing unless every feature is sound."""
    if kind not in Area.Kind.values:
        raise AreaImportError([_("Cấp không hợp lệ: %(kind)s") % {"kind": kind}])
    features, fields = _read_features(Path(path))
    problems: list[str] = []
    for label, name in (
        ("code", mapping.code),
        ("name", mapping.name),
        ("type", mapping.type_label),
        ("parent", mapping.parent),
        ("population", mapping.population),
    ):
        if name and name not in fields:
            problems.append(
                _("Tệp không có trường '%(field)s' (dùng cho %(label)s); các trường có: %(fields)s")
                % {"field": name, "label": label, "fields": ", ".join(fields)}
            )
    if problems:
        raise AreaImportError(problems)
    if not features:
        raise AreaImportError([_("Tệp %(path)s không có đối tượng nào.") % {"path": Path(path).name}])

    parents = {a.code: a for a in Area.objects.exclude(kind=kind)}
    existing = {a.code: a for a in Area.objects.filter(kind=kind, external=external)}
    seen: set[str] = set()
    rows = []
    for index, (attributes, geom, geom_error) in enumerate(features, start=1):
        code = str(attributes.get(mapping.code) or "").strip()
        where = _("Đối tượng %(n)d") % {"n": index} + (f" ({code})" if code else "")
        if not code:
            problems.append(_("%(where)s: thiếu mã (trường '%(field)s').") % {"where": where, "field": mapping.code})
        elif code in seen:
            problems.append(_("%(where)s: mã %(code)s xuất hiện hai lần trong tệp.") % {"where": where, "code": code})
        seen.add(code)
        repaired = None
        if geom is None or geom.is_empty:
            problems.append(
                _("%(where)s: không có ranh giới (%(error)s).") % {"where": where, "error": geom_error or _("rỗng")}
            )
        else:
            repaired, reason = _repair(geom)
            if repaired is None:
                problems.append(
                    _("%(where)s: ranh giới không hợp lệ và không sửa được (%(reason)s).")
                    % {"where": where, "reason": reason}
                )
        parent = None
        if mapping.parent:
            parent_code = str(attributes.get(mapping.parent) or "").strip()
            parent = parents.get(parent_code)
            if parent is None:
                problems.append(
                    _("%(where)s: không có đơn vị cấp trên mã '%(parent)s'.") % {"where": where, "parent": parent_code}
                )
        population = None
        if mapping.population:
            raw = attributes.get(mapping.population)
            try:
                population = int(raw)
                if population < 0:
                    raise ValueError
            except (TypeError, ValueError):
                problems.append(
                    _("%(where)s: dân số phải là số nguyên ≥ 0, nhận được '%(value)s'.")
                    % {"where": where, "value": raw}
                )
        rows.append((code, attributes, repaired, parent, population))
    if problems:
        raise AreaImportError(problems)

    result = ImportResult()
    with transaction.atomic():
        for code, attributes, geom, parent, population in rows:
            area = existing.get(code) or Area(code=code, kind=kind, external=external, valid_from=valid_from)
            result.updated += bool(area.pk)
            result.created += not area.pk
            if mapping.name:
                area.name = str(attributes[mapping.name]).strip()
                area.search_name = fold(area.name)
            if mapping.type_label:
                area.type_label = str(attributes[mapping.type_label]).strip()
            if parent is not None:
                area.parent = parent
            if population is not None:
                area.population = population
            area.geometry = to_geos(geom)
            area.schematic = False
            if area.point is None:
                area.point = to_geos(geom.point_on_surface())
            area.save()
            result.codes.append(code)
    return result


def _is_ancestor(a: Area, b: Area, by_id: dict[int, Area]) -> bool:
    node = by_id.get(b.parent_id)
    while node is not None:
        if node.pk == a.pk:
            return True
        node = by_id.get(node.parent_id)
    return False


def _may_border(a: Area, b: Area, by_id: dict[int, Area]) -> bool:
    """Say whether a shared border between a and b means adjacency (not containment)."""
    if _is_ancestor(a, b, by_id) or _is_ancestor(b, a, by_id):
        return False
    return a.kind == b.kind or a.external or b.external


def compute_adjacency(*, tolerance: float | None = None, date: datetime.date | None = None) -> int:
    """Recompute the adjacency table from the boundaries of the areas valid on date (default: today)."""
    tolerance = settings.ADJACENCY_TOLERANCE if tolerance is None else tolerance
    date = date or datetime.date.today()
    areas = list(Area.objects.valid_on(date).exclude(geometry=None))
    by_id = {a.pk: a for a in Area.objects.all()}
    shapes = [to_shapely(a.geometry) for a in areas]
    pairs = []
    for i, j in geometry.adjacent_pairs(shapes, tolerance):
        a, b = sorted((areas[i], areas[j]), key=lambda area: area.pk)
        if _may_border(a, b, by_id):
            pairs.append(Adjacency(area_a=a, area_b=b))
    with transaction.atomic():
        Adjacency.objects.all().delete()
        Adjacency.objects.bulk_create(pairs)
    return len(pairs)


def compute_display_geometry(*, date: datetime.date | None = None) -> int:
    """Compute the one simplified geometry that the map and the open data draw, for every area with a boundary.

    The province's communes valid on date (default: today) and the neighbouring provinces are cleaned and
    simplified as one coverage, so that every border, the province's included, is drawn once and the same for both
    sides; each district and the province is the union of its communes, so their borders are the communes' own.
    Areas outside that set (past or future units) are simplified by kind, apart.
    """
    date = date or datetime.date.today()
    with_boundary = Area.objects.exclude(geometry=None).order_by("pk")
    communes = list(with_boundary.valid_on(date).internal().communes())
    neighbours = list(with_boundary.valid_on(date).filter(external=True, kind=Area.Kind.PROVINCE))
    core = communes + neighbours
    done: dict[int, Area] = {}
    for area, shape in zip(core, geometry.simplify_coverage([to_shapely(a.geometry) for a in core])):
        area.display_geometry = to_geos(shape)
        done[area.pk] = area

    shape_of = {a.pk: to_shapely(a.display_geometry) for a in communes}
    containers = list(with_boundary.valid_on(date).internal().exclude(kind=Area.Kind.COMMUNE))
    for container in containers:
        members = [shape_of[c.pk] for c in _descendant_communes(container) if c.pk in shape_of]
        if members:
            container.display_geometry = to_geos(geometry.union_coverage(members))
            done[container.pk] = container

    for kind in Area.Kind.values:
        for external in (False, True):
            rest = [a for a in with_boundary.filter(kind=kind, external=external) if a.pk not in done]
            if rest:
                for area, shape in zip(rest, geometry.simplify_coverage([to_shapely(a.geometry) for a in rest])):
                    area.display_geometry = to_geos(shape)
                    done[area.pk] = area
    Area.objects.bulk_update(list(done.values()), ["display_geometry"], batch_size=200)
    return len(done)


def draw_schematic_boundaries() -> int:
    """Give every area without a boundary a schematic one drawn from the communes' points."""
    communes = list(Area.objects.filter(kind=Area.Kind.COMMUNE).exclude(point=None).order_by("pk"))
    externals = list(Area.objects.filter(external=True).exclude(point=None).order_by("pk"))
    sites = communes + externals
    cells = geometry.schematic_cells([to_shapely(a.point) for a in sites])
    drawn = 0
    with transaction.atomic():
        for area, cell in zip(sites, cells):
            if area.geometry is None:
                area.geometry, area.schematic = to_geos(cell), True
                area.save(update_fields=["geometry", "schematic"])
                drawn += 1
        cell_of = {a.pk: c for a, c in zip(sites, cells)}
        for kind in (Area.Kind.DISTRICT, Area.Kind.PROVINCE):
            for area in Area.objects.filter(kind=kind, external=False, geometry=None):
                members = [cell_of[c.pk] for c in _descendant_communes(area) if c.pk in cell_of]
                if members:
                    area.geometry = to_geos(geometry.as_multipolygon(shapely.union_all(members)))
                    area.schematic = True
                    area.save(update_fields=["geometry", "schematic"])
                    drawn += 1
    return drawn


def _descendant_communes(area: Area) -> list[Area]:
    if area.kind == Area.Kind.DISTRICT:
        return list(area.children.all())
    return list(Area.objects.filter(kind=Area.Kind.COMMUNE, parent__parent=area))


LANGSON_FILES = (
    # (file, kind, mapping, external)
    ("langson_province.geojson", Area.Kind.PROVINCE, FieldMapping(), False),
    (
        "langson_districts.geojson",
        Area.Kind.DISTRICT,
        FieldMapping(parent="province_code", population="pop_2019_census"),
        False,
    ),
    (
        "langson_communes.geojson",
        Area.Kind.COMMUNE,
        FieldMapping(parent="district_code", population="pop_2019_census"),
        False,
    ),
    ("neighbours_provinces.geojson", Area.Kind.PROVINCE, FieldMapping(), True),
)


def load_langson(*, boundaries: Path | None) -> str:
    """Load the 2021 units, then real boundaries from `boundaries` or schematic ones; return what was drawn."""
    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "langson_units_2021.json"), verbosity=0)
    if boundaries and all((Path(boundaries) / name).exists() for name, *_ in LANGSON_FILES):
        for name, kind, mapping, external in LANGSON_FILES:
            import_areas(
                path=Path(boundaries) / name,
                kind=kind,
                mapping=mapping,
                valid_from=datetime.date(2020, 1, 1),
                external=external,
            )
        source = "official"
    else:
        Area.objects.update(geometry=None)
        draw_schematic_boundaries()
        source = "schematic"
    compute_adjacency(date=datetime.date(2021, 6, 1))
    compute_display_geometry(date=datetime.date(2021, 6, 1))
    return source
