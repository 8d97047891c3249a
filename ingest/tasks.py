"""Background work for big uploads: preview and commit, with progress in the admin; and the choice to use it.

Both are safe to deliver twice: a preview only records what a file would do, and a commit runs only while its
import is claimed (status "committing"), writing everything in one transaction.
"""

import logging

from celery import shared_task
from django.db import transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from .models import ReportImport
from .services.imports import claim_commit, commit_import, preview_import, runs_in_background

logger = logging.getLogger(__name__)

OPTIONS = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="ingest.preview_import", **OPTIONS)
def preview_import_task(import_id: int) -> str:
    """Read and check an uploaded file."""
    return _run(import_id, ReportImport.Status.PENDING, preview_import)


@shared_task(name="ingest.commit_import", **OPTIONS)
def commit_import_task(import_id: int) -> str:
    """Write a confirmed file."""
    return _run(import_id, ReportImport.Status.COMMITTING, commit_import)


def _run(import_id: int, status: str, service) -> str:
    """Run service on the import if it is still in status (a redelivered task finds it done and skips)."""
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
    logger.exception("ingest: background step of import %s failed", import_id)
    ReportImport.objects.filter(pk=import_id).update(
        status=ReportImport.Status.FAILED,
        message=_("Xử lý tệp thất bại (%(error)s): không có dòng nào được ghi.") % {"error": exc.__class__.__name__},
    )


def start_preview(*, report_import: ReportImport) -> None:
    """Preview now, or in the background for a big file."""
    if runs_in_background(report_import):
        _in_background(preview_import_task, report_import.pk)
    else:
        preview_import(report_import=report_import)


def start_commit(*, report_import: ReportImport, user) -> ReportImport:
    """Claim the import for user and commit it now, or in the background for a big file."""
    report_import = claim_commit(report_import=report_import, user=user)
    if runs_in_background(report_import):
        _in_background(commit_import_task, report_import.pk)
        return report_import
    return commit_import(report_import=report_import)


def _in_background(task, *args) -> None:
    def send() -> None:
        try:
            task.delay(*args)
        except OperationalError:
            # The broker is down: do the work here rather than leave the clerk's file waiting forever.
            logger.warning("ingest: broker unreachable, running %s in the web process", task.name)
            task.apply(args=args)

    transaction.on_commit(send)
