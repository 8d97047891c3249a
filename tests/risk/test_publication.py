"""Publication: frozen levels, `since`, corrections awaiting approval, checks, automatic publication."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from risk import selectors
from risk.models import Publication, PublishedLevel
from risk.services.publication import publish_levels

from .conftest import D


def midnight_after(day):
    return selectors.start_of(day + datetime.timedelta(days=1))


@pytest.fixture
def publish(approver, django_capture_on_commit_callbacks):
    def run(day, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return publish_levels(
                data_date=day,
                effective_at=kwargs.pop("effective_at", midnight_after(day)),
                user=kwargs.pop("user", approver),
                confirm_incomplete=kwargs.pop("confirm_incomplete", True),
                **kwargs,
            )

    return run


@pytest.fixture
def outbreak(world, recompute):
    """TC12 has a cluster of unknown source on 10/06; levels computed for 10/06 … 12/06."""
    world.report("TC12", D(2021, 6, 10), unknown_source_clusters=1)
    recompute(D(2021, 6, 10), D(2021, 6, 11), D(2021, 6, 12))
    return world


def published(publication) -> dict[str, int]:
    return dict(publication.levels.values_list("area__code", "level"))


def test_it_freezes_the_proposals_of_a_date(outbreak, publish, approver):
    publication = publish(D(2021, 6, 10), note="  Họp Ban Chỉ đạo  ")
    assert publication.published_by == approver and not publication.automatic
    assert publication.note == "Họp Ban Chỉ đạo"
    assert published(publication) == outbreak.levels(D(2021, 6, 10))
    row = publication.levels.get(area__code="TC12")
    assert row.reasons[0]["rule"] == "commune.unknown_source_cluster"
    assert row.since == D(2021, 6, 11) and row.step_down_date == D(2021, 6, 24)
    assert not selectors.awaits_approval(D(2021, 6, 10))


def test_it_dates_each_level_from_the_day_the_publication_that_brought_it_took_effect(outbreak, publish):
    publish(D(2021, 6, 10))
    publication = publish(D(2021, 6, 11))
    assert publication.levels.get(area__code="TC12").since == D(2021, 6, 11)
    outbreak.report("TC21", D(2021, 6, 12), community_cases_unknown_source=1)
    from risk.services.recompute import recompute

    recompute(dates=[D(2021, 6, 12)])
    third = publish(D(2021, 6, 12))
    assert third.levels.get(area__code="TC12").since == D(2021, 6, 11)
    assert third.levels.get(area__code="TC21").since == D(2021, 6, 13)  # from 2 to 3, in force from 13/06


def test_it_keeps_a_publication_when_the_data_is_corrected_and_awaits_approval(
    outbreak, publish, recompute, client, approver
):
    first = publish(D(2021, 6, 11))
    rows = PublishedLevel.objects.filter(publication=first).values_list("area__code", "level", "reasons")
    frozen = list(rows)
    outbreak.report("TC12", D(2021, 6, 10), unknown_source_clusters=0, community_f1=1)  # the cluster was an error
    recompute(D(2021, 6, 11))

    assert outbreak.levels(D(2021, 6, 11))["TC12"] == 2
    assert selectors.awaits_approval(D(2021, 6, 11))
    assert list(rows.all()) == frozen
    client.force_login(approver)
    page = client.get("/admin/risk/publication/review/2021-06-11/").content.decode()
    assert "Chờ phê duyệt" in page and "đã được công bố lúc" in page

    second = publish(D(2021, 6, 11))
    assert list(Publication.objects.filter(data_date=D(2021, 6, 11))) == [second, first]
    assert published(first)["TC12"] == 4 and published(second)["TC12"] == 2
    assert not selectors.awaits_approval(D(2021, 6, 11))


def test_it_lists_the_changes_against_the_levels_in_force(outbreak, publish, recompute):
    publish(D(2021, 6, 10))
    outbreak.report("TC22", D(2021, 6, 11), community_cases_unknown_source=1)
    recompute(D(2021, 6, 11))
    review = selectors.review(D(2021, 6, 11))
    assert review.awaiting and review.reference.data_date == D(2021, 6, 10)
    assert {(c.area.code, c.previous_level, c.assessment.level) for c in review.changes} == {
        ("TC22", 1, 3),
        ("TD2", 3, 4),
    }
    assert review.unchanged == 6


def test_it_announces_a_change_and_writes_the_public_files_after_commit(outbreak, publish, recompute):
    with (
        mock.patch("notices.services.prepare_level_change_notice") as notice,
        mock.patch("public.mapdata.write_published_files") as files,
    ):
        first = publish(D(2021, 6, 10))
        notice.assert_called_once_with(publication=first)
        files.assert_called_once_with(publication=first)
        outbreak.report("TC13", D(2021, 6, 11), community_f1=2)  # TC13 already at 3: no level changes
        recompute(D(2021, 6, 11))
        second = publish(D(2021, 6, 11))
    assert notice.call_count == 1
    files.assert_called_with(publication=second)


def test_it_rejects_what_changed_since_the_review(outbreak, publish, recompute):
    signature = selectors.proposal_signature(D(2021, 6, 12))
    outbreak.report("TC22", D(2021, 6, 12), community_f1=1)
    recompute(D(2021, 6, 12))
    with pytest.raises(ValidationError, match="đã thay đổi từ khi bạn xem"):
        publish(D(2021, 6, 12), expected_signature=signature)
    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    "effective_at, message",
    [
        (selectors.start_of(D(2021, 6, 11)) - datetime.timedelta(minutes=1), "không được trước ngày số liệu"),
    ],
)
def test_it_rejects_an_effective_time_before_the_data(outbreak, publish, effective_at, message):
    with pytest.raises(ValidationError, match=message):
        publish(D(2021, 6, 11), effective_at=effective_at)
    assert not Publication.objects.exists()


def test_it_rejects_older_levels_taking_effect_after_newer_ones(outbreak, publish, recompute):
    publish(D(2021, 6, 12))
    outbreak.report("TC22", D(2021, 6, 11), community_f1=1)
    recompute(D(2021, 6, 11))
    with pytest.raises(ValidationError, match="không thể có hiệu lực sau lần công bố số liệu ngày 12/06/2021"):
        publish(D(2021, 6, 11), effective_at=midnight_after(D(2021, 6, 13)))
    assert selectors.default_effective_at(D(2021, 6, 11)) == midnight_after(D(2021, 6, 11))
    publish(D(2021, 6, 11), effective_at=selectors.default_effective_at(D(2021, 6, 11)))
    assert Publication.objects.in_force().first().data_date == D(2021, 6, 12)


def test_it_rejects_publishing_twice_what_did_not_change(outbreak, publish):
    publish(D(2021, 6, 10))
    with pytest.raises(ValidationError, match="không có gì thay đổi"):
        publish(D(2021, 6, 10))
    assert Publication.objects.count() == 1


def test_it_rejects_a_date_without_proposals(world, publish):
    with pytest.raises(ValidationError, match="Chưa có cấp độ tính toán"):
        publish(D(2021, 6, 10))


def test_it_rejects_a_date_being_recomputed(outbreak, publish):
    from risk.scheduling import queue_assessment_dates

    queue_assessment_dates({D(2021, 6, 10)})  # its drain would run after commit
    with pytest.raises(ValidationError, match="đang được tính lại"):
        publish(D(2021, 6, 10))


@pytest.mark.parametrize("persona", ["data_clerk", "district_clerk", "editor", "outsider"])
def test_it_refuses_publication_by_staff_who_are_not_approvers(outbreak, publish, persona, request):
    with pytest.raises(PermissionDenied):
        publish(D(2021, 6, 10), user=request.getfixturevalue(persona))
    assert not Publication.objects.exists()


def test_it_publishes_automatically_when_the_setting_is_on(
    world, recompute, settings, django_capture_on_commit_callbacks
):
    settings.RISK_AUTO_PUBLISH = True
    world.report("TC12", D(2021, 6, 10), community_f1=1)
    with django_capture_on_commit_callbacks(execute=True):
        result = recompute(D(2021, 6, 10), D(2021, 6, 11))
    assert [p.data_date for p in result.published] == [D(2021, 6, 10), D(2021, 6, 11)]
    assert all(p.automatic and p.published_by is None for p in result.published)
    assert [p.effective_at for p in result.published] == [
        midnight_after(D(2021, 6, 10)),
        midnight_after(D(2021, 6, 11)),
    ]
    assert recompute(D(2021, 6, 10), D(2021, 6, 11)).published == []


def test_it_publishes_automatically_after_a_data_change(world, settings, django_capture_on_commit_callbacks):
    from risk.scheduling import request_recompute

    settings.RISK_AUTO_PUBLISH = True
    world.report("TC12", D(2021, 6, 10), unknown_source_clusters=1)
    with django_capture_on_commit_callbacks(execute=True):
        request_recompute(changed_dates={D(2021, 6, 10)})
    assert Publication.objects.filter(automatic=True).count() == 14
    assert Publication.objects.get(data_date=D(2021, 6, 10)).levels.get(area__code="TC12").level == 4
