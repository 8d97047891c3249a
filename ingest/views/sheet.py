"""The daily entry sheet: one grid of a district's (or the province's) communes × the day's figures."""

import datetime
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Area

from .. import access
from .. import columns as cols
from ..completeness import district_status
from ..models import REPORT_FIELDS
from ..selectors import report_version, reports_on, sheet_areas, sheet_districts
from ..services.reports import save_sheet

logger = logging.getLogger(__name__)

KEYS = (*REPORT_FIELDS, cols.NOTE)


def _choice(request, districts: list[Area], whole_province: bool) -> tuple[datetime.date, Area | None, str]:
    """Return the sheet's date and district from the query, and a problem to show (or "")."""
    today, problem = timezone.localdate(), ""
    try:
        day = datetime.date.fromisoformat(request.GET.get("date") or today.isoformat())
    except ValueError:
        day, problem = today, _("Ngày không hợp lệ; bảng hiện ngày hôm nay.")
    if day > today:
        day, problem = today, _("Không nhập số liệu cho ngày trong tương lai; bảng hiện ngày hôm nay.")
    code = request.GET.get("district", "")
    if not code:
        if whole_province or not districts:
            return day, None, problem
        return day, districts[0], problem
    district = next((d for d in districts if d.code == code), None)
    if district is None:
        if Area.objects.filter(code=code, kind=Area.Kind.DISTRICT).exists():
            raise PermissionDenied(_("Bạn không phụ trách huyện này."))
        return day, None if whole_province else districts[0], _("Không có huyện mã %(code)s.") % {"code": code}
    return day, district, problem


def _posted(request, areas: list[Area]) -> tuple[dict, dict]:
    cells = {area.pk: {key: request.POST.get(f"c-{area.pk}-{key}", "") for key in KEYS} for area in areas}
    for area in areas:
        # The explanation box is only drawn on rows that need one: absent, the stored explanation stays.
        name = f"c-{area.pk}-{cols.COMMENT}"
        if name in request.POST:
            cells[area.pk][cols.COMMENT] = request.POST[name]
    versions = {area.pk: request.POST.get(f"v-{area.pk}", "") for area in areas}
    return cells, versions


def _row_label(area: Area) -> str:
    if area.kind == Area.Kind.DISTRICT:
        return _("%(name)s – ca chưa xác định xã") % {"name": area.name}
    if area.kind == Area.Kind.PROVINCE:
        return _("%(name)s – ca chưa xác định huyện") % {"name": area.name}
    # Names repeat across districts (three "Xã Tân Thành"): the unit column names the district too.
    return (
        _("%(name)s (%(district)s)") % {"name": area.name, "district": area.parent.name}
        if area.parent_id
        else area.name
    )


def _rows(
    areas,
    reports,
    *,
    posted=None,
    cell_errors=None,
    row_errors=None,
    grouped=False,
    cell_warnings=None,
    row_warnings=None,
):
    rows, current = [], None
    for area in areas:
        report = reports.get(area.pk)
        if posted is not None:
            values = posted.get(area.pk, {})
        elif report is not None:
            values = {key: getattr(report, key) for key in KEYS}
        else:
            values = {}
        heading = None
        group = area.parent_id if area.kind == Area.Kind.COMMUNE else area.pk
        if grouped and area.kind != Area.Kind.PROVINCE and group != current:
            heading = area.parent.name if area.kind == Area.Kind.COMMUNE else area.name
            current = group
        warnings = (row_warnings or {}).get(area.pk, [])
        cell_warned = any(pk == area.pk for pk, _key in (cell_warnings or {}))
        comment = values.get(cols.COMMENT)
        if comment is None and report is not None:
            comment = report.warning_comment
        rows.append(
            {
                "area": area,
                "warnings": warnings,
                "comment": comment or "",
                "comment_name": f"c-{area.pk}-{cols.COMMENT}",
                "comment_error": (cell_errors or {}).get((area.pk, cols.COMMENT)),
                "needs_comment": bool(warnings or cell_warned or comment),
                "label": _row_label(area),
                "heading": heading,
                "report": report,
                "version": report_version(report) if report else "",
                "errors": (row_errors or {}).get(area.pk, []),
                "cells": [
                    {
                        "key": key,
                        "column": cols.BY_KEY[key],
                        "name": f"c-{area.pk}-{key}",
                        "value": "" if values.get(key) is None else values.get(key),
                        "error": (cell_errors or {}).get((area.pk, key)),
                        "warning": (cell_warnings or {}).get((area.pk, key)),
                    }
                    for key in KEYS
                ],
            }
        )
    return rows


