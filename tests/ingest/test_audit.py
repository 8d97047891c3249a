"""Every change of a report keeps who, when, and the values before and after, shown in the admin history."""

from ingest.models import DailyReport

from .files import D
from .test_sheet import HUU_LUNG, grid


def test_it_shows_before_and_after_in_the_admin_history(langson, area, client, data_clerk, approver):
    from ingest.selectors import report_version

    client.force_login(data_clerk)
    client.post(HUU_LUNG, grid(area, {"06388": {"community_f1": 3}}))
    report = DailyReport.objects.get()
    client.force_login(approver)
    client.post(HUU_LUNG, grid(area, {"06388": {"community_f1": 8}}, {"06388": report_version(report)}))
    body = client.get(f"/admin/ingest/dailyreport/{report.pk}/history/").content.decode()
    change = " ".join(body.split("<strong>F1 tại cộng đồng:</strong>")[1].split("</li>")[0].split())
    assert change == "3 &nbsp;&rarr;&nbsp;&nbsp;8"
    assert "nhaplieu" in body and "pheduyet" in body


def test_it_records_the_change_form_and_deletion(langson, area, client, data_clerk):
    report = DailyReport.objects.create(area=area("06388"), date=D, community_f1=1)
    client.force_login(data_clerk)
    data = {
        "area": report.area_id,
        "date": "10/06/2021",
        "community_cases_known_source": 2,
        "community_cases_unknown_source": 0,
        "unknown_source_clusters": 0,
        "hard_to_control_source_cases": 0,
        "quarantined_cases": 0,
        "community_f1": 1,
        "tests": "",
        "recovered": "",
        "deaths": "",
        "note": "sửa",
    }
    assert client.post(f"/admin/ingest/dailyreport/{report.pk}/change/", data).status_code == 302
    client.post(f"/admin/ingest/dailyreport/{report.pk}/delete/", {"post": "yes"})
    types = list(
        DailyReport.history.filter(id=report.pk)
        .order_by("history_id")
        .values_list("history_type", "community_cases_known_source", "history_user__username")
    )
    assert types == [("+", 0, None), ("~", 2, "nhaplieu"), ("-", 2, "nhaplieu")]


def test_it_rejects_a_bad_change_form_with_field_messages(langson, area, client, data_clerk):
    report = DailyReport.objects.create(area=area("06388"), date=D)
    DailyReport.objects.create(area=area("06391"), date=D)
    client.force_login(data_clerk)
    data = {
        "area": area("06391").pk,
        "date": "10/06/2021",
        "community_cases_known_source": 1,
        "community_cases_unknown_source": 0,
        "unknown_source_clusters": 0,
        "hard_to_control_source_cases": 3,
        "quarantined_cases": 0,
        "community_f1": 0,
        "tests": "",
        "recovered": "",
        "deaths": "",
        "note": "",
    }
    body = client.post(f"/admin/ingest/dailyreport/{report.pk}/change/", data).content.decode()
    assert "không được lớn hơn số F0 cộng đồng rõ nguồn lây (1), nhận được 3." in body
    assert "Xã Yên Bình đã có báo cáo ngày 10/06/2021." in body
    report.refresh_from_db()
    assert report.area.code == "06388" and report.history.count() == 1
