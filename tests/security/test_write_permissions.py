"""Permissions hold where the write happens (issue 10, item 1): the history pages, an empty district assignment,
the services called directly, and commands acting as the system account."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from ingest.access import scope_district_ids, system_user
from ingest.groups import DATA_ENTRY
from ingest.models import DailyReport, DeclaredLevel, StaffScope
from ingest.services.reports import save_report
from notices.models import Measure, PublicText

D = datetime.date(2021, 6, 10)
REPORT_FORM = {
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


def history_url(record) -> tuple[str, str]:
    meta = record._meta
    base = f"/admin/{meta.app_label}/{meta.model_name}/{record.pk}/history/"
    return base, f"{base}{record.history.latest('history_id').history_id}/"


@pytest.fixture
def other_districts_report(area, system):
    """A report of Phường Vĩnh Trại (Thành phố Lạng Sơn), which the Hữu Lũng clerk does not work for."""
    report = DailyReport(area=area("05977"), date=D, community_f1=1)
    return save_report(report=report, user=system)


def test_it_rejects_a_history_post_from_an_editor_who_may_only_view_reports(client, editor, other_districts_report):
    report = other_districts_report
    client.force_login(editor)
    _, detail = history_url(report)
    assert client.get(detail).status_code == 200
    response = client.post(detail, {**REPORT_FORM, "area": report.area_id, "community_f1": 900})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.community_f1 == 1 and report.history.count() == 1


def test_it_rejects_a_history_post_while_revert_is_disabled_even_from_who_may_change(
    client, data_clerk, other_districts_report
):
    report = other_districts_report
    client.force_login(data_clerk)
    _, detail = history_url(report)
    response = client.post(detail, {**REPORT_FORM, "area": report.area_id, "community_f1": 900})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.community_f1 == 1 and report.history.count() == 1


def test_it_rejects_the_history_of_another_districts_report(
    client, district_clerk, data_clerk, area, other_districts_report
):
    report = other_districts_report
    listing, detail = history_url(report)
    client.force_login(district_clerk)
    assert client.get(listing).status_code == 403
    assert client.get(detail).status_code == 403
    # Moving another district's report into one's own commune through the history form.
    response = client.post(detail, {**REPORT_FORM, "area": area("06388").pk})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.area.code == "05977"
    client.force_login(data_clerk)  # the province clerk reads it
    assert client.get(listing).status_code == 200 and client.get(detail).status_code == 200


def test_it_rejects_the_history_of_a_deleted_report_of_another_district(
    client, district_clerk, system, other_districts_report
):
    from ingest.services.reports import delete_reports

    report = other_districts_report
    listing, _ = history_url(report)
    delete_reports(reports=[report], user=system)
    client.force_login(district_clerk)
    assert client.get(listing).status_code == 403


def test_it_rejects_history_posts_to_public_texts_measures_and_declared_levels(
    client, data_clerk, editor, area, system
):
    from ingest.services.flags import save_declared_level

    declared = save_declared_level(
        declared=DeclaredLevel(
            area=area("24"),
            level=4,
            start=datetime.date(2021, 5, 31),
            end=datetime.date(2021, 6, 30),
            reference="Thông báo 1/TB-BCĐ",
        ),
        user=system,
    )
    from notices import services as notices

    measure = notices.save_measure(measure=Measure.objects.order_by("pk").first(), user=system)  # a first version
    text = notices.save_public_text(text=PublicText.objects.order_by("pk").first(), user=system)
    before = (Measure.history.count(), PublicText.history.count(), DeclaredLevel.history.count())
    client.force_login(data_clerk)  # may only view measures and texts
    for record, data in [
        (measure, {"level": measure.level, "text_vi": "Đã bị sửa", "valid_from": "01/01/2021"}),
        (text, {"key": text.key, "title_vi": "Đã bị sửa", "body_vi": "x", "valid_from": "01/01/2021"}),
    ]:
        assert client.post(history_url(record)[1], data).status_code == 403
    client.force_login(editor)  # may only view declared levels
    response = client.post(
        history_url(declared)[1],
        {
            "area": declared.area_id,
            "level": 1,
            "start": "31/05/2021",
            "end": "30/06/2021",
            "reference": "x",
            "note": "",
        },
    )
    assert response.status_code == 403
    assert (Measure.history.count(), PublicText.history.count(), DeclaredLevel.history.count()) == before
    declared.refresh_from_db()
    assert declared.level == 4


def test_it_gives_an_empty_assignment_nothing(client, langson, django_user_model, other_districts_report):
    clerk = django_user_model.objects.create_user(username="chua.giao", password="a-long-test-password", is_staff=True)
    clerk.groups.add(Group.objects.get(name=DATA_ENTRY))
    StaffScope.objects.create(user=clerk)
    assert scope_district_ids(clerk) == frozenset()
    client.force_login(clerk)
    assert client.get("/staff-api/v1/reports/", {"date": "2021-06-10"}).json()["reports"] == []
    assert client.get("/admin/ingest/dailyreport/sheet/?date=2021-06-10").status_code == 403
    assert client.get(f"/admin/ingest/dailyreport/{other_districts_report.pk}/change/").status_code == 302  # gone
    listing, _ = history_url(other_districts_report)
    assert client.get(listing).status_code == 403
    with pytest.raises(PermissionDenied):
        save_report(
            report=DailyReport(area=other_districts_report.area, date=D - datetime.timedelta(days=1)), user=clerk
        )
    assert DailyReport.objects.count() == 1


def test_it_rejects_service_writes_without_an_acting_user_or_out_of_scope(
    area, district_clerk, editor, other_districts_report
):
    from notices import services as notices
    from risk.services.overrides import set_override

    with pytest.raises(PermissionDenied):
        save_report(report=DailyReport(area=area("06388"), date=D), user=None)
    moved = DailyReport.objects.get(pk=other_districts_report.pk)
    moved.area = area("06388")  # into the Hữu Lũng clerk's own commune
    with pytest.raises(PermissionDenied):
        save_report(report=moved, user=district_clerk)
    with pytest.raises(PermissionDenied):
        set_override(
            area=area("06388"), level=4, start=D, end=D, reason="x", body="x", decision_number="1", user=district_clerk
        )
    measure = Measure.objects.order_by("pk").first()
    measure.text_vi = "Đã bị sửa"
    with pytest.raises(PermissionDenied):
        notices.save_measure(measure=measure, user=district_clerk)
    with pytest.raises(PermissionDenied):
        notices.save_public_text(text=PublicText.objects.order_by("pk").first(), user=None)
    assert DailyReport.objects.get().area.code == "05977"
    assert Measure.objects.get(pk=measure.pk).text_vi != "Đã bị sửa"
    notices.save_measure(measure=measure, user=editor)  # the editor may


def test_it_records_a_command_as_the_system_account(langson, tmp_path):
    from tests.ingest.files import csv_bytes, row

    path = tmp_path / "so-lieu.csv"
    path.write_bytes(csv_bytes([row(community_f1=3)]))
    call_command("import_reports", str(path), stdout=io.StringIO())
    report = DailyReport.objects.get()
    assert report.entered_by == system_user() and report.history.get().history_user.username == "system"
    assert not system_user().has_usable_password() and not system_user().is_staff
