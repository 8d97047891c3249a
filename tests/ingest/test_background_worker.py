"""A big upload through a real Celery worker over Redis: previewed and committed in the background, with progress."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ingest.models import DailyReport, ReportImport

from .files import csv_bytes, row

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]


@pytest.fixture
def worker(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL)")
    from celery.contrib.testing.worker import start_worker

    from covidmaps.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield app


def wait_until(client, report_import, statuses, seconds=60):
    url = f"/admin/ingest/reportimport/{report_import.pk}/status/"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(url).json()
        if status["status"] in statuses:
            return status
        time.sleep(0.2)
    raise AssertionError(f"import still {status['status']} after {seconds} s")


def test_it_previews_and_commits_a_big_file_on_the_worker(langson, data_clerk, client, settings, worker):
    settings.INGEST_ASYNC_ROWS = 10
    client.force_login(data_clerk)
    communes = langson.children.get(code="186").children.order_by("code").values_list("code", flat=True)
    content = csv_bytes([row(code=code, community_f1=1) for code in communes])
    client.post("/admin/ingest/reportimport/add/", {"file": SimpleUploadedFile("huu-lung.csv", content)})
    report_import = ReportImport.objects.get()
    assert report_import.total_rows == 24
    status = wait_until(client, report_import, {"previewed", "invalid", "failed"})
    assert status["status"] == "previewed" and status["percent"] == 100
    assert not DailyReport.objects.exists()
    client.post(f"/admin/ingest/reportimport/{report_import.pk}/commit/")
    assert client.get(f"/admin/ingest/reportimport/{report_import.pk}/status/").json()["status"] in (
        "committing",
        "committed",
    )
    status = wait_until(client, report_import, {"committed", "failed", "invalid"})
    assert status["status"] == "committed", status
    assert DailyReport.objects.count() == 24
    assert ReportImport.objects.get().created == 24