def sheet(request, model_admin):
    user = request.user
    if not access.can_view_reports(user):
        raise PermissionDenied
    districts = sheet_districts(user)
    whole_province = not access.is_scoped(user)
    if not whole_province and not districts:
        # No district assigned yet: nothing to see (never the whole province by default).
        raise PermissionDenied(_("Bạn chưa được giao huyện nào; hãy nhờ quản trị viên giao huyện phụ trách."))
    day, district, problem = _choice(request, districts, whole_province)
    editable = access.can_enter_reports(user) and not problem
    areas = sheet_areas(day=day, district=district)
    posted = cell_errors = row_errors = cell_warnings = row_warnings = None
    summary = []
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        posted, versions = _posted(request, areas)
        chosen = request.POST.get("sheet_date", day.isoformat())
        if chosen != day.isoformat():
            # The date box was changed without opening that date's sheet: these figures were typed over the
            # sheet of `day`, so saving them anywhere would be a guess.
            messages.error(
                request,
                _(
                    "Bạn đã chọn ngày %(chosen)s nhưng chưa bấm “Mở bảng”: bảng đang hiện ngày "
                    "%(day)s nên chưa lưu gì. Hãy mở bảng của ngày muốn nhập rồi nhập lại."
                )
                % {"chosen": _shown_date(chosen), "day": f"{day:%d/%m/%Y}"},
            )
            editable_rows = _rows(areas, reports_on(day=day, areas=areas), posted=posted, grouped=district is None)
            return render(
                request,
                "admin/ingest/sheet.html",
                _context(
                    request,
                    model_admin,
                    day=day,
                    district=district,
                    districts=districts,
                    whole_province=whole_province,
                    problem=problem,
                    editable=editable,
                    rows=editable_rows,
                    summary=[],
                    areas=areas,
                ),
                status=409,
            )
        try:
            result = save_sheet(user=user, day=day, areas=areas, cells=posted, versions=versions)
        except DatabaseError as exc:
            # The save is one transaction, so nothing was written; keep what the clerk typed on the page.
            logger.exception("ingest: the entry sheet of %s could not be saved", day)
            messages.error(
                request,
                _(
                    "Lỗi cơ sở dữ liệu khi lưu (%(error)s): chưa lưu số liệu nào; bảng vẫn giữ số "
                    "liệu bạn đã nhập, hãy bấm Lưu lại sau ít phút."
                )
                % {"error": type(exc).__name__},
            )
            result, status = None, 503
        if result is not None and result.saved:
            counts = result.counts
            messages.success(
                request,
                _("Đã lưu số liệu ngày %(day)s: %(create)d tạo mới, %(update)d cập nhật, %(unchanged)d không đổi.")
                % {"day": f"{day:%d/%m/%Y}", **counts},
            )
            return redirect(request.get_full_path())
        elif result is not None:
            cell_errors, row_errors = _errors(result, summary)
            cell_warnings, row_warnings = _warnings(result)
    reports = reports_on(day=day, areas=areas)
    rows = _rows(
        areas,
        reports,
        posted=posted,
        cell_errors=cell_errors,
        row_errors=row_errors,
        grouped=district is None,
        cell_warnings=cell_warnings,
        row_warnings=row_warnings,
    )
    return render(
        request,
        "admin/ingest/sheet.html",
        _context(
            request,
            model_admin,
            day=day,
            district=district,
            districts=districts,
            whole_province=whole_province,
            problem=problem,
            editable=editable,
            rows=rows,
            summary=summary,
            areas=areas,
            reports=reports,
        ),
        status=status,
    )


def _shown_date(text: str) -> str:
    try:
        return f"{datetime.date.fromisoformat(text):%d/%m/%Y}"
    except ValueError:
        return text


def _context(
    request,
    model_admin,
    *,
    day,
    district,
    districts,
    whole_province,
    problem,
    editable,
    rows,
    summary,
    areas,
    reports=None,
):
    reports = reports if reports is not None else reports_on(day=day, areas=areas)
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Bảng nhập liệu hằng ngày"),
        "is_nav_sidebar_enabled": False,
        "day": day,
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1) if day < timezone.localdate() else None,
        "day_after": day + datetime.timedelta(days=1),
        "today": timezone.localdate(),
        "district": district,
        "districts": districts,
        "whole_province": whole_province,
        "problem": problem,
        "editable": editable,
        "columns": [cols.BY_KEY[key] for key in KEYS],
        "rows": rows,
        "summary": summary,
        "synthetic": any(report.synthetic for report in reports.values()),
        "saved_count": len(reports),
        "completeness": district_status(day=day, district=district) if district is not None else None,
    }


def _warnings(result) -> tuple[dict, dict]:
    """Place the plausibility warnings of a refused sheet on their cells (or rows)."""
    cell_warnings: dict = {}
    row_warnings: dict = {}
    for row in result.plan.rows:
        area = result.area_of_row[row.number]
        for warning in row.warnings:
            if warning.column in KEYS:
                cell_warnings.setdefault((area.pk, warning.column), warning.message)
            else:
                row_warnings.setdefault(area.pk, []).append(warning.message)
    return cell_warnings, row_warnings


def _errors(result, summary: list) -> tuple[dict, dict]:
    """Place the errors of a refused sheet on their cells (or rows), and list them in summary."""
    cell_errors: dict = {}
    row_errors: dict = {}
    for row in result.plan.rows:
        area = result.area_of_row[row.number]
        for error in row.errors:
            if error.column == cols.COMMENT:
                cell_errors[area.pk, error.column] = error.message
                label = f"{area.name} – {cols.BY_KEY[error.column].title}"
                summary.append({"label": label, "message": error.message, "anchor": f"c-{area.pk}-{error.column}"})
            elif error.column in KEYS:
                cell_errors[area.pk, error.column] = error.message
                label = f"{area.name} – {cols.BY_KEY[error.column].title}"
                summary.append({"label": label, "message": error.message, "anchor": f"c-{area.pk}-{error.column}"})
            else:
                row_errors.setdefault(area.pk, []).append(error.message)
                summary.append({"label": area.name, "message": error.message, "anchor": f"c-{area.pk}-{KEYS[0]}"})
    return cell_errors, row_errors
