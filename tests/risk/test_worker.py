"""Recomputation by real Celery workers over Redis: a data change reaches the assessments; a killed worker's task
is delivered again and completes, leaving no date half-written."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from risk.models import Assessment, AssessmentRun, PendingRecompute

from .conftest import D, World, restore_migrated_data

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL) as the Celery broker"),
]


@pytest.fixture(autouse=True)
def migrated_data(transactional_db):
    restore_migrated_data()


def wait_for(check, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def broker(settings):
    from covidmaps.celery import app

    settings.RISK_RECOMPUTE_DELAY = 0
    app.control.purge()
    return app


def change_data(world, day):
    """A clerk's upload: reports saved, then one request for recomputation after commit."""
    from ingest.services.recompute import recompute_after_commit

    with transaction.atomic():
        world.report("TC12", day, unknown_source_clusters=1)
        world.report("TC21", day, community_f1=3)
        recompute_after_commit([day])


def test_it_recomputes_the_levels_in_a_worker_after_a_data_change(broker):
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    def close_worker_connection(**kwargs):
        connection.close()  # the worker thread's own connection, so that the test database can be dropped

    world = World()
    day = D(2021, 6, 10)
    task_postrun.connect(close_worker_connection, weak=False)
    try:
        with start_worker(broker, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            change_data(world, day)
            assert wait_for(lambda: AssessmentRun.objects.count() == 14 and not PendingRecompute.objects.exists())
    finally:
        task_postrun.disconnect(close_worker_connection)
    assert world.levels(day)["TC12"] == 4 and world.levels(day + datetime.timedelta(days=13))["TC21"] == 2


def worker(name: str, *extra: str) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "LOG_FORMAT": "plain",
    }
    script = Path(__file__).with_name("worker_process.py")
    return subprocess.Popen(
        [sys.executable, str(script), name, *extra],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.skipif(not settings.USING_POSTGIS, reason="a worker process needs the shared PostGIS test database")
def test_it_completes_the_task_of_a_killed_worker(broker, tmp_path):
    world = World()
    day = D(2021, 6, 10)
    stalled = tmp_path / "stalled"
    first = worker("first", "--stall", str(stalled))
    second = None
    try:
        change_data(world, day)
        assert wait_for(stalled.exists), first.stderr.read1().decode() if first.poll() is not None else "no start"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert not Assessment.objects.exists()  # the date being written when the worker died left nothing
        assert PendingRecompute.objects.count() == 14
        second = worker("second")
        assert wait_for(lambda: AssessmentRun.objects.count() == 14 and not PendingRecompute.objects.exists(), 90)
        assert Assessment.objects.count() == 14 * 8
        assert world.levels(day)["TC12"] == 4
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(30)
