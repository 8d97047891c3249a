"""Background work for big uploads: preview and commit, with progress in the admin.

Both are safe to deliver twice: a preview only records what a file would do, and a commit runs only while its
import is claimed (status "committing"), writing everything in one transaction.
"""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)

OPTIONS = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="ingest.preview_import", **OPTIONS)
def preview_import_task(import_id: int) -> str:
    """Read and check an uploaded file."""
    from .models import ReportImport
    from .services.imports import preview_import

    return _run(import_id, ReportImport.Status.PENDING, preview_import)


@shared_task(name="ingest.commit_import", **OPTIONS)
def commit_import_task(import_id: int) -> str:
    """Write a confirmed file."""
    from .models import ReportImport
    from .services.imports import commit_import

    return _run(import_id, ReportImport.Status.COMMITTING, commit_import)


def _run(import_id: int, status: str, service) -> str:
    """Run service on the import if it is still in status (a redelivered task finds it done and skips)."""
    from .models import ReportImport

    report_import = ReportImport.objects.filter(pk=import_id, status=status).first()
    if report_import is None:
        return "skipped"
    try:
        service(report_import=report_import)
    except Exception as exc:
        _fail(import_id, exc)
        raise
    return report_import.status


def _fail(import_id: int, exc: Exception) -> None:
    from django.utils.translation import gettext as _

    from .models import ReportImport

    logger.exception("ingest: background step of import %s failed", import_id)
    ReportImport.objects.filter(pk=import_id).update(
        status=ReportImport.Status.FAILED,
        message=_("Xử lý tệp thất bại (%(error)s): không có dòng nào được ghi.") % {"error": exc.__class__.__name__},
    )
