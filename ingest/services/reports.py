"""Write daily reports: a checked plan in one transaction, with history, then one recomputation request."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from areas.models import Area

from .. import columns as cols
from .. import locking
from ..access import require, scope_district_ids
from ..models import REPORT_FIELDS, DailyReport
from ..selectors import report_version
from ..validation import (
    CREATE,
    UPDATE,
    Plan,
    RowError,
    RowInput,
    RowPlan,
    check_area,
    check_locks,
    check_plausibility,
    check_values,
    plan_reports,
)
from .recompute import recompute_after_commit

STAMP_FIELDS = ("entered_by", "entered_at", "source_import")
API_READ_ONLY = frozenset({"area_name", "kind", "district_code", "entered_by", "entered_at", "synthetic"})
BATCH = 2000


class PlanHasErrors(Exception):
    """A plan with errors reached a write: nothing is written."""


ENTER = ("ingest.add_dailyreport", "ingest.change_dailyreport")


def _author(user):
    return user if user is not None and user.is_authenticated else None


def require_entry(user, areas=()) -> None:
    """Raise PermissionDenied unless user may enter reports, for each of areas."""
    require(user, *ENTER)
    for area in {area.pk: area for area in areas}.values():
        require(user, area=area)


def apply_plan(
    *,
    plan: Plan,
    user,
    source_import=None,
    synthetic: bool = False,
    recompute: bool = True,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write a plan without errors in one transaction: new reports and changed ones, each with its history."""
    require_entry(user, [row.area for row in plan.rows if row.action in (CREATE, UPDATE)])
    if plan.has_errors:
        raise PlanHasErrors(plan.error_lines()[:5])
    author, now = _author(user), timezone.now()
    creates, updates = [], []
    for row in plan.rows:
        if row.action == CREATE:
            creates.append(
                DailyReport(
                    area=row.area,
                    date=row.date,
                    **row.values,
                    entered_by=author,
                    entered_at=now,
                    source_import=source_import,
                    synthetic=synthetic,
                )
            )
        elif row.action == UPDATE:
            report = row.report
            for key, (_old, new) in row.changes.items():
                setattr(report, key, new)
            report.entered_by, report.entered_at, report.source_import = author, now, source_import
            updates.append(report)
    changed = sorted({key for row in plan.rows if row.action == UPDATE for key in row.changes})
    done = 0
    with transaction.atomic():
        # Every writer passes here: a plan checked before a publication locked its date is refused all the same.
        locking.assert_open((row.area, row.date) for row in plan.rows if row.action in (CREATE, UPDATE))
        for start in range(0, len(creates), BATCH):
            batch = creates[start : start + BATCH]
            bulk_create_with_history(batch, DailyReport, batch_size=BATCH, default_user=author, default_date=now)
            done += len(batch)
            if progress:
                progress(done)
        for start in range(0, len(updates), BATCH):
            batch = updates[start : start + BATCH]
            _update_rows(batch, fields=[*changed, *STAMP_FIELDS])
            DailyReport.history.bulk_history_create(
                batch, update=True, batch_size=BATCH, default_user=author, default_date=now
            )
            done += len(batch)
            if progress:
                progress(done)
        if recompute:
            recompute_after_commit(plan.changed_dates)
    return plan.counts


