"""Locking published dates with lock exceptions (issue 11, item 4): every writer obeys, corrections are granted."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from ingest.locking import FiguresLocked, lock_dates
from ingest.models import CorrectionRequest, DailyReport
from ingest.selectors import report_version
from ingest.services.quality import decide_correction, request_correction
from ingest.services.reports import apply_plan, delete_reports
from ingest.validation import RowInput, plan_reports

from .files import D, csv_bytes, row
from .test_sheet import HUU_LUNG, grid

LOCKED_AT = datetime.datetime(2021, 6, 11, 8, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
REFUSAL = (
    "Ngày 10/06/2021 đã được công bố lúc 08:30 11/06/2021 (cấp độ theo số liệu ngày 10/06/2021) nên số liệu "
    "đã khoá; gửi yêu cầu sửa để người phê duyệt mở lại số liệu của Huyện Hữu Lũng ngày này."
)


@pytest.fixture
def published(langson, area):
    """Xã Hữu Liên's figures of 10/06 fed the publication of 10/06, made at 08:30 on 11/06."""
    report = DailyReport.objects.create(area=area("06388"), date=D, community_f1=3)
    lock_dates(data_date=D, window_days=14, at=LOCKED_AT)
    return report


def change_form(report, **values):
    return {
        "area": report.area_id,
        "date": "10/06/2021",
        "community_cases_known_source": 0,
        "community_cases_unknown_source": 0,
        "unknown_source_clusters": 0,
        "hard_to_control_source_cases": 0,
        "quarantined_cases": 0,
        "community_f1": 3,
        "tests": "",
        "recovered": "",
        "deaths": "",
        "note": "",
        "warning_comment": "",
        **values,
    }


def test_it_refuses_the_sheet_saying_why(published, area, client, data_clerk):
    client.force_login(data_clerk)
    body = client.post(
        HUU_LUNG,
        grid(area, {"06388": {"community_f1": 8}, "06391": {"community_f1": 1}}, {"06388": report_version(published)}),
    ).content.decode()
    assert REFUSAL in body
    assert DailyReport.objects.get().community_f1 == 3


def test_it_refuses_an_upload_a_late_report_and_the_command(published, area, data_clerk, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([row(code="06391", community_f1=1)]))
    with pytest.raises(CommandError):
        call_command("import_reports", str(path))
    plan = plan_reports([RowInput(number=1, cells={"commune_code": "06391", **row(community_f1=1)})], scope=None)
    assert plan.error_lines() == [f"Dòng 1, cột date: {REFUSAL}"]
    assert DailyReport.objects.count() == 1


def test_it_refuses_the_staff_api(published, client, data_clerk):
    client.force_login(data_clerk)
    response = client.post(
        "/staff-api/v1/reports/",
        json.dumps({"date": "2021-06-10", "reports": [{"commune_code": "06388", "community_f1": 9}]}),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["errors"] == [f"Dòng 1, cột date: {REFUSAL}"]


def test_it_refuses_the_admin_change_form_and_deletion(published, client, data_clerk):
    client.force_login(data_clerk)
    body = client.post(
        f"/admin/ingest/dailyreport/{published.pk}/change/", change_form(published, community_f1=9)
    ).content.decode()
    assert REFUSAL in body
    with pytest.raises(FiguresLocked):
        delete_reports(reports=[published], user=data_clerk)
    assert client.post(f"/admin/ingest/dailyreport/{published.pk}/delete/", {"post": "yes"}).status_code == 403
    assert DailyReport.objects.get().community_f1 == 3


def test_it_refuses_a_plan_checked_before_the_lock(langson, area, data_clerk):
    plan = plan_reports([RowInput(number=1, cells={"commune_code": "06391", **row(community_f1=1)})], scope=None)
    assert not plan.has_errors
    lock_dates(data_date=D, window_days=1, at=LOCKED_AT)
    with pytest.raises(FiguresLocked):
        apply_plan(plan=plan, user=data_clerk)
    assert not DailyReport.objects.exists()


def test_it_leaves_dates_outside_the_window_open(published, area, client, data_clerk):
    client.force_login(data_clerk)
    assert DailyReport.objects.filter(date=D + datetime.timedelta(days=1)).count() == 0
    client.post(
        "/admin/ingest/dailyreport/sheet/?date=2021-06-11&district=186",
        grid(area, {"06391": {"community_f1": 1}}) | {"sheet_date": "2021-06-11"},
    )
    assert DailyReport.objects.filter(date=D + datetime.timedelta(days=1)).count() == 1


def test_it_opens_a_district_and_date_on_a_granted_request_until_published_again(
    published, area, client, district_clerk, approver
):
    client.force_login(district_clerk)
    response = client.post(
        "/admin/ingest/correctionrequest/add/",
        {"district": area("186").pk, "date": "10/06/2021", "reason": "F1 nhập nhầm 3 thay vì 8"},
    )
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    assert (correction.status, correction.requested_by) == (CorrectionRequest.Status.PENDING, district_clerk)
    with pytest.raises(PermissionDenied):
        decide_correction(user=district_clerk, correction=correction, grant=True)
    client.force_login(approver)
    client.post("/admin/ingest/correctionrequest/", {"action": "grant", "_selected_action": [correction.pk]})
    correction.refresh_from_db()
    assert (correction.status, correction.decided_by) == (CorrectionRequest.Status.GRANTED, approver)

    client.force_login(district_clerk)
    client.post(HUU_LUNG, grid(area, {"06388": {"community_f1": 8}}, {"06388": report_version(published)}))
    assert DailyReport.objects.get().community_f1 == 8
    other = client.post(
        "/admin/ingest/dailyreport/sheet/?date=2021-06-09&district=186",
        grid(area, {"06391": {"community_f1": 1}}) | {"sheet_date": "2021-06-09"},
    ).content.decode()
    assert "Ngày 09/06/2021 đã được công bố lúc" in other

    lock_dates(data_date=D, window_days=14, at=timezone.now())  # published again after review
    body = client.post(
        HUU_LUNG, grid(area, {"06388": {"community_f1": 9}}, {"06388": report_version(DailyReport.objects.get())})
    ).content.decode()
    assert "đã được công bố lúc" in body and DailyReport.objects.get().community_f1 == 8


def test_it_rejects_requests_without_reason_or_lock_or_scope(published, area, district_clerk):
    with pytest.raises(ValidationError, match="Hãy ghi lý do"):
        request_correction(user=district_clerk, district=area("186"), day=D, reason="  ")
    with pytest.raises(ValidationError, match="chưa được công bố"):
        request_correction(user=district_clerk, district=area("186"), day=D + datetime.timedelta(days=1), reason="x")
    with pytest.raises(PermissionDenied):
        request_correction(user=district_clerk, district=area("181"), day=D, reason="x")
    request_correction(user=district_clerk, district=area("06388"), day=D, reason="x")
    with pytest.raises(ValidationError, match="đang chờ duyệt"):
        request_correction(user=district_clerk, district=area("186"), day=D, reason="y")
