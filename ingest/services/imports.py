"""Uploaded files of daily reports: receive, preview, commit; big files in the background with progress.

The same functions serve the admin upload and `manage.py import_reports`. A file with any error writes nothing;
a confirmed file is checked again against the data of the moment and written in one transaction.
"""

import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from areas.models import Area

from .. import columns as cols
from ..access import is_scoped, require, scope_district_ids
from ..models import ReportImport
from ..selectors import progress_key
from ..tabular import FileRejected, Table, display, inspect_file, read_table
from ..validation import CREATE, ERROR, UPDATE, Plan, plan_reports, table_inputs
from .reports import ENTER, apply_plan

UPLOAD = ("ingest.add_reportimport", *ENTER)

logger = logging.getLogger(__name__)
Status = ReportImport.Status
PREVIEW_LIMIT = 1000


class ImportNotReady(Exception):
    """The import is not in a state that allows this step (e.g. confirmed twice)."""


def size_problem(size: int) -> str | None:
    """Return why a file of this many bytes is refused, or None."""
    if size <= settings.INGEST_MAX_UPLOAD_BYTES:
        return None
    return _("Tệp nặng %(size)s, vượt giới hạn %(limit)s: hãy chia thành nhiều tệp.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(settings.INGEST_MAX_UPLOAD_BYTES),
    }