def _update_rows(reports: list[DailyReport], *, fields: list[str]) -> None:
    """Write fields of many reports (changed in memory) with one prepared UPDATE run for each row.

    Django's bulk_update builds a CASE expression per column and row in Python, which costs minutes at ten thousand
    rows; the history records are written beside it by django-simple-history, so nothing bypasses the audit.
    """
    meta = DailyReport._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = [
        [field.get_db_prep_save(getattr(report, field.attname), connection) for field in columns] + [report.pk]
        for report in reports
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def report_errors(*, report: DailyReport, user) -> dict[str, list[str]]:
    """Check one report as the admin form holds it; return messages by field (empty when sound)."""
    cells = {key: getattr(report, key) for key in REPORT_FIELDS}
    cells[cols.DATE] = report.date
    cells[cols.COMMENT] = report.warning_comment
    row = RowPlan(number=1, cells=cells)
    check_values(row, today=timezone.localdate())
    if report.area_id and report.date and not row.errors:
        row.area, row.date = report.area, report.date
        if report.pk:
            row.report = DailyReport.objects.filter(pk=report.pk).first()
            if row.report is not None:
                row.changes = {
                    key: (getattr(row.report, key), getattr(report, key))
                    for key in (*REPORT_FIELDS, "area_id", "date", "note", cols.COMMENT)
                    if getattr(row.report, key) != getattr(report, key)
                }
        check_plausibility([row])
        check_locks([row])
        if row.report is not None and row.report.date != report.date:
            check_locks([RowPlan(number=1, cells={}, area=row.report.area, date=row.report.date, errors=[], values={})])
    if report.area_id and report.date:
        check_area(row, report.area, report.date, scope=scope_district_ids(user))
        if DailyReport.objects.filter(area_id=report.area_id, date=report.date).exclude(pk=report.pk).exists():
            row.error(
                cols.DATE,
                _("%(area)s đã có báo cáo ngày %(day)s.")
                % {"area": report.area.name, "day": f"{report.date:%d/%m/%Y}"},
            )
    errors: dict[str, list[str]] = {}
    for error in row.errors:
        name = {cols.CODE: "area", cols.DATE: "date"}.get(error.column, error.column or "__all__")
        errors.setdefault(name, []).append(error.message)
    return errors


def save_report(*, report: DailyReport, user) -> DailyReport:
    """Save one report checked by report_errors (the admin form), with its history; recompute its dates."""
    stored = DailyReport.objects.select_related("area").filter(pk=report.pk).first() if report.pk else None
    # Both the report's new area and the one it had: nobody moves another district's report into their own.
    require(user, "ingest.change_dailyreport" if stored else "ingest.add_dailyreport", area=report.area)
    if stored is not None:
        require(user, area=stored.area)
    previous = stored.date if stored else None
    report.entered_by = _author(user)
    report.source_import = None
    report._history_user = _author(user)
    with transaction.atomic():
        locking.assert_open(
            [(report.area, report.date)] + ([(report.area, previous)] if previous and previous != report.date else [])
        )
        report.save()
        recompute_after_commit({report.date} | ({previous} if previous else set()))
    return report


def delete_reports(*, reports, user) -> int:
    """Delete reports one by one (each keeps a history record of its deletion); recompute their dates."""
    dates, count = set(), 0
    with transaction.atomic():
        reports = list(reports)
        locking.assert_open((report.area, report.date) for report in reports)
        for report in reports:
            require(user, "ingest.delete_dailyreport", area=DailyReport.objects.get(pk=report.pk).area)
            report._history_user = _author(user)
            dates.add(report.date)
            report.delete()
            count += 1
        recompute_after_commit(dates)
    return count


@dataclass
class SheetResult:
    plan: Plan
    counts: dict[str, int] | None = None
    area_of_row: dict[int, Area] = field(default_factory=dict)

    @property
    def saved(self) -> bool:
        return self.counts is not None


def _blank(value: Any) -> bool:
    return value is None or not str(value).strip()


def save_sheet(
    *,
    user,
    day: datetime.date,
    areas: list[Area],
    cells: dict[int, dict[str, Any]],
    versions: dict[int, str],
) -> SheetResult:
    """Check a day's sheet (rows left blank with no report are skipped) and write it all in one transaction.

    `versions` are the report versions the sheet was drawn with: a report changed by someone else meanwhile is an
    error on its row, so that nobody overwrites figures they have not seen.
    """
    scope = scope_district_ids(user)
    with transaction.atomic():
        current = {
            report.area_id: report
            for report in DailyReport.objects.select_for_update(of=("self",))
            .select_related("entered_by")
            .filter(date=day, area__in=areas)
        }
        rows, area_of_row = [], {}
        for number, area in enumerate(areas, start=1):
            row_cells = cells.get(area.pk, {})
            if area.pk not in current and all(_blank(v) for v in row_cells.values()):
                continue
            rows.append(RowInput(number=number, cells={cols.DATE: day, **row_cells}, area=area))
            area_of_row[number] = area
        plan = plan_reports(rows, scope=scope)
        for row in plan.rows:
            report = current.get(row.area.pk) if row.area else None
            seen = versions.get(row.area.pk, "") if row.area else ""
            if (report_version(report) if report else "") != seen:
                row.errors.append(RowError(None, _conflict_message(report)))
        result = SheetResult(plan=plan, area_of_row=area_of_row)
        if not plan.has_errors:
            result.counts = apply_plan(plan=plan, user=user)
    return result


def _conflict_message(report: DailyReport | None) -> str:
    if report is None:
        return _("báo cáo này vừa bị xoá sau khi bạn mở bảng; hãy kiểm tra rồi lưu lại.")
    who = report.entered_by.get_username() if report.entered_by else _("người khác")
    when = date_format(timezone.localtime(report.entered_at), "H:i d/m/Y")
    return _(
        "báo cáo này vừa được %(who)s sửa lúc %(when)s, sau khi bạn mở bảng. Bảng đang giữ số liệu bạn "
        "nhập; hãy kiểm tra rồi lưu lại."
    ) % {"who": who, "when": when}


def submit_reports(*, user, rows: list[dict], date: Any = None, dry_run: bool = False) -> tuple[Plan, dict | None]:
    """Check rows sent to the staff API (each a mapping of column keys) and write them unless dry_run."""
    require_entry(user)
    known = {c.key for c in cols.COLUMNS}
    inputs, unknown = [], {}
    for number, item in enumerate(rows, start=1):
        if not isinstance(item, dict):
            item = {}
            unknown[number] = [_("mỗi dòng phải là một đối tượng JSON.")]
        # A record as GET returns it can be sent back: its code under either name, its read-only fields ignored.
        item = {key: value for key, value in item.items() if key not in API_READ_ONLY}
        if "area_code" in item:
            item.setdefault(cols.CODE, item.pop("area_code"))
        cells = {key: value for key, value in item.items() if key in known}
        if date is not None and cells.get(cols.DATE) in (None, ""):
            cells[cols.DATE] = date
        extra = sorted(key for key in item if key not in known)
        if extra:
            unknown.setdefault(number, []).append(_("không có cột %(names)s.") % {"names": ", ".join(extra)})
        inputs.append(RowInput(number=number, cells=cells, partial=True))
    with transaction.atomic():
        plan = plan_reports(inputs, scope=scope_district_ids(user))
        for row in plan.rows:
            row.errors.extend(RowError(None, message) for message in unknown.get(row.number, []))
        if dry_run or plan.has_errors:
            return plan, None
        return plan, apply_plan(plan=plan, user=user)
