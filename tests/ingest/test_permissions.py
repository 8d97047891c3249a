"""Who may do what: each staff group × each action, and a district clerk reaching for another district's commune
through the sheet, the upload, the change form and the API."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ingest.models import AreaFlag, DailyReport, DeclaredLevel, ReportImport

from .files import D, csv_bytes, row
from .test_sheet import HUU_LUNG, SHEET, grid

PERSONAS = ["data_clerk", "approver", "editor", "outsider", "district_clerk"]
MAY_ENTER = {"data_clerk", "approver", "district_clerk"}
MAY_READ = MAY_ENTER | {"editor"}
API = "/staff-api/v1/reports/"


@pytest.fixture
def as_persona(request, client, langson):
    def login(name):
        user = request.getfixturevalue(name)
        client.force_login(user)
        return user

    return login


@pytest.mark.parametrize("persona", PERSONAS)
def test_sheet_view(persona, as_persona, client):
    as_persona(persona)
    response = client.get(HUU_LUNG)
    assert response.status_code == (200 if persona in MAY_READ else 403)
    if persona in MAY_READ:
        assert ("Lưu tất cả" in response.content.decode()) == (persona in MAY_ENTER)


@pytest.mark.parametrize("persona", PERSONAS)
def test_sheet_save(persona, as_persona, client, area):
    as_persona(persona)
    response = client.post(HUU_LUNG, grid(area, {"06388": {"community_f1": 3}}))
    assert response.status_code == (302 if persona in MAY_ENTER else 403)
    assert DailyReport.objects.filter(area__code="06388").exists() == (persona in MAY_ENTER)


@pytest.mark.parametrize("persona", PERSONAS)
def test_upload(persona, as_persona, client):
    as_persona(persona)
    response = client.post(
        "/admin/ingest/reportimport/add/", {"file": SimpleUploadedFile("a.csv", csv_bytes([row(community_f1=2)]))}
    )
    assert response.status_code == (302 if persona in MAY_ENTER else 403)
    if persona in MAY_ENTER:
        report_import = ReportImport.objects.get()
        client.post(f"/admin/ingest/reportimport/{report_import.pk}/commit/")
    assert DailyReport.objects.exists() == (persona in MAY_ENTER)


@pytest.mark.parametrize("persona", PERSONAS)
def test_change_form(persona, as_persona, client, area):
    report = DailyReport.objects.create(area=area("06388"), date=D, community_f1=1)
    as_persona(persona)
    url = f"/admin/ingest/dailyreport/{report.pk}/change/"
    response = client.get(url)
    assert response.status_code == (200 if persona in MAY_READ else 403)
    if persona in MAY_READ:
        assert ('name="_save"' in response.content.decode()) == (persona in MAY_ENTER)
    data = {
        "area": report.area_id,
        "date": "10/06/2021",
        "community_cases_known_source": 0,
        "community_cases_unknown_source": 0,
        "unknown_source_clusters": 0,
        "hard_to_control_source_cases": 0,
        "quarantined_cases": 0,
        "community_f1": 6,
        "tests": "",
        "recovered": "",
        "deaths": "",
        "note": "",
    }
    response = client.post(url, data)
    assert response.status_code == (302 if persona in MAY_ENTER else 403), response.content.decode()[-3000:]
    report.refresh_from_db()
    assert report.community_f1 == (6 if persona in MAY_ENTER else 1)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_read(persona, as_persona, client, area):
    DailyReport.objects.create(area=area("06388"), date=D, community_f1=1)
    as_persona(persona)
    response = client.get(API, {"date": "2021-06-10", "district": "186"})
    assert response.status_code == (200 if persona in MAY_READ else 403)
    if persona in MAY_READ:
        assert [r["area_code"] for r in response.json()["reports"]] == ["06388"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_write(persona, as_persona, client):
    as_persona(persona)
    body = {"date": "2021-06-10", "reports": [row(code="06388", date=None, community_f1=4)]}
    response = client.post(API, json.dumps(body), content_type="application/json")
    assert response.status_code == (200 if persona in MAY_ENTER else 403)
    assert DailyReport.objects.filter(community_f1=4).exists() == (persona in MAY_ENTER)


@pytest.mark.parametrize("persona", PERSONAS)
def test_flags_and_declared_levels(persona, as_persona, client, area):
    as_persona(persona)
    flag = {
        "area": area("06388").pk,
        "flag": "illegal_entry_risk",
        "value": "",
        "start": "01/06/2021",
        "end": "10/06/2021",
        "note": "",
    }
    response = client.post("/admin/ingest/areaflag/add/", flag)
    assert response.status_code == (302 if persona in MAY_ENTER else 403)
    assert AreaFlag.objects.exists() == (persona in MAY_ENTER)
    declared = {
        "area": area("24").pk,
        "level": 4,
        "start": "31/05/2021",
        "end": "30/06/2021",
        "reference": "Thông báo số 1/TB-BCĐ",
        "note": "",
    }
    response = client.post("/admin/ingest/declaredlevel/add/", declared)
    province_staff = {"data_clerk", "approver"}  # external areas belong to no district
    assert response.status_code == (302 if persona in province_staff else 403)
    assert DeclaredLevel.objects.exists() == (persona in province_staff)


def test_anonymous_visitors_get_nothing(client, langson):
    assert client.get(API, {"date": "2021-06-10"}).status_code == 401
    assert client.get(HUU_LUNG).status_code == 302  # to the login page
    assert client.post(API, "[]", content_type="application/json").status_code == 401


# A district clerk (Hữu Lũng, 186) and a commune of Thành phố Lạng Sơn (178).


def test_district_clerk_cannot_open_or_save_another_districts_sheet(as_persona, client, area):
    as_persona("district_clerk")
    other = f"{SHEET}?date=2021-06-10&district=178"
    assert client.get(other).status_code == 403
    data = {f"c-{area('05977').pk}-community_f1": "3"}
    assert client.post(other, data).status_code == 403
    assert not DailyReport.objects.exists()
    body = client.get(f"{SHEET}?date=2021-06-10").content.decode()
    assert "Toàn tỉnh" not in body and f"c-{area('05977').pk}-" not in body  # the default is their own district


def test_district_clerk_cannot_slip_another_districts_commune_into_their_sheet(as_persona, client, area):
    as_persona("district_clerk")
    data = grid(area, {"06388": {"community_f1": 1}})
    data[f"c-{area('05977').pk}-community_f1"] = "3"
    client.post(HUU_LUNG, data)
    assert list(DailyReport.objects.values_list("area__code", flat=True)) == ["06388"]


def test_district_clerk_cannot_upload_rows_of_another_district(as_persona, client):
    as_persona("district_clerk")
    client.post(
        "/admin/ingest/reportimport/add/",
        {"file": SimpleUploadedFile("a.csv", csv_bytes([row(code="06388"), row(code="05977")]))},
    )
    report_import = ReportImport.objects.get()
    assert report_import.status == ReportImport.Status.INVALID
    assert report_import.preview["rows"][0]["errors"] == [
        [
            "commune_code",
            "bạn không phụ trách 05977 Phường Vĩnh Trại (Thành phố Lạng Sơn): chỉ nhập được số liệu "
            "của các huyện được giao.",
        ]
    ]
    client.post(f"/admin/ingest/reportimport/{report_import.pk}/commit/")
    assert not DailyReport.objects.exists()


def test_district_clerk_cannot_see_or_change_another_districts_report(as_persona, client, area):
    other = DailyReport.objects.create(area=area("05977"), date=D, community_f1=1)
    own = DailyReport.objects.create(area=area("06388"), date=D, community_f1=1)
    as_persona("district_clerk")
    listing = client.get("/admin/ingest/dailyreport/").content.decode()
    assert f"/admin/ingest/dailyreport/{own.pk}/change/" in listing
    assert f"/admin/ingest/dailyreport/{other.pk}/change/" not in listing
    url = f"/admin/ingest/dailyreport/{other.pk}/change/"
    assert client.get(url).status_code == 302  # "does not exist" for them
    data = {
        "area": other.area_id,
        "date": "10/06/2021",
        "community_cases_known_source": 0,
        "community_cases_unknown_source": 0,
        "unknown_source_clusters": 0,
        "hard_to_control_source_cases": 0,
        "quarantined_cases": 0,
        "community_f1": 9,
        "tests": "",
        "recovered": "",
        "deaths": "",
        "note": "",
    }
    client.post(url, data)
    other.refresh_from_db()
    assert other.community_f1 == 1


def test_district_clerk_cannot_move_their_report_to_another_districts_commune(as_persona, client, area):
    own = DailyReport.objects.create(area=area("06388"), date=D, community_f1=1)
    as_persona("district_clerk")
    data = {
        "area": area("05977").pk,
        "date": "10/06/2021",
        "community_cases_known_source": 0,
        "community_cases_unknown_source": 0,
        "unknown_source_clusters": 0,
        "hard_to_control_source_cases": 0,
        "quarantined_cases": 0,
        "community_f1": 1,
        "tests": "",
        "recovered": "",
        "deaths": "",
        "note": "",
    }
    response = client.post(f"/admin/ingest/dailyreport/{own.pk}/change/", data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode() or "Hãy chọn" in response.content.decode()
    own.refresh_from_db()
    assert own.area.code == "06388"


def test_district_clerk_cannot_use_the_api_for_another_district(as_persona, client):
    as_persona("district_clerk")
    assert client.get(API, {"date": "2021-06-10", "district": "178"}).status_code == 403
    body = {"date": "2021-06-10", "reports": [row(code="06388", date=None), row(code="05977", date=None)]}
    response = client.post(API, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "bạn không phụ trách 05977 Phường Vĩnh Trại" in response.json()["errors"][0]
    assert not DailyReport.objects.exists()


def test_district_clerk_sets_flags_only_in_their_district(as_persona, client, area):
    as_persona("district_clerk")
    flag = {
        "area": area("05977").pk,
        "flag": "illegal_entry_risk",
        "value": "",
        "start": "01/06/2021",
        "end": "10/06/2021",
        "note": "",
    }
    response = client.post("/admin/ingest/areaflag/add/", flag)
    assert response.status_code == 200 and not AreaFlag.objects.exists()