def receive_upload(*, name: str, content: bytes, user, language: str = "vi") -> ReportImport:
    """Check that a file can be read and store it as an import awaiting its preview; raise FileRejected if not."""
    require(user, *UPLOAD)
    name = Path(name).name or "upload"
    if not content:
        raise FileRejected([_("Tệp rỗng.")])
    problem = size_problem(len(content))
    if problem:
        raise FileRejected([problem])
    total = inspect_file(content, name)
    report_import = ReportImport(
        file_name=name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        total_rows=total,
        language=language,
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    report_import.file.save(name, ContentFile(content), save=False)
    report_import.save()
    return report_import


def _read(report_import: ReportImport) -> Table:
    with report_import.file.open("rb") as stored:
        return read_table(stored.read(), report_import.file_name)


def _plan(report_import: ReportImport, table: Table, user, progress=None) -> Plan:
    scope = scope_district_ids(user) if user is not None else None
    return plan_reports(table_inputs(table), scope=scope, labels=table.labels, progress=progress)


def _set_progress(report_import: ReportImport, done: int, *, in_database: bool) -> None:
    if not getattr(report_import, "_cache_down", False):
        try:
            cache.set(progress_key(report_import.pk), done, timeout=3600)
        except Exception:  # the bar is a nicety: a cache outage must neither stop nor slow an import
            logger.warning("ingest: progress of import %s not cached", report_import.pk)
            report_import._cache_down = True
    if in_database:
        ReportImport.objects.filter(pk=report_import.pk).update(processed_rows=done)


def summarise(plan: Plan, table: Table) -> dict:
    """Return what the preview page shows: counts, and the rows that create, update or fail (errors first)."""
    order = {ERROR: 0, UPDATE: 1, CREATE: 2}
    shown = sorted(
        (row for row in plan.rows if row.action in order), key=lambda r: (order[r.action], not r.warnings, r.number)
    )
    rows = []
    districts = dict(
        Area.objects.filter(pk__in={r.area.parent_id for r in shown[:PREVIEW_LIMIT] if r.area}).values_list(
            "pk", "name"
        )
    )
    for row in shown[:PREVIEW_LIMIT]:
        if row.action == CREATE:
            changes = [[plan.label(k), None, v] for k, v in row.values.items() if v not in (None, "", 0)]
        else:
            changes = [[plan.label(k), old, new] for k, (old, new) in row.changes.items()]
        rows.append(
            {
                "row": row.number,
                "action": row.action,
                "area": _unit(row.area, districts) if row.area else display(row.cells.get(cols.CODE)),
                "date": f"{row.date:%d/%m/%Y}" if row.date else display(row.cells.get(cols.DATE)),
                "changes": changes,
                "errors": [[plan.label(e.column) if e.column else "", e.message] for e in row.errors],
                "warnings": [[plan.label(w.column) if w.column else "", w.message] for w in row.warnings],
            }
        )
    dates = sorted(plan.changed_dates)
    return {
        "columns": table.headers,
        "counts": plan.counts,
        "rows": rows,
        "more": max(0, len(shown) - PREVIEW_LIMIT),
        "warned": sum(1 for row in plan.rows if row.warnings and not row.errors),
        "first_date": f"{dates[0]:%d/%m/%Y}" if dates else "",
        "last_date": f"{dates[-1]:%d/%m/%Y}" if dates else "",
    }


def _unit(area, districts: dict[int, str]) -> str:
    """Name a commune with its district: names repeat across districts (three "Xã Tân Thành")."""
    parent = districts.get(area.parent_id) if area.kind == "commune" else None
    return f"{area.code} {area.name}" + (f" ({parent})" if parent else "")


def _save_outcome(report_import: ReportImport, plan: Plan, table: Table, *, status: str, message: str) -> None:
    counts = plan.counts
    report_import.status = status
    report_import.created, report_import.updated = counts[CREATE], counts[UPDATE]
    report_import.unchanged, report_import.error_count = counts["unchanged"], counts[ERROR]
    report_import.total_rows = report_import.processed_rows = len(plan.rows)
    report_import.preview = summarise(plan, table)
    report_import.message = message
    report_import.save()


def _reject(report_import: ReportImport, messages: list[str]) -> None:
    report_import.status = Status.INVALID
    report_import.message = "\n".join(messages)
    report_import.preview = {"file_errors": messages}
    report_import.save()


def _error_message(counts: dict[str, int]) -> str:
    return ngettext(
        "Tệp có %(n)d dòng lỗi: không ghi dòng nào.", "Tệp có %(n)d dòng lỗi: không ghi dòng nào.", counts[ERROR]
    ) % {"n": counts[ERROR]}


def preview_import(*, report_import: ReportImport) -> Plan | None:
    """Read and check a stored import, record what committing it would do; return the plan (None: unreadable)."""
    with translation.override(report_import.language):
        try:
            table = _read(report_import)
        except FileRejected as exc:
            _reject(report_import, exc.messages)
            return None
        report_import.total_rows = len(table.rows)
        report_import.save(update_fields=["total_rows"])
        plan = _plan(
            report_import,
            table,
            report_import.uploaded_by,
            progress=lambda done: _set_progress(report_import, done, in_database=True),
        )
        if plan.has_errors:
            _save_outcome(report_import, plan, table, status=Status.INVALID, message=_error_message(plan.counts))
        else:
            counts = plan.counts
            _save_outcome(
                report_import,
                plan,
                table,
                status=Status.PREVIEWED,
                message=_("Sẵn sàng ghi: %(create)d tạo mới, %(update)d cập nhật, %(unchanged)d không đổi.") % counts,
            )
        return plan


def claim_commit(*, report_import: ReportImport, user) -> ReportImport:
    """Mark a previewed import as being committed by user; raise ImportNotReady if it is not committable."""
    require(user, *UPLOAD)
    if is_scoped(user) and report_import.uploaded_by_id != user.pk:
        # Staff of some districts confirm only their own files (the rows are checked against their scope again).
        raise PermissionDenied(_("Bạn chỉ xác nhận được tệp do chính mình tải lên."))
    claimed = ReportImport.objects.filter(
        pk=report_import.pk, status__in=[Status.PREVIEWED, Status.FAILED], error_count=0
    ).update(status=Status.COMMITTING, committed_by=user, processed_rows=0)
    if not claimed:
        raise ImportNotReady(report_import.pk)
    report_import.refresh_from_db()
    return report_import


def commit_import(*, report_import: ReportImport) -> ReportImport:
    """Check a claimed import again and write it in one transaction; on any error write nothing and say why."""
    if report_import.status != Status.COMMITTING:
        raise ImportNotReady(report_import.pk)
    user = report_import.committed_by
    with translation.override(report_import.language):
        try:
            table = _read(report_import)
        except FileRejected as exc:
            _reject(report_import, exc.messages)
            return report_import
        half = len(table.rows)
        try:
            with transaction.atomic():
                plan = _plan(
                    report_import,
                    table,
                    user,
                    progress=lambda done: _set_progress(report_import, done // 2, in_database=False),
                )
                if plan.has_errors:
                    _save_outcome(
                        report_import,
                        plan,
                        table,
                        status=Status.INVALID,
                        message=_("Số liệu đã thay đổi từ khi xem trước. ") + _error_message(plan.counts),
                    )
                    return report_import
                counts = apply_plan(
                    plan=plan,
                    user=user,
                    source_import=report_import,
                    progress=lambda done: _set_progress(report_import, half // 2 + done // 2, in_database=False),
                )
                report_import.committed_at = timezone.now()
                _save_outcome(
                    report_import,
                    plan,
                    table,
                    status=Status.COMMITTED,
                    message=_("Đã ghi: %(create)d tạo mới, %(update)d cập nhật, %(unchanged)d không đổi.") % counts,
                )
        except DatabaseError as exc:
            logger.exception("ingest: import %s failed to commit", report_import.pk)
            # The preview stays as it was: the clerk may confirm again once the database is back.
            report_import.refresh_from_db()
            report_import.status = Status.FAILED
            report_import.message = _(
                "Lỗi cơ sở dữ liệu khi ghi (%(error)s): không có dòng nào được ghi. Hãy thử xác nhận lại sau ít phút."
            ) % {"error": exc.__class__.__name__}
            report_import.save(update_fields=["status", "message"])
    return report_import


def runs_in_background(report_import: ReportImport) -> bool:
    return report_import.total_rows > settings.INGEST_ASYNC_ROWS
