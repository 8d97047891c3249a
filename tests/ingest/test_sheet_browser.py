"""The daily entry sheet in Chromium: typed with the keyboard along the rows, saved, errors shown on their cells."""

import pytest

from ingest.models import DailyReport

from .files import D

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]

HUU_LUNG = "/admin/ingest/dailyreport/sheet/?date=2021-06-10&district=186"


HUU_LUNG = "/admin/ingest/dailyreport/sheet/?date=2021-06-10&district=186"


@pytest.fixture(autouse=True)
def staff_groups(transactional_db):
    """A live server needs committed data, and each such test ends by emptying the tables: bring back the staff
    groups that migration 0002 created (serialized rollback does not survive Playwright's greenlets)."""
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission

    for name, codes in import_module("ingest.migrations.0002_staff_groups").GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(
                [
                    Permission.objects.get(content_type__app_label=code.split(".")[0], codename=code.split(".")[1])
                    for code in codes
                ]
            )


def cell(page, area, code, key):
    return page.locator(f"#c-{area(code).pk}-{key}")


def test_it_is_typed_along_the_rows_and_saved(langson, area, data_clerk, logged_in_page, live_server, artifacts):
    page = logged_in_page(data_clerk)
    page.goto(live_server.url + HUU_LUNG)
    cell(page, area, "06433", "community_cases_known_source").click()
    for value in ("2", "3", "1", "1", "0", "30", "850"):
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"c-{area('06433').pk}-recovered"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # down to the next commune, same column
    assert page.evaluate("document.activeElement.id") == f"c-{area('06436').pk}-tests"
    page.keyboard.type("120")
    cell(page, area, "186", "note").fill("2 ca chưa xác định xã")
    cell(page, area, "186", "community_cases_known_source").fill("2")
    assert page.locator("tfoot [data-total=community_cases_known_source]").inner_text() == "4"
    page.screenshot(path=str(artifacts / "ingest-sheet-typed.png"), full_page=False)
    page.keyboard.press("Control+s")
    page.wait_for_selector(".messagelist .success")
    assert "3 tạo mới" in page.locator(".messagelist").inner_text()
    page.screenshot(path=str(artifacts / "ingest-sheet-saved.png"), full_page=False)

    van_nham = DailyReport.objects.get(area__code="06433", date=D)
    assert (
        van_nham.community_cases_known_source,
        van_nham.community_cases_unknown_source,
        van_nham.unknown_source_clusters,
        van_nham.hard_to_control_source_cases,
        van_nham.community_f1,
        van_nham.tests,
    ) == (2, 3, 1, 1, 30, 850)
    assert DailyReport.objects.get(area__code="06436").tests == 120
    assert DailyReport.objects.get(area__code="186").note == "2 ca chưa xác định xã"
    assert cell(page, area, "06433", "community_f1").input_value() == "30"  # prefilled after saving


def test_it_shows_errors_on_the_cells_and_saves_nothing(
    langson, area, data_clerk, logged_in_page, live_server, artifacts
):
    page = logged_in_page(data_clerk)
    page.goto(live_server.url + HUU_LUNG)
    cell(page, area, "06388", "community_f1").fill("4")
    cell(page, area, "06391", "community_f1").fill("-2")
    cell(page, area, "06394", "community_cases_known_source").fill("1")
    cell(page, area, "06394", "hard_to_control_source_cases").fill("3")
    page.get_by_role("button", name="Lưu tất cả").click()
    page.wait_for_selector(".sheet-errors")
    bad = cell(page, area, "06391", "community_f1")
    assert bad.get_attribute("aria-invalid") == "true" and bad.input_value() == "-2"
    assert page.evaluate("document.activeElement.id") == bad.get_attribute("id")  # focus on the first error
    message = page.locator(f"#c-{area('06391').pk}-community_f1-error").inner_text()
    assert "phải là số nguyên ≥ 0, nhận được '-2'" in message
    assert cell(page, area, "06388", "community_f1").input_value() == "4"
    page.screenshot(path=str(artifacts / "ingest-sheet-errors.png"), full_page=False)
    assert not DailyReport.objects.exists()
