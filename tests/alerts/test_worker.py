"""Alerts sent by a real Celery worker over Redis: a publication's messages leave once each, a refusal of the mail
server is retried by the worker, and the task delivered twice sends nothing twice."""

import datetime
import time

import pytest
from django.conf import settings
from django.db import connection

from alerts.models import Delivery, Subscriber

from .conftest import local, publish_levels_of

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL) as the Celery broker"),
]


def wait_for(check, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def broker(settings):
    from covidmaps.celery import app
    from tests.seeds import restore_migrated_data

    restore_migrated_data()
    settings.ALERTS_RETRY_DELAY = 0
    settings.ALERTS_BATCH_SIZE = 2
    app.control.purge()
    return app


@pytest.fixture
def worker(broker):
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    finished: set[str] = set()

    def close_worker_connection(task_id=None, **kwargs):
        connection.close()  # the worker thread's own connection, so that the test database can be dropped
        finished.add(task_id)

    task_postrun.connect(close_worker_connection, weak=False)
    try:
        with start_worker(broker, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield finished
    finally:
        task_postrun.disconnect(close_worker_connection)


def test_a_worker_sends_each_subscriber_one_message_and_retries_a_refusal(worker, smtp):
    from alerts.tasks import send_publication_alerts
    from areas.models import Area

    province = Area.objects.create(code="20", kind="province", name="Tỉnh Lạng Sơn", type_label="Tỉnh")
    district = Area.objects.create(
        code="186", kind="district", name="Huyện Hữu Lũng", type_label="Huyện", parent=province
    )
    commune = Area.objects.create(code="06388", kind="commune", name="Xã Hữu Liên", type_label="Xã", parent=district)
    addresses = [f"nguoi{i}@example.vn" for i in range(5)]
    for address in addresses:
        Subscriber.objects.create(email=address, confirmed_at=local(2021, 8, 1)).areas.add(commune)
    levels = {province: 1, district: 1, commune: 1}
    publish_levels_of(levels, datetime.date(2021, 8, 1), local(2021, 8, 2))
    smtp.refuse = 1  # the first message gets "451, try again later"

    publication = publish_levels_of({**levels, district: 3}, datetime.date(2021, 8, 2), local(2021, 8, 3))
    sent = lambda: Delivery.objects.filter(publication=publication, status=Delivery.Status.SENT).count()  # noqa: E731
    assert wait_for(lambda: sent() == 5), list(Delivery.objects.values_list("status", "error"))

    again = send_publication_alerts.delay(publication.pk)  # delivered a second time: nothing is owed any more
    assert wait_for(lambda: again.id in worker)
    assert sorted(recipient for recipients, _ in smtp.messages for recipient in recipients) == addresses
    assert Delivery.objects.filter(publication=publication, attempts=2).count() == 1
