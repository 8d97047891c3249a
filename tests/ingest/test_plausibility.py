"""Plausibility rules as data (issue 11, item 2): errors refuse, warnings need a written explanation."""

import datetime
import json

import pytest

from ingest.columns import CSV_HEADER
from ingest.models import DailyReport, PlausibilityRule, ReportImport
from ingest.plausibility import ExpressionError, RuleBook, compile_expression
from ingest.services.imports import preview_import, receive_upload

from .files import D, csv_bytes, row
from .test_sheet import HUU_LUNG, grid

API = "/staff-api/v1/reports/"


def post(client, rows):
    return client.post(API, json.dumps({"date": "2021-06-10", "reports": rows}), content_type="application/json")


def test_it_seeds_a_sensible_set_of_rules(db):
    codes = set(PlausibilityRule.objects.values_list("code", flat=True))
    assert {"f0-toi-da-dan-so", "chum-toi-da-ca-chua-ro-nguon", "f0-tang-dot-bien", "tu-vong-trong-ngay"} <= codes
    for rule in PlausibilityRule.objects.all():
        compile_expression(rule.expression)


def test_it_rejects_more_cases_than_people(langson, client, data_clerk):
    client.force_login(data_clerk)  # Thị trấn Hữu Lũng: 10,165 people
    response = post(
        client, [{"commune_code": "06385", "community_cases_unknown_source": "100.000", "warning_comment": "đúng"}]
    )
    assert response.status_code == 400
    assert (
        "Dòng 1, cột community_cases_unknown_source: Tổng số F0 (100.000) lớn hơn dân số của đơn vị (10.165): "
        "số liệu không thể đúng."
    ) in response.json()["errors"]
    assert not DailyReport.objects.exists()


def test_it_asks_why_for_clusters_without_unknown_source_cases(langson, client, data_clerk):
    client.force_login(data_clerk)
    refused = post(client, [{"commune_code": "06385", "unknown_source_clusters": 3}])
    assert refused.status_code == 400
    row = refused.json()["rows"][0]
    assert row["warnings"][0]["column"] == "unknown_source_clusters"
    assert "Có 3 chùm ca chưa rõ nguồn lây nhưng chỉ 0 F0" in row["warnings"][0]["message"]
    assert row["errors"] == [
        {
            "column": "warning_comment",
            "message": ("số liệu có cảnh báo: hãy kiểm tra lại, hoặc ghi giải trình vì sao số liệu vẫn đúng để lưu."),
        }
    ]
    assert not DailyReport.objects.exists()
    saved = post(
        client,
        [
            {
                "commune_code": "06385",
                "unknown_source_clusters": 3,
                "warning_comment": "các ca của 3 chùm đã báo ngày 09/06",
            }
        ],
    )
    assert saved.status_code == 200 and saved.json()["rows"][0]["warnings"]
    report = DailyReport.objects.get()
    assert report.warning_comment == "các ca của 3 chùm đã báo ngày 09/06"
    assert report.history.latest().warning_comment == "các ca của 3 chùm đã báo ngày 09/06"


def test_it_warns_of_500_deaths_in_a_day(langson, area, client, data_clerk):
    client.force_login(data_clerk)
    body = client.post(HUU_LUNG, grid(area, {"06385": {"deaths": 500}})).content.decode()
    pk = area("06385").pk
    assert f'<td class="sheet-num cell-warning"><input type="text" id="c-{pk}-deaths"' in body
    assert f'id="c-{pk}-deaths-warning">Số tử vong trong ngày (500) vượt quá 5 lần' in body
    assert f'name="c-{pk}-warning_comment" value=""' in body and "hãy kiểm tra lại, hoặc ghi giải trình" in body
    assert not DailyReport.objects.exists()
    data = grid(area, {"06385": {"deaths": 500}}) | {f"c-{pk}-warning_comment": "vụ cháy chợ, xác nhận của TTYT"}
    client.post(HUU_LUNG, data)
    report = DailyReport.objects.get()
    assert (report.deaths, report.warning_comment) == (500, "vụ cháy chợ, xác nhận của TTYT")


def test_it_compares_with_the_largest_value_of_the_last_14_days(langson, area, client, data_clerk):
    commune = area("06385")
    DailyReport.objects.create(area=commune, date=D - datetime.timedelta(days=14), community_cases_unknown_source=10)
    DailyReport.objects.create(area=commune, date=D - datetime.timedelta(days=15), community_cases_unknown_source=90)
    client.force_login(data_clerk)
    assert post(client, [{"commune_code": "06385", "community_cases_unknown_source": 100}]).status_code == 200
    refused = post(client, [{"commune_code": "06391", "community_cases_unknown_source": 51}])
    assert (
        "vượt quá 10 lần mức cao nhất của 14 ngày trước (ngưỡng 50)"
        in refused.json()["rows"][0]["warnings"][0]["message"]
    )


