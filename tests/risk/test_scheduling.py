"""Recomputation on data change: affected dates, coalescing of bursts, nothing lost, nothing half-written."""

import datetime
from unittest import mock

import pytest
from django.db import transaction

from risk import scheduling, tasks
from risk.models import Assessment, AssessmentRun, PendingRecompute

from .conftest import D


def test_it_expands_a_data_date_to_the_assessments_of_its_window_capped_at_today(db):
    assert scheduling.affected_dates({D(2021, 6, 1)}, today=D(2021, 12, 1)) == {
        D(2021, 6, 1) + datetime.timedelta(days=n) for n in range(14)
    }
    assert scheduling.affected_dates({D(2021, 6, 1)}, today=D(2021, 6, 3)) == {
        D(2021, 6, 1),
        D(2021, 6, 2),
        D(2021, 6, 3),
    }
    assert scheduling.affected_dates({D(2021, 6, 5)}, today=D(2021, 6, 3)) == set()


def test_it_recomputes_at_once_without_a_broker(world, django_capture_on_commit_callbacks):
    world.report("TC12", D(2021, 6, 10), unknown_source_clusters=1)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.request_recompute(changed_dates={D(2021, 6, 10)})
    assert AssessmentRun.objects.count() == 14
    assert world.levels(D(2021, 6, 23))["TC12"] == 4
    assert not PendingRecompute.objects.exists()


def test_it_coalesces_a_burst_of_changes_into_one_recomputation(world, django_capture_on_commit_callbacks):
    """An upload of 200 rows, each asking for a recomputation, gives one task and one recomputation."""
    from risk.services import recompute as services

    sent = []
    with mock.patch("risk.tasks.drain_pending.apply_async", side_effect=lambda **kw: sent.append(kw)):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                for n in range(200):
                    day = D(2021, 6, 1) + datetime.timedelta(days=n % 20)
                    world.report(("TC11", "TC12", "TC13", "TC21", "TC22")[n % 5], day, community_f1=n)
                    scheduling.request_recompute(changed_dates={day})
        with django_capture_on_commit_callbacks(execute=True):
            scheduling.request_recompute(changed_dates={D(2021, 6, 3)})  # a later edit joins the same burst
    assert len(sent) == 1 and sent[0]["countdown"] == tasks.delay_seconds()
    assert PendingRecompute.objects.count() == 33  # 01/06 … 20/06 + 13 days of window

    with mock.patch("risk.tasks.recompute", wraps=services.recompute) as recompute:
        tasks.drain()
    assert recompute.call_count == 1
    assert len(recompute.call_args.kwargs["dates"]) == 33
    assert AssessmentRun.objects.count() == 33
    assert not PendingRecompute.objects.exists()


def test_it_keeps_a_date_asked_for_again_during_a_recomputation(world):
    from risk.services import recompute as services

    scheduling.queue_assessment_dates({D(2021, 6, 10), D(2021, 6, 11)})
    real = services.recompute

    def recompute_while_data_changes(*, dates):
        result = real(dates=dates)
        scheduling.queue_assessment_dates({D(2021, 6, 11)})  # a report of that date committed meanwhile
        return result

    with mock.patch("risk.tasks.recompute", side_effect=recompute_while_data_changes):
        assert tasks.drain() == [D(2021, 6, 10), D(2021, 6, 11)]
    assert list(PendingRecompute.objects.values_list("date", flat=True)) == [D(2021, 6, 11)]


