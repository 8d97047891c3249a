"""In Chromium, a clerk's day under issue 11: the sheet, a "không có ca mới" district, a warning explained, the
approver's completeness check and publication, then a correction refused, requested, granted, made, re-reviewed."""

import pytest
from playwright.sync_api import expect

from ingest.models import CorrectionRequest, DailyReport, NoNewCasesDeclaration
from risk.models import Publication

from .files import D
from .test_numbers import ACCEPTED, REFUSED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]

SHEET = "/admin/ingest/dailyreport/sheet/?date=2021-06-10&district="
REVIEW = "/admin/risk/publication/review/2021-06-10/"


def cell(page, area, code, key):
    return page.locator(f"#c-{area(code).pk}-{key}")


def recompute_day():
    """What the worker does after each save (the ingest tests record the request instead of sending it)."""
    from risk.services.recompute import recompute

    recompute(dates=[D])


def test_it_reads_numbers_in_the_browser_as_the_save_does(langson, data_clerk, logged_in_page, live_server):
    page = logged_in_page(data_clerk)
    page.goto(live_server.url + SHEET + "186")
    read = page.evaluate("texts => texts.map(t => window.covidmapsNumbers.parseCount(t))", [*ACCEPTED, *REFUSED])
    assert [r.get("value") for r in read[: len(ACCEPTED)]] == list(ACCEPTED.values())
    assert all("error" in r for r in read[len(ACCEPTED) :])


def test_a_clerks_day_from_the_sheet_to_a_granted_correction(
    langson, area, data_clerk, approver, logged_in_page, live_server, artifacts
):
    # The clerk files "không có ca mới" for Bắc Sơn with one click.
    page = logged_in_page(data_clerk)
    page.goto(live_server.url + SHEET + "185")
    expect(page.locator("#sheet-completeness")).to_have_attribute("data-status", "missing")
    page.get_by_role("button", name="Báo cáo “không có ca mới” cho cả Huyện Bắc Sơn").click()
    expect(page.locator("#sheet-completeness")).to_have_attribute("data-status", "declared")
    assert NoNewCasesDeclaration.objects.get().district.code == "185" and not DailyReport.objects.exists()

    # Hữu Lũng's figures, one of them implausible: the save asks why, the explanation lets it through.
    page.locator("#sheet-district").select_option("186")
    page.wait_for_url("**district=186**")
    cell(page, area, "06385", "community_cases_known_source").fill("2")
    cell(page, area, "06385", "tests").fill("2.000")
    cell(page, area, "06388", "tests").fill("1 500")
    expect(page.locator("tfoot [data-total=tests]")).to_have_text("3.500")
    cell(page, area, "06388", "deaths").fill("40")
    page.get_by_role("button", name="Lưu tất cả").click()
    warning = page.locator(f"#c-{area('06388').pk}-deaths-warning")
    expect(warning).to_contain_text("Số tử vong trong ngày (40)")
    page.screenshot(path=str(artifacts / "ingest-sheet-warning.png"), full_page=False)
    assert not DailyReport.objects.exists()
    page.locator(f"#c-{area('06388').pk}-warning_comment").fill("cháy chợ Hữu Lũng, đã xác minh với TTYT huyện")
    page.get_by_role("button", name="Lưu tất cả").click()
    expect(page.locator(".messagelist .success")).to_contain_text("2 tạo mới")
    explained = DailyReport.objects.get(area__code="06388")
    assert (explained.deaths, explained.tests) == (40, 1500)
    assert explained.history.latest().warning_comment == "cháy chợ Hữu Lũng, đã xác minh với TTYT huyện"
    recompute_day()

    # The approver sees who has not reported and must confirm before publishing.
    page = logged_in_page(approver)
    page.goto(live_server.url + REVIEW)
    expect(page.locator("#completeness-warning")).to_contain_text("Số liệu chưa đủ: 9 huyện chưa báo cáo")
    expect(page.locator('#completeness tr[data-district="185"]')).to_contain_text("Không có ca mới")
    page.get_by_role("button", name="Phê duyệt và công bố").click()
    expect(page.locator(".errornote").last).to_contain_text("9 huyện chưa báo cáo ngày 10/06/2021")
    page.get_by_label("Tôi xác nhận công bố khi số liệu chưa đủ").check()
    page.get_by_role("button", name="Phê duyệt và công bố").click()
    page.wait_for_url("**/admin/risk/publication/*/change/")
    publication = Publication.objects.get()
    assert len(publication.missing_districts) == 9

    # The clerk's correction is refused, saying why; a request goes to the approver.
    page = logged_in_page(data_clerk)
    page.goto(live_server.url + SHEET + "186")
    cell(page, area, "06385", "community_cases_known_source").fill("3")
    page.get_by_role("button", name="Lưu tất cả").click()
    expect(page.locator(".sheet-errors")).to_contain_text("Ngày 10/06/2021 đã được công bố lúc")
    expect(page.locator(".sheet-errors")).to_contain_text("gửi yêu cầu sửa")
    assert DailyReport.objects.get(area__code="06385").community_cases_known_source == 2
    page.goto(live_server.url + "/admin/ingest/correctionrequest/add/")
    page.locator("#id_district").select_option(label="Huyện Hữu Lũng")
    page.locator("#id_date").fill("10/06/2021")
    page.locator("#id_reason").fill("Thị trấn Hữu Lũng có 3 ca rõ nguồn, nhập nhầm 2")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert CorrectionRequest.objects.get().status == CorrectionRequest.Status.PENDING

    # The approver grants it for Hữu Lũng on 10/06.
    page = logged_in_page(approver)
    page.goto(live_server.url + "/admin/ingest/correctionrequest/")
    page.locator("input.action-select").first.check()
    page.locator("select[name=action]").select_option("grant")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Đã cho phép sửa")

    # The clerk corrects; the corrected figures await review again.
    page = logged_in_page(data_clerk)
    page.goto(live_server.url + SHEET + "186")
    cell(page, area, "06385", "community_cases_known_source").fill("3")
    page.get_by_role("button", name="Lưu tất cả").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 cập nhật")
    assert DailyReport.objects.get(area__code="06385").community_cases_known_source == 3
    recompute_day()
    page = logged_in_page(approver)
    page.goto(live_server.url + REVIEW)
    expect(page.locator(".risk-state-awaiting")).to_be_visible()
    page.screenshot(path=str(artifacts / "risk-review-after-correction.png"), full_page=False)
