"""Reads of the ingest app."""

import datetime

from django.core.cache import cache
from django.db.models import QuerySet

from areas.models import Area

from .access import GEOMETRY_FIELDS, allowed_areas, is_scoped
from .models import AreaFlag, DailyReport, DeclaredLevel, ReportImport


def data_is_synthetic() -> bool:
    """Say whether the reports on this site are the synthetic demo outbreak (public pages must say so)."""
    return DailyReport.objects.filter(synthetic=True).exists() or DeclaredLevel.objects.filter(synthetic=True).exists()


def report_version(report: DailyReport) -> str:
    """Return a token that changes whenever the report is written (for the sheet's concurrent-edit check)."""
    return f"{report.pk}:{report.entered_at.timestamp():.6f}"


def sheet_districts(user) -> list[Area]:
    """Return the districts user may open a sheet for, in code order."""
    return list(allowed_areas(user).districts().order_by("code"))


def sheet_areas(*, day: datetime.date, district: Area | None) -> list[Area]:
    """Return the rows of a day's sheet: a district's communes then the district itself (unattributed cases);
    for the whole province, every district in turn, then the province."""
    areas = Area.objects.internal().valid_on(day).defer(*GEOMETRY_FIELDS)
    if district is not None:
        communes = list(areas.communes().filter(parent=district).order_by("code"))
        for commune in communes:
            commune.parent = district
        return [*communes, district]
    rows: list[Area] = []
    communes = list(areas.communes().order_by("code"))
    for each in areas.districts().order_by("code"):
        members = [c for c in communes if c.parent_id == each.pk]
        for commune in members:
            commune.parent = each
        rows.extend(members)
        rows.append(each)
    rows.extend(areas.filter(kind=Area.Kind.PROVINCE))
    return rows


def reports_on(*, day: datetime.date, areas: list[Area]) -> dict[int, DailyReport]:
    """Return the reports of day for these areas, by area id."""
    return {
        report.area_id: report
        for report in DailyReport.objects.filter(date=day, area__in=areas).select_related("entered_by")
    }


def reports_for_api(*, user, day: datetime.date, district: Area | None) -> QuerySet[DailyReport]:
    reports = (
        DailyReport.objects.filter(date=day, area__in=allowed_areas(user))
        .select_related("area", "area__parent", "entered_by")
        .defer(*(f"area__{name}" for name in GEOMETRY_FIELDS), *(f"area__parent__{name}" for name in GEOMETRY_FIELDS))
    )
    if district is not None:
        reports = reports.filter(area__in=[district.pk, *district.children.values_list("pk", flat=True)])
    return reports.order_by("area__kind", "area__code")


def imports_visible_to(user) -> QuerySet[ReportImport]:
    """Staff assigned to districts see their own uploads; the province's staff see all."""
    imports = ReportImport.objects.select_related("uploaded_by", "committed_by")
    return imports.filter(uploaded_by=user) if is_scoped(user) else imports


def same_file_committed(report_import: ReportImport) -> ReportImport | None:
    """Return an earlier committed import of the same file (same SHA-256), if any."""
    return (
        ReportImport.objects.filter(sha256=report_import.sha256, status=ReportImport.Status.COMMITTED)
        .exclude(pk=report_import.pk)
        .order_by("-committed_at")
        .first()
    )


def progress_key(import_id: int) -> str:
    return f"ingest:import:{import_id}:progress"


def import_progress(report_import: ReportImport) -> dict:
    """Return where a background import stands, for the admin's progress bar."""
    # During a commit the rows are written in one transaction, so the count lives in the cache meanwhile.
    try:
        cached = cache.get(progress_key(report_import.pk)) or 0
    except Exception:  # a cache outage must not break the page; the database count is still there
        cached = 0
    total = report_import.total_rows or 0
    done = min(max(cached, report_import.processed_rows), total) if total else 0
    finished = report_import.status not in (ReportImport.Status.PENDING, ReportImport.Status.COMMITTING)
    return {
        "status": report_import.status,
        "status_label": str(report_import.get_status_display()),
        "total": total,
        "done": total if finished else done,
        "percent": 100 if finished or not total else int(100 * done / total),
        "finished": finished,
    }


def flags_visible_to(user) -> QuerySet[AreaFlag]:
    return (
        AreaFlag.objects.filter(area__in=allowed_areas(user))
        .select_related("area", "set_by")
        .defer(*(f"area__{name}" for name in GEOMETRY_FIELDS))
    )