def test_it_shows_warnings_per_row_in_the_upload_preview(langson, client, data_clerk):
    content = csv_bytes([row(code="06385", deaths=40), row(code="06388", community_f1=1)])
    report_import = receive_upload(name="a.csv", content=content, user=data_clerk)
    preview_import(report_import=report_import)
    report_import.refresh_from_db()
    assert report_import.status == ReportImport.Status.INVALID
    warned = report_import.preview["rows"][0]
    assert warned["warnings"][0][0] == "deaths" and "Số tử vong trong ngày (40)" in warned["warnings"][0][1]
    client.force_login(data_clerk)
    body = client.get(f"/admin/ingest/reportimport/{report_import.pk}/change/").content.decode()
    assert "Cảnh báo (cột deaths): Số tử vong trong ngày (40)" in body

    explained = csv_bytes(
        [row(code="06385", deaths=40, warning_comment="dịch chồng lấn"), row(code="06388", community_f1=1)],
        header=(*CSV_HEADER, "warning_comment"),
    )
    report_import = receive_upload(name="b.csv", content=explained, user=data_clerk)
    preview_import(report_import=report_import)
    report_import.refresh_from_db()
    assert report_import.status == ReportImport.Status.PREVIEWED
    assert report_import.preview["warned"] == 1
    assert (
        "có cảnh báo (đã giải trình)"
        in client.get(f"/admin/ingest/reportimport/{report_import.pk}/change/").content.decode()
    )


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os').system('true')",
        "population.__class__",
        "open('x')",
        "deaths if 1 else 2",
        "[d for d in deaths]",
        "max14(max14(deaths))",
        "lambda: 1",
        "deaths ** 99999",
        "undefined_name > 1",
    ],
)
def test_it_rejects_expressions_outside_the_language(expression):
    with pytest.raises(ExpressionError):
        compile_expression(expression)


def test_it_evaluates_the_language_without_eval():
    check, left, right = compile_expression("a_field if 0 else 1" if False else "deaths + 2 * tests <= population / 2")
    values = {"deaths": 1, "tests": 2, "population": 10}
    assert check(values, []) is True and (left(values, []), right(values, [])) == (5, 5)
    book = RuleBook(
        [
            PlausibilityRule(
                code="x",
                name="x",
                severity="warning",
                message="{left} > {right}",
                expression="deaths <= 2 * max14(deaths)",
            )
        ]
    )
    (finding,) = book.check(area_id=1, population=10, day=D, values={"deaths": 5})
    assert finding.message == "5 > 0"


def test_it_lets_only_a_superuser_edit_the_rules(langson, client, approver, data_clerk, django_user_model):
    rule = PlausibilityRule.objects.first()
    for persona in (approver, data_clerk):
        client.force_login(persona)
        assert client.get(f"/admin/ingest/plausibilityrule/{rule.pk}/change/").status_code in (302, 403)
    admin = django_user_model.objects.create_superuser("admin", password="a-long-test-password")
    client.force_login(admin)
    assert client.get(f"/admin/ingest/plausibilityrule/{rule.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/ingest/plausibilityrule/{rule.pk}/change/",
        {
            "code": rule.code,
            "name": rule.name,
            "expression": "__import__('os')",
            "severity": "error",
            "message": rule.message,
            "column": rule.column,
            "active": "on",
        },
    )
    assert response.status_code == 200 and "không được phép" in response.content.decode()
    response = client.post(
        f"/admin/ingest/plausibilityrule/{rule.pk}/change/",
        {
            "code": rule.code,
            "name": rule.name,
            "expression": "deaths <= 3",
            "severity": "error",
            "message": "Quá {right}",
            "column": "deaths",
            "active": "on",
        },
    )
    assert response.status_code == 302
    client.force_login(data_clerk)
    assert post(client, [{"commune_code": "06385", "deaths": 4}]).json()["errors"] == ["Dòng 1, cột deaths: Quá 3"]


def test_it_asks_for_an_explanation_in_the_admin_form_too(langson, area, client, data_clerk):
    report = DailyReport.objects.create(area=area("06385"), date=D)
    client.force_login(data_clerk)
    data = {
        "area": report.area_id,
        "date": "10/06/2021",
        "community_cases_known_source": 0,
        "community_cases_unknown_source": 0,
        "unknown_source_clusters": 0,
        "hard_to_control_source_cases": 0,
        "quarantined_cases": 0,
        "community_f1": 0,
        "tests": "",
        "recovered": "",
        "deaths": 500,
        "note": "",
        "warning_comment": "",
    }
    body = client.post(f"/admin/ingest/dailyreport/{report.pk}/change/", data).content.decode()
    assert "hãy kiểm tra lại, hoặc ghi giải trình" in body
    report.refresh_from_db()
    assert report.deaths is None
    data["warning_comment"] = "đã xác minh"
    assert client.post(f"/admin/ingest/dailyreport/{report.pk}/change/", data).status_code == 302
    report.refresh_from_db()
    assert (report.deaths, report.history.latest().warning_comment) == (500, "đã xác minh")
