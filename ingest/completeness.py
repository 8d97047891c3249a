"""Completeness of a date's figures per district (DHIS2's reporting rates): reported, no new cases, missing."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from areas.models import Area

from .access import GEOMETRY_FIELDS, allowed_areas
from .models import DailyReport, NoNewCasesDeclaration

REPORTED, DECLARED, MISSING = "reported", "declared", "missing"


@dataclass
class DistrictStatus:
    district: Area
    status: str
    reports: int = 0
    declaration: NoNewCasesDeclaration | None = None

    @property
    def missing(self) -> bool:
        return self.status == MISSING


def completeness(*, day: datetime.date, user=None) -> list[DistrictStatus]:
    """Return every district of the province valid on day (those of user's scope when given) with its status."""
    districts = (allowed_areas(user) if user is not None else Area.objects.internal()).districts().valid_on(day)
    districts = list(districts.defer(*GEOMETRY_FIELDS).order_by("code"))
    ids = [d.pk for d in districts]
    counts: dict[int, int] = {}
    for area_id, kind, parent_id in DailyReport.objects.filter(
        Q(area_id__in=ids) | Q(area__parent_id__in=ids), date=day
    ).values_list("area_id", "area__kind", "area__parent_id"):
        key = parent_id if kind == Area.Kind.COMMUNE else area_id
        counts[key] = counts.get(key, 0) + 1
    declared = {
        d.district_id: d
        for d in NoNewCasesDeclaration.objects.filter(date=day, district_id__in=ids).select_related("declared_by")
    }
    result = []
    for district in districts:
        if counts.get(district.pk):
            result.append(DistrictStatus(district, REPORTED, counts[district.pk], declared.get(district.pk)))
        elif district.pk in declared:
            result.append(DistrictStatus(district, DECLARED, 0, declared[district.pk]))
        else:
            result.append(DistrictStatus(district, MISSING))
    return result


def district_status(*, day: datetime.date, district: Area) -> DistrictStatus:
    return (
        next(s for s in completeness(day=day) if s.district.pk == district.pk)
        if district.kind == Area.Kind.DISTRICT
        else DistrictStatus(district, REPORTED)
    )


def missing_districts(day: datetime.date) -> list[Area]:
    return [status.district for status in completeness(day=day) if status.missing]
