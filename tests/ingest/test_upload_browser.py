"""The upload in Chromium: choose a file, read the preview, download the error rows, confirm."""

import pytest

from ingest.models import DailyReport

from .files import csv_bytes, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]


def test_it_previews_rejects_and_then_writes_a_file(
    langson, data_clerk, logged_in_page, live_server, artifacts, tmp_path
):
    page = logged_in_page(data_clerk)
    bad = tmp_path / "so-lieu-10-6.csv"
    bad.write_bytes(csv_bytes([row(community_f1=3), row(code="06391", community_f1=-2), row(code="06389")]))
    page.goto(live_server.url + "/admin/ingest/reportimport/add/")
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_selector("table.import-rows")
    assert "Tệp có 2 dòng lỗi: không ghi dòng nào." in page.content()
    assert page.get_by_role("button", name="Xác nhận ghi").count() == 0
    page.screenshot(path=str(artifacts / "ingest-upload-errors.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về các dòng lỗi (CSV)").click()
    assert download.value.suggested_filename == "so-lieu-10-6-loi.csv"

    good = tmp_path / "so-lieu-10-6-sua.csv"
    good.write_bytes(
        csv_bytes([row(community_f1=3), row(code="06391", community_f1=2), row(code="06388", date="09/06/2021")])
    )
    page.goto(live_server.url + "/admin/ingest/reportimport/add/")
    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.get_by_role("button", name="Xác nhận ghi").click()
    page.wait_for_selector(".messagelist .success")
    page.screenshot(path=str(artifacts / "ingest-upload-written.png"), full_page=True)
    assert DailyReport.objects.count() == 3
