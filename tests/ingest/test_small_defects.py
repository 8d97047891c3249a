"""The smaller defects of issue 11 (item 7), each with the test that shows it fixed."""

import json

from ingest.models import DailyReport, ReportImport
from ingest.services.imports import preview_import, receive_upload

from .files import D, csv_bytes, row
from .test_sheet import HUU_LUNG, grid

API = "/staff-api/v1/reports/"


def test_it_rejects_a_sheet_saved_after_its_date_was_changed_without_opening_it(langson, area, client, data_clerk):
    client.force_login(data_clerk)
    data = grid(area, {"06388": {"community_f1": 4}}) | {"sheet_date": "2021-06-11"}
    response = client.post(HUU_LUNG, data)
    body = response.content.decode()
    assert response.status_code == 409
    assert (
        "Bạn đã chọn ngày 11/06/2021 nhưng chưa bấm “Mở bảng”: bảng đang hiện ngày 10/06/2021 nên chưa lưu gì." in body
    )
    assert f'name="c-{area("06388").pk}-community_f1" value="4"' in body  # what was typed stays on the page
    assert not DailyReport.objects.exists()
    client.post(HUU_LUNG, data | {"sheet_date": "2021-06-10"})
    assert DailyReport.objects.get().date == D


def test_it_does_not_count_new_rows_in_a_refused_file(langson, client, data_clerk):
    report_import = receive_upload(
        name="a.csv", content=csv_bytes([row(), row(code="06391", community_f1=-2)]), user=data_clerk
    )
    preview_import(report_import=report_import)
    report_import.refresh_from_db()
    assert report_import.status == ReportImport.Status.INVALID
    client.force_login(data_clerk)
    body = " ".join(client.get(f"/admin/ingest/reportimport/{report_import.pk}/change/").content.decode().split())
    assert "tạo mới</li>" not in body
    assert "<strong>1</strong> dòng có lỗi: không dòng nào được ghi." in body
    assert "1 dòng khác không có lỗi sẽ được ghi khi tệp hết lỗi." in body


def test_it_names_the_district_of_each_commune_in_the_unit_column(langson, client, data_clerk):
    client.force_login(data_clerk)
    body = client.get("/admin/ingest/dailyreport/sheet/?date=2021-06-10").content.decode()
    labels = {label for label in body.split('aria-label="')[1:] if label.startswith("Xã Tân Thành")}
    districts = {label.split(":")[0] for label in labels}
    assert districts == {
        "Xã Tân Thành (Huyện Cao Lộc)",
        "Xã Tân Thành (Huyện Bắc Sơn)",
        "Xã Tân Thành (Huyện Hữu Lũng)",
    }


def test_it_names_the_district_in_the_upload_preview(langson, data_clerk):
    report_import = receive_upload(
        name="a.csv", content=csv_bytes([row(code="06442", community_f1=1)]), user=data_clerk
    )
    preview_import(report_import=report_import)
    report_import.refresh_from_db()
    assert report_import.preview["rows"][0]["area"] == "06442 Xã Tân Thành (Huyện Hữu Lũng)"


def test_it_takes_back_what_the_staff_api_returns(langson, area, client, data_clerk):
    DailyReport.objects.create(area=area("06388"), date=D, community_f1=3, community_cases_known_source=2)
    client.force_login(data_clerk)
    record = client.get(API + "?date=2021-06-10").json()["reports"][0]
    assert record["commune_code"] == "06388"
    response = client.post(
        API, json.dumps({"reports": [record | {"community_f1": 5}]}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["update"] == 1
    partial = client.post(
        API,
        json.dumps({"date": "2021-06-10", "reports": [{"area_code": "06388", "tests": 12}]}),
        content_type="application/json",
    )
    assert partial.status_code == 200, partial.content
    report = DailyReport.objects.get()
    assert (report.community_f1, report.community_cases_known_source, report.tests) == (5, 2, 12)


def test_it_speaks_vietnamese_in_the_admin_history_and_errors(langson, area, client, data_clerk, editor):
    report = DailyReport.objects.create(area=area("06388"), date=D, community_f1=1)
    client.force_login(data_clerk)
    history = client.get(f"/admin/ingest/dailyreport/{report.pk}/history/").content.decode()
    assert "Người thay đổi" in history and "Changed by" not in history
    change = client.get(f"/admin/ingest/dailyreport/{report.pk}/change/").content.decode()
    assert ">Lịch sử</a>" in change and "Bản ghi nhớ" not in change
    bad = client.post(f"/admin/ingest/dailyreport/{report.pk}/change/", {"area": report.area_id, "date": "x"})
    assert "Hãy sửa các lỗi dưới đây." in bad.content.decode() and "Please correct" not in bad.content.decode()
    assert str(DailyReport.history.model._meta.verbose_name) == "lịch sử báo cáo ngày"
    client.force_login(editor)
    viewed = client.get(f"/admin/ingest/dailyreport/{report.pk}/history/").content.decode()
    assert "Xem lịch sử" in viewed and "View history" not in viewed
