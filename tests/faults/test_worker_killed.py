"""A Celery worker killed (SIGKILL) in the middle of a recomputation: no date is left half-written, no publication
changes, and the task is delivered again and completes."""

import datetime
import os
import re
import signal

import pytest
from django.db import connection

from risk.models import AssessmentRun, PendingRecompute

from .conftest import (
    DAY,
    HUU_LIEN,
    PUBLISHED_DAY,
    assessed,
    fill_sheet,
    published_rows,
    requires_redis_server,
    requires_worker_database,
    wait_for,
)

pytestmark = [
    pytest.mark.services,
    requires_redis_server,
    requires_worker_database,
    pytest.mark.django_db(transaction=True),
]

SLOW_SECONDS = "3"  # each date of the first run takes this long, so that the kill lands inside one
TASK = re.compile(r"risk\.drain_pending\[([0-9a-f-]+)\] received")


def date_being_written() -> datetime.date | None:
    """The date whose recomputation another session is in the middle of, if any: it holds the date's lock
    (risk.services.common.lock_date), has written rows (it has a transaction id: PostgreSQL gives one at the first
    write), so the date's assessments are in, uncommitted, and it has been waiting (the slow-down at the end of
    the date) for less than half of SLOW_SECONDS, so that it is still there when the kill lands."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.objid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            # pg_locks shows the whole cluster: other databases' tests take the same locks.
            "WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND l.locktype = 'advisory' AND l.classid::bigint = 2686 AND l.granted AND l.pid <> pg_backend_pid() "
            "AND a.backend_xid IS NOT NULL AND a.state = 'idle in transaction' "
            "AND clock_timestamp() - a.state_change < %s * interval '1 second'",
            [float(SLOW_SECONDS) / 2],
        )
        row = cursor.fetchone()
    return datetime.date.fromordinal(int(row[0])) if row else None


def enter_figures(client, clerk) -> list[datetime.date]:
    """A clerk saves the entry sheet (unknown-source cases in Hữu Liên); return the 14 dates queued."""
    client.force_login(clerk)
    page = fill_sheet(client, DAY, {HUU_LIEN: {"community_cases_unknown_source": 3}})
    assert "1 tạo mới" in page.content.decode()
    dates = sorted(PendingRecompute.objects.values_list("date", flat=True))
    assert dates[0] == DAY and len(dates) == 14
    return dates


def kill_point(dates: list[datetime.date]) -> datetime.date:
    """Wait until two dates are committed and the worker is in the middle of the next one; return that date."""
    found: list[datetime.date] = []

    def in_middle() -> bool:
        if AssessmentRun.objects.filter(date__in=dates).count() < 2:
            return False
        found[:] = [day for day in [date_being_written()] if day is not None]
        return bool(found)

    assert wait_for(in_middle, 90, 0.05), "the recomputation never reached the middle of its third date"
    return found[0]


def assert_nothing_half_written(dates: list[datetime.date], middle: datetime.date, full: int, before: set) -> None:
    done = set(AssessmentRun.objects.filter(date__in=dates).values_list("date", flat=True))
    assert middle not in done and assessed(middle) == 0  # the date being written when the worker died: nothing
    assert len(done) >= 2 and all(assessed(day) == full for day in done)  # the others: complete
    assert all(assessed(day) == 0 for day in set(dates) - done)
    # A pending date is cleared only once the whole recomputation committed: all of them wait for the retry.
    assert sorted(PendingRecompute.objects.values_list("date", flat=True)) == dates
    assert published_rows() == before


def assert_completed(dates: list[datetime.date], full: int, before: set) -> None:
    from risk.services.recompute import recompute

    assert all(assessed(day) == full for day in dates)
    again = recompute(dates=dates)  # what the worker wrote is what the engine makes of the stored figures
    assert again.written == 0 and again.unchanged == dates
    assert published_rows() == before  # proposals only: the approver publishes (RISK_AUTO_PUBLISH is off)


@pytest.mark.parametrize("auto_publish", [False, True], ids=["proposals", "auto-publish"])
def test_it_completes_on_a_new_worker_what_a_killed_worker_left_with_no_date_half_written(
    published, data_clerk, on_own_redis, start_worker, client, auto_publish
):
    from risk.models import Publication, PublishedLevel

    before = published_rows()
    full = assessed(PUBLISHED_DAY)
    # Kombu gives a dead worker's task back after the broker's visibility timeout (minutes in production): 2 s here.
    env = {"FAULTS_VISIBILITY_TIMEOUT": "2", "RISK_AUTO_PUBLISH": "1" if auto_publish else "0"}
    first = start_worker("first", env={**env, "FAULTS_SLOW_DATE_SECONDS": SLOW_SECONDS})
    dates = enter_figures(client, data_clerk)
    middle = kill_point(dates)
    first.kill()
    assert_nothing_half_written(dates, middle, full, before)

    second = start_worker("second", env=env)
    assert wait_for(lambda: not PendingRecompute.objects.exists(), 90), second.output()[-3000:]
    # The same task, delivered again: not a new one.
    assert TASK.findall(first.output()) == TASK.findall(second.output()) != []
    if not auto_publish:
        assert_completed(dates, full, before)
        return
    # Published by the system once every date was computed: each publication whole, the earlier one untouched.
    assert wait_for(lambda: Publication.objects.filter(automatic=True).count() == len(dates), 30)
    assert_completed(
        dates,
        full,
        before
        | {
            row
            for row in published_rows()
            if row[0] in set(Publication.objects.filter(automatic=True).values_list("pk", flat=True))
        },
    )
    internal = PublishedLevel.objects.filter(publication=published).count()
    assert all(p.levels.count() == internal for p in Publication.objects.filter(automatic=True))
    assert sorted(Publication.objects.filter(automatic=True).values_list("data_date", flat=True)) == dates


def test_it_runs_the_task_again_when_its_pool_process_is_killed(
    published, data_clerk, on_own_redis, start_worker, client, tmp_path
):
    """The production pool (prefork) with the production broker settings: the parent sees its child die and
    gives the task back at once (acks_late + reject_on_worker_lost), without waiting for a visibility timeout."""
    before = published_rows()
    full = assessed(PUBLISHED_DAY)
    slow = tmp_path / "slow"
    slow.touch()
    worker = start_worker(
        "prefork", pool="prefork", env={"FAULTS_SLOW_DATE_SECONDS": SLOW_SECONDS, "FAULTS_SLOW_WHILE_FILE": str(slow)}
    )
    dates = enter_figures(client, data_clerk)
    middle = kill_point(dates)
    [child] = worker.pool_processes()
    os.kill(child, signal.SIGKILL)
    # The retry starts at once but is slow too: it cannot commit a date within the next 3 s, so this sees the
    # state the killed process left.
    assert_nothing_half_written(dates, middle, full, before)
    slow.unlink()  # the rest of the retry at full speed

    assert wait_for(lambda: not PendingRecompute.objects.exists(), 90), worker.output()[-3000:]
    assert_completed(dates, full, before)
    assert worker.pool_processes() and child not in worker.pool_processes()
    assert len(TASK.findall(worker.output())) == 2 and len(set(TASK.findall(worker.output()))) == 1
    assert "WorkerLostError" in worker.output()