def test_it_leaves_nothing_half_written_when_a_recomputation_fails(world):
    """Each date is one transaction: a failure keeps the dates already done and leaves the rest pending."""
    from risk.services import recompute as services

    world.report("TC12", D(2021, 6, 10), unknown_source_clusters=1)
    scheduling.queue_assessment_dates({D(2021, 6, 10), D(2021, 6, 11), D(2021, 6, 12)})
    real = services.Assessment.objects.bulk_update
    calls = []

    def fail_on_the_second_date(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return real(*args, **kwargs)

    with mock.patch.object(services.Assessment.objects, "bulk_update", side_effect=fail_on_the_second_date):
        with pytest.raises(RuntimeError):
            tasks.drain()
    assert set(AssessmentRun.objects.values_list("date", flat=True)) == {D(2021, 6, 10)}
    assert set(Assessment.objects.values_list("date", flat=True)) == {D(2021, 6, 10)}
    assert PendingRecompute.objects.count() == 3

    tasks.drain()  # the task's retry
    assert AssessmentRun.objects.count() == 3 and Assessment.objects.count() == 3 * 8
    assert not PendingRecompute.objects.exists()


def test_it_keeps_the_dates_when_the_broker_is_down(world, django_capture_on_commit_callbacks):
    with mock.patch("risk.tasks.drain_pending.apply_async", side_effect=ConnectionError("broker down")):
        with django_capture_on_commit_callbacks(execute=True):
            scheduling.request_recompute(changed_dates={D(2021, 6, 10)})
    assert PendingRecompute.objects.count() == 14
    from risk.tasks import recompute_today

    with mock.patch("django.utils.timezone.localdate", return_value=D(2021, 6, 30)):
        done = recompute_today.apply().get()
    assert done[0] == "2021-06-30" and len(done) == 15
    assert not PendingRecompute.objects.exists()


def test_it_recomputes_at_the_times_of_the_rule_set_in_force(world, settings):
    import zoneinfo

    from risk.models import RuleSet

    entry = settings.CELERY_BEAT_SCHEDULE["risk-recompute-at-ruleset-times"]
    assert entry["task"] == "risk.recompute_if_due" and entry["schedule"].minute == set(range(60))
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"
    local = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    at = lambda hour, minute: datetime.datetime(2021, 6, 10, hour, minute, tzinfo=local)  # noqa: E731
    assert [tasks.is_recompute_time(at(h, m)) for h, m in ((8, 0), (8, 1), (13, 0), (20, 0), (21, 0))] == [
        True,
        False,
        True,
        True,
        False,
    ]

    ruleset = RuleSet.objects.get()
    ruleset.parameters = {**(ruleset.parameters or {}), "recompute_times": ["21:00"]}
    ruleset.save()
    assert not tasks.is_recompute_time(at(8, 0)) and tasks.is_recompute_time(at(21, 0))
    with (
        mock.patch("django.utils.timezone.localtime", return_value=at(21, 0)),
        mock.patch("django.utils.timezone.localdate", return_value=D(2021, 6, 10)),
    ):
        assert tasks.recompute_if_due.apply().get() == ["2021-06-10"]
    with mock.patch("django.utils.timezone.localtime", return_value=at(21, 1)):
        assert tasks.recompute_if_due.apply().get() == []


def test_it_recomputes_a_committed_change_whose_after_commit_step_failed(world, django_capture_on_commit_callbacks):
    """The outbox row is written with the data; the beat run takes it when the signal's receiver broke."""
    from ingest.models import DataChange
    from ingest.services.recompute import recompute_after_commit

    with mock.patch("risk.scheduling.take_data_changes", side_effect=RuntimeError("cache and broker down")):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                world.report("TC12", D(2021, 6, 10), unknown_source_clusters=1)
                recompute_after_commit([D(2021, 6, 10)])
    assert list(DataChange.objects.values_list("date", flat=True)) == [D(2021, 6, 10)]
    assert not AssessmentRun.objects.exists() and not PendingRecompute.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        tasks.drain_pending.apply().get()  # the beat's run, a minute later
    assert AssessmentRun.objects.count() == 14 and world.levels(D(2021, 6, 23))["TC12"] == 4
    assert not DataChange.objects.exists() and not PendingRecompute.objects.exists()


def test_it_takes_a_committed_change_at_once_when_all_is_well(world, django_capture_on_commit_callbacks):
    from ingest.models import DataChange
    from ingest.services.recompute import recompute_after_commit

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            world.report("TC12", D(2021, 6, 10), unknown_source_clusters=1)
            recompute_after_commit([D(2021, 6, 10)])
    assert not DataChange.objects.exists()
    assert world.levels(D(2021, 6, 23))["TC12"] == 4
