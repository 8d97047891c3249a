"""The staff JSON API: a day's reports out, a day's rows in through the upload's checks."""

import json

from django.test import Client

from ingest.models import DailyReport

from .files import D, row

API = "/staff-api/v1/reports/"


def post(client, body, **extra):
    return client.post(API, json.dumps(body), content_type="application/json", **extra)


def test_it_lists_a_districts_reports_of_a_day(langson, area, client, editor):
    DailyReport.objects.create(area=area("06388"), date=D, community_f1=3, synthetic=True)
    DailyReport.objects.create(area=area("186"), date=D, community_cases_known_source=2)
    DailyReport.objects.create(area=area("05977"), date=D, community_f1=1)
    client.force_login(editor)
    data = client.get(API, {"date": "2021-06-10", "district": "186"}).json()
    assert data["district"] == {"code": "186", "name": "Huyện Hữu Lũng"} and data["count"] == 2
    first = data["reports"][0]
    assert (first["area_code"], first["district_code"], first["community_f1"], first["synthetic"]) == (
        "06388",
        "186",
        3,
        True,
    )
    assert data["reports"][1]["kind"] == "district"
    assert client.get(API, {"date": "2021-06-10"}).json()["count"] == 3


def test_it_explains_a_bad_query(langson, client, editor):
    client.force_login(editor)
    response = client.get(API, {"date": "10/06/2021"})
    assert response.status_code == 400 and "YYYY-MM-DD" in response.json()["error"]
    assert client.get(API, {"date": "2021-06-10", "district": "999"}).status_code == 404


def test_it_writes_a_days_rows_and_reports_what_changed(langson, area, client, data_clerk):
    DailyReport.objects.create(area=area("06388"), date=D, community_f1=1)
    client.force_login(data_clerk)
    body = {
        "date": "2021-06-10",
        "reports": [row(date=None, community_f1=4), row(code="06391", date=None, community_cases_known_source=1)],
    }
    data = post(client, body).json()
    assert (data["written"], data["create"], data["update"]) == (True, 1, 1)
    assert data["rows"][0]["changes"] == {"community_f1": {"old": 1, "new": 4}}
    assert DailyReport.objects.get(area__code="06388").history.latest().history_user == data_clerk


def test_it_writes_nothing_on_a_dry_run(langson, client, data_clerk):
    client.force_login(data_clerk)
    data = post(client, {"date": "2021-06-10", "dry_run": True, "reports": [row(date=None)]}).json()
    assert (data["written"], data["create"]) == (False, 1)
    assert not DailyReport.objects.exists()


def test_it_rejects_bad_rows_with_the_uploads_messages(langson, client, data_clerk):
    client.force_login(data_clerk)
    response = post(
        client,
        {
            "date": "2021-06-10",
            "reports": [
                row(date=None),
                row(code="06391", date=None, community_f1=-2) | {"colour": "red"},
                {"commune_code": "06394"},
            ],
        },
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "Dòng 2, cột community_f1: phải là số nguyên ≥ 0, nhận được '-2': là số âm." in errors
    assert "Dòng 2: không có cột colour." in errors
    assert not any("Dòng 3" in line for line in errors)  # missing figures of a new report are 0
    assert not DailyReport.objects.exists()


def test_it_rejects_a_body_that_is_not_rows(langson, client, data_clerk):
    client.force_login(data_clerk)
    assert client.post(API, "{not json", content_type="application/json").status_code == 400
    assert post(client, {"date": "2021-06-10"}).status_code == 400


def test_it_requires_the_csrf_token(langson, data_clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(data_clerk)
    assert post(client, {"date": "2021-06-10", "reports": [row(date=None)]}).status_code == 403
    client.get("/admin/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = post(client, {"date": "2021-06-10", "reports": [row(date=None)]}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert DailyReport.objects.exists()
