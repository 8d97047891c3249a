"""Upload of CSV/XLSX files in the admin: the form, the preview and result page, confirmation, downloads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from areas.text import fold

from .. import access
from ..exports import error_rows_csv
from ..exports import template_csv as blank_csv
from ..exports import template_xlsx as blank_xlsx
from ..forms import UploadForm
from ..models import ReportImport
from ..selectors import import_progress, imports_visible_to, same_file_committed
from ..services.imports import ImportNotReady, receive_upload, runs_in_background
from ..tabular import FileRejected
from ..tasks import start_commit, start_preview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import_for(request, pk) -> ReportImport:
    """Return the import the user may see, or raise 404 (another district's uploads do not exist for them)."""
    if not request.user.has_perm("ingest.view_reportimport"):
        raise PermissionDenied
    try:
        return imports_visible_to(request.user).get(pk=pk)
    except (ReportImport.DoesNotExist, ValueError):
        raise Http404 from None


def _context(request, model_admin, **extra) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, **extra}


def upload(request, model_admin):
    if not access.can_upload(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            report_import = receive_upload(
                name=upload_file.name, content=upload_file.read(), user=request.user, language=get_language() or "vi"
            )
        except FileRejected as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            start_preview(report_import=report_import)
            return redirect(reverse("admin:ingest_reportimport_change", args=[report_import.pk]))
    return render(
        request,
        "admin/ingest/reportimport/upload.html",
        _context(request, model_admin, title=_("Tải lên tệp số liệu"), form=form),
    )


def detail(request, model_admin, object_id):
    report_import = _import_for(request, object_id)
    Status = ReportImport.Status
    committable = (
        report_import.status in (Status.PREVIEWED, Status.FAILED)
        and report_import.error_count == 0
        and bool(report_import.preview.get("counts"))
        and access.can_upload(request.user)
    )
    return render(
        request,
        "admin/ingest/reportimport/detail.html",
        _context(
            request,
            model_admin,
            title=_("Tệp số liệu: %(name)s") % {"name": report_import.file_name},
            report_import=report_import,
            preview=report_import.preview,
            progress=import_progress(report_import),
            working=report_import.status in (Status.PENDING, Status.COMMITTING),
            committable=committable,
            can_download_original=access.can_download_original(request.user),
            has_errors=report_import.status == Status.INVALID and bool(report_import.preview.get("rows")),
            earlier=same_file_committed(report_import),
            background=runs_in_background(report_import),
        ),
    )


@require_POST
def commit(request, model_admin, pk):
    report_import = _import_for(request, pk)
    if not access.can_upload(request.user):
        raise PermissionDenied
    try:
        report_import = start_commit(report_import=report_import, user=request.user)
    except ImportNotReady:
        messages.error(request, _("Tệp này không ở trạng thái chờ xác nhận (đã ghi, có lỗi hoặc đang xử lý)."))
    else:
        status = report_import.status
        if status == ReportImport.Status.COMMITTED:
            messages.success(request, report_import.message)
        elif status in (ReportImport.Status.FAILED, ReportImport.Status.INVALID):
            messages.error(request, report_import.message)
    return redirect(reverse("admin:ingest_reportimport_change", args=[pk]))


def status(request, model_admin, pk):
    report_import = _import_for(request, pk)
    return JsonResponse({**import_progress(report_import), "message": report_import.message})


def error_rows(request, model_admin, pk):
    # The rows with errors are the uploaded file's own rows: the same right as the original.
    if not access.can_download_original(request.user):
        raise PermissionDenied
    report_import = _import_for(request, pk)
    try:
        content = error_rows_csv(report_import=report_import)
    except FileRejected as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("admin:ingest_reportimport_change", args=[pk]))
    stem = report_import.file_name.rsplit(".", 1)[0]
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_ascii(stem)}-loi.csv"'
    return response


def original(request, model_admin, pk):
    if not access.can_download_original(request.user):
        raise PermissionDenied
    report_import = _import_for(request, pk)
    # Served as a download only, never rendered: the file came from outside.
    return FileResponse(
        report_import.file.open("rb"),
        as_attachment=True,
        filename=report_import.file_name,
        content_type="application/octet-stream",
    )


def template_xlsx(request, model_admin):
    if not access.can_view_reports(request.user):
        raise PermissionDenied
    response = HttpResponse(blank_xlsx(user=request.user, today=timezone.localdate()), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="bieu-mau-so-lieu-hang-ngay.xlsx"'
    return response


def template_csv(request, model_admin):
    if not access.can_view_reports(request.user):
        raise PermissionDenied
    response = HttpResponse(blank_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bieu-mau-so-lieu-hang-ngay.csv"'
    return response


def _ascii(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in fold(name)) or "tep"
