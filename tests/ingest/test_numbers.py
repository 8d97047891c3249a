"""Counts as typed in Vietnam: one parser for the sheet, the upload and the staff API (issue 11, item 1)."""

import json

import pytest

from ingest.models import DailyReport, ReportImport
from ingest.numbers import CountError, parse_count
from ingest.services.imports import preview_import, receive_upload

from .files import D, csv_bytes, row
from .test_sheet import HUU_LUNG, grid

# Text → the count it means; shared with the browser test that runs static/js/numbers.js on the same cases.
ACCEPTED = {
    "2.000": 2000,
    "2 000": 2000,
    "2,000": 2000,
    "2\u00a0000": 2000,
    "1.234.567": 1234567,
    "1 234 567": 1234567,
    "12": 12,
    "0": 0,
    " 7 ": 7,
    "+5": 5,
    "2.147.483.647": 2147483647,
    "": None,
}
REFUSED = {
    "2.00": "số thập phân",
    "2,5": "số thập phân",
    "12.50": "số thập phân",
    "2.0": "số thập phân",
    "1.234,5": "đúng 3 chữ số",
    "1,234.567": "đúng 3 chữ số",
    "1.23.456": "đúng 3 chữ số",
    "12.3456": "đúng 3 chữ số",
    "-3": "số âm",
    "-2.000": "số âm",
    "hai": "không phải là số",
    "2e3": "không phải là số",
    "2.147.483.648": "vượt giới hạn",
}


@pytest.mark.parametrize("text, number", ACCEPTED.items())
def test_it_reads_groups_of_three_as_thousands(text, number):
    assert parse_count(text) == number


@pytest.mark.parametrize("text, reading", REFUSED.items())
def test_it_rejects_what_is_not_a_whole_number_saying_how_it_was_read(text, reading):
    with pytest.raises(CountError) as refused:
        parse_count(text)
    assert refused.value.message.startswith(f"phải là số nguyên ≥ 0, nhận được '{text.strip()}': ")
    assert reading in refused.value.message


def test_it_takes_spreadsheet_numbers_as_they_are():
    assert (parse_count(3), parse_count(3.0), parse_count(None)) == (3, 3, None)
    for value in (2.5, True, float("nan")):
        with pytest.raises(CountError):
            parse_count(value)


def test_it_saves_what_the_sheet_shows_for_2_000(langson, area, client, data_clerk):
    client.force_login(data_clerk)
    client.post(HUU_LUNG, grid(area, {"06385": {"recovered": "1.000", "tests": "2 000"}}))
    report = DailyReport.objects.get(area__code="06385", date=D)
    assert (report.recovered, report.tests) == (1000, 2000)


def test_it_rejects_a_decimal_in_the_sheet_and_writes_nothing(langson, area, client, data_clerk):
    client.force_login(data_clerk)
    body = client.post(HUU_LUNG, grid(area, {"06385": {"community_f1": "2,5"}})).content.decode()
    assert "nhận được &#x27;2,5&#x27;: được đọc là số thập phân" in body
    assert not DailyReport.objects.exists()


def test_it_reads_uploads_with_the_same_parser(langson, data_clerk):
    content = csv_bytes([row(code="06385", tests="2.000"), row(code="06388", community_f1="1.5")])
    report_import = receive_upload(name="a.csv", content=content, user=data_clerk)
    plan = preview_import(report_import=report_import)
    report_import.refresh_from_db()
    assert report_import.status == ReportImport.Status.INVALID
    assert plan.rows[0].values["tests"] == 2000
    assert plan.error_lines() == [
        "Dòng 3, cột community_f1: phải là số nguyên ≥ 0, nhận được '1.5': được đọc là số "
        "thập phân (dấu ngăn hàng nghìn phải có đúng 3 chữ số sau nó, ví dụ 2.000); chỉ nhập "
        "số nguyên."
    ]


def test_it_reads_the_staff_api_with_the_same_parser(langson, client, data_clerk):
    client.force_login(data_clerk)
    response = client.post(
        "/staff-api/v1/reports/",
        json.dumps({"date": "2021-06-10", "reports": [{"commune_code": "06385", "tests": "2 000"}]}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert DailyReport.objects.get(area__code="06385").tests == 2000
