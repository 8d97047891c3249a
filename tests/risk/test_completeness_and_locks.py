"""Publication and the quality of the figures (issue 11, items 3 and 4): completeness, confirmation, locks."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ingest.locking import FiguresLocked
from ingest.models import LockedDate
from ingest.services.quality import declare_no_new_cases
from risk import selectors
from risk.models import Publication
from risk.services.publication import publish_levels

from .conftest import D


@pytest.fixture
def reported_by_one_district(world, recompute):
    """Huyện Một reported a cluster on 10/06; Huyện Hai sent nothing."""
    world.report("TC12", D(2021, 6, 10), unknown_source_clusters=1)
    recompute(D(2021, 6, 10))
    return world


def publish(approver, **kwargs):
    return publish_levels(
        data_date=D(2021, 6, 10), effective_at=selectors.start_of(D(2021, 6, 11)), user=approver, **kwargs
    )


def test_it_rejects_publishing_with_a_missing_district_without_confirmation(reported_by_one_district, approver):
    with pytest.raises(ValidationError) as refused:
        publish(approver)
    assert refused.value.messages == [
        "1 huyện chưa báo cáo ngày 10/06/2021 (Huyện Hai): hãy chờ các huyện báo cáo, "
        "hoặc đánh dấu xác nhận công bố khi số liệu chưa đủ."
    ]
    assert not LockedDate.objects.exists()


def test_it_records_the_confirmation_with_the_publication(reported_by_one_district, approver):
    publication = publish(approver, confirm_incomplete=True)
    assert publication.missing_districts == ["Huyện Hai"]


def test_it_needs_no_confirmation_once_the_district_declares_no_new_cases(
    reported_by_one_district, approver, monkeypatch
):
    monkeypatch.setattr("risk.scheduling.request_recompute", lambda **kwargs: None)
    declare_no_new_cases(user=approver, district=reported_by_one_district["TD2"], day=D(2021, 6, 10))
    assert publish(approver).missing_districts == []


def test_it_locks_the_dates_that_fed_the_publication(reported_by_one_district, approver):
    publication = publish(approver, confirm_incomplete=True)
    window = selectors.longest_window_days()
    locked = set(LockedDate.objects.values_list("date", flat=True))
    assert locked == {D(2021, 6, 10) - datetime.timedelta(days=n) for n in range(window)}
    assert LockedDate.objects.get(date=D(2021, 6, 10)).locked_at == publication.published_at


def test_it_keeps_the_engine_reading_a_no_new_cases_day_as_zeros(
    reported_by_one_district, approver, recompute, monkeypatch
):
    from risk.models import RuleSet

    monkeypatch.setattr("risk.scheduling.request_recompute", lambda **kwargs: None)
    before = reported_by_one_district.levels(D(2021, 6, 10))
    inp_before, _ids = selectors.engine_input(day=D(2021, 6, 10), ruleset=RuleSet.objects.get())
    declare_no_new_cases(user=approver, district=reported_by_one_district["TD2"], day=D(2021, 6, 10))
    inp_after, _ids = selectors.engine_input(day=D(2021, 6, 10), ruleset=RuleSet.objects.get())
    assert inp_after.reports == inp_before.reports
    recompute(D(2021, 6, 10))
    assert reported_by_one_district.levels(D(2021, 6, 10)) == before


def test_it_refuses_a_no_new_cases_day_on_a_locked_date(reported_by_one_district, approver):
    publish(approver, confirm_incomplete=True)
    with pytest.raises(FiguresLocked) as refused:
        declare_no_new_cases(user=approver, district=reported_by_one_district["TD2"], day=D(2021, 6, 10))
    assert refused.value.messages[0].startswith("Ngày 10/06/2021 đã được công bố lúc ")


def test_it_shows_completeness_on_the_review_page_and_asks_for_confirmation(reported_by_one_district, client, approver):
    client.force_login(approver)
    page = client.get("/admin/risk/publication/review/2021-06-10/")
    body = page.content.decode()
    assert "Số liệu chưa đủ: 1 huyện chưa báo cáo ngày 10/06/2021." in body
    assert 'data-district="TD2" data-status="missing"' in body and 'data-district="TD1" data-status="reported"' in body
    signature = page.context["form"].initial["signature"]
    refused = client.post(
        "/admin/risk/publication/review/2021-06-10/", {"effective_at": "2021-06-11T00:00", "signature": signature}
    )
    assert refused.status_code == 200 and "1 huyện chưa báo cáo ngày 10/06/2021 (Huyện Hai)" in refused.content.decode()
    done = client.post(
        "/admin/risk/publication/review/2021-06-10/",
        {"effective_at": "2021-06-11T00:00", "signature": signature, "confirm_incomplete": "on"},
    )
    assert done.status_code == 302


def test_it_tells_the_public_that_the_figures_were_incomplete(reported_by_one_district, approver):
    from django.template.loader import render_to_string
    from django.utils import translation

    publication = publish(approver, confirm_incomplete=True)
    with translation.override("vi"):
        shown = render_to_string("public/_publication.html", {"publication": publication})
    assert "số liệu chưa đủ: 1 huyện chưa báo cáo" in shown and 'title="Huyện Hai"' in shown
    complete = Publication(data_date=D(2021, 6, 10), effective_at=publication.effective_at)
    assert "chưa đủ" not in render_to_string("public/_publication.html", {"publication": complete})
