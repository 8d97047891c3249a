"""Completeness per district and date (issue 11, item 3): reported, "không có ca mới", missing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ingest.completeness import DECLARED, MISSING, REPORTED, completeness
from ingest.models import DailyReport, NoNewCasesDeclaration
from ingest.services.quality import declare_no_new_cases

from .files import D

MISSING_PAGE = "/admin/ingest/nonewcasesdeclaration/missing/?date=2021-06-10"


def states(**kwargs):
    return {status.district.code: status.status for status in completeness(day=D, **kwargs)}


def test_it_tells_reported_declared_and_missing_apart(langson, area, data_clerk):
    DailyReport.objects.create(area=area("06385"), date=D, community_f1=1)
    declare_no_new_cases(user=data_clerk, district=area("181"), day=D)
    found = states()
    assert (found["186"], found["181"], found["178"]) == (REPORTED, DECLARED, MISSING)
    assert len(found) == 11 and list(found.values()).count(MISSING) == 9


def test_it_files_a_whole_district_as_one_declaration_not_zeros(langson, area, client, district_clerk):
    client.force_login(district_clerk)
    response = client.post(
        "/admin/ingest/nonewcasesdeclaration/file/",
        {"date": "2021-06-10", "district": "186", "next": "/admin/ingest/dailyreport/sheet/?date=2021-06-10"},
    )
    assert response.status_code == 302
    declaration = NoNewCasesDeclaration.objects.get()
    assert (declaration.district.code, declaration.date, declaration.declared_by) == ("186", D, district_clerk)
    assert not DailyReport.objects.exists()
    sheet = client.get("/admin/ingest/dailyreport/sheet/?date=2021-06-10&district=186").content.decode()
    assert 'data-status="declared"' in sheet and "Huyện Hữu Lũng đã báo cáo không có ca mới ngày này" in sheet


def test_it_rejects_a_declaration_for_a_district_of_someone_else(langson, area, district_clerk):
    with pytest.raises(PermissionDenied):
        declare_no_new_cases(user=district_clerk, district=area("181"), day=D)


def test_it_rejects_a_declaration_over_existing_reports(langson, area, data_clerk):
    DailyReport.objects.create(area=area("06385"), date=D)
    with pytest.raises(ValidationError) as refused:
        declare_no_new_cases(user=data_clerk, district=area("186"), day=D)
    assert "Huyện Hữu Lũng đã có 1 báo cáo ngày 10/06/2021" in refused.value.messages[0]


def test_it_lists_a_clerks_own_districts_as_not_reported(langson, client, district_clerk):
    client.force_login(district_clerk)
    body = client.get(MISSING_PAGE).content.decode()
    assert "Ngày 10/06/2021: 1 huyện chưa báo cáo" in body
    assert body.count("data-district=") == 1 and 'data-district="186" data-status="missing"' in body
    assert "Báo cáo không có ca mới" in body


def test_it_lists_every_district_for_the_approver(langson, area, client, approver):
    DailyReport.objects.create(area=area("06385"), date=D)
    client.force_login(approver)
    body = client.get(MISSING_PAGE).content.decode()
    assert body.count("data-district=") == 11 and "Ngày 10/06/2021: 10 huyện chưa báo cáo" in body


def test_it_rejects_the_page_for_staff_without_figures(langson, client, outsider):
    client.force_login(outsider)
    assert client.get(MISSING_PAGE).status_code == 403
