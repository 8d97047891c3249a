"""Benchmark of the email alerts: one publication sent to 10,000 subscribers through a local SMTP server.

    DATABASE_URL=postgis://… REDIS_URL=redis://… SECRET_KEY=bench python bench/subscribers.py [--subscribers 10000]

It works in a database of its own (the configured one's name + "_bench_alerts", created and dropped here) holding
Lạng Sơn's shape of areas without boundaries (1 province, 11 districts, 200 communes) and the subscribers, each
following one commune. It starts an SMTP server (aiosmtpd) in a process of its own on a free local port and, with
REDIS_URL, Celery workers as processes of their own (--workers, each with --threads threads; without Redis the
tasks run in-process). Then it publishes levels that change every district, times how long until every delivery
row is marked sent, and checks that each address received exactly one message. Goal: all sent within 5 minutes on
a 2-core machine, no duplicates.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "covidmaps.settings")

GOAL_SECONDS = 300.0
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1, help="Celery worker processes (with REDIS_URL)")
    parser.add_argument(
        "--threads",
        type=int,
        default=4,
        help="threads per worker: SMTP round trips of one message overlap another's work",
    )
    parser.add_argument("--batch", type=int, default=100, help="messages per task (one SMTP connection each)")
    return parser.parse_args()


def own_database():
    from django.conf import settings
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        test_name = str(Path(settings.BASE_DIR) / "var" / f"{Path(name).stem}_bench_alerts.sqlite3")
        Path(test_name).parent.mkdir(exist_ok=True)
    else:
        test_name = f"{name}_bench_alerts"
    connection.settings_dict["TEST"]["NAME"] = test_name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(name, verbosity=0)


class Counting:
    def __init__(self):
        self.recipients: Counter = Counter()

    async def handle_DATA(self, server, session, envelope):
        self.recipients.update(envelope.rcpt_tos)
        return "250 OK"


def smtp_server(port: int, ready, stop, results) -> None:
    """Run the SMTP server in a process of its own, as a real one would be, and hand back who received what."""
    import logging

    from tests.alerts.smtpserver import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    results.put(dict(handler.recipients))


@contextmanager
def worker_process(number: int, args, smtp_port: int):
    """Start `celery worker` on the benchmark's database, sending through the benchmark's SMTP server."""
    from django.db import connection

    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "ALERTS_BATCH_SIZE": str(args.batch),
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "covidmaps",
            "worker",
            "--pool",
            "threads",
            "--concurrency",
            str(args.threads),
            "--hostname",
            f"bench{number}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(60)


def wait_for_workers(app, count: int, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if len(replies) >= count:
            return True
    return False


def make_areas():
    from areas.models import Area

    province = Area.objects.create(code="20", kind="province", name="Tỉnh Lạng Sơn", type_label="Tỉnh")
    districts = [
        Area.objects.create(
            code=f"{178 + i}", kind="district", name=f"Huyện {i + 1}", type_label="Huyện", parent=province
        )
        for i in range(11)
    ]
    communes = Area.objects.bulk_create(
        [
            Area(
                code=f"{6000 + i:05d}",
                kind="commune",
                name=f"Xã {i + 1}",
                type_label="Xã",
                parent=districts[i % 11],
                search_name=f"xa {i + 1}",
            )
            for i in range(200)
        ]
    )
    return province, districts, communes


def make_subscribers(count: int, communes) -> list[str]:
    from alerts.models import Subscriber

    now = datetime.datetime(2021, 8, 1, tzinfo=LOCAL)
    subscribers = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"nguoi{i}@example.vn", language="en" if i % 10 == 0 else "vi", confirmed_at=now)
            for i in range(count)
        ],
        batch_size=2000,
    )
    through = Subscriber.areas.through
    through.objects.bulk_create(
        [through(subscriber_id=s.pk, area_id=communes[i % len(communes)].pk) for i, s in enumerate(subscribers)],
        batch_size=5000,
    )
    return [s.email for s in subscribers]


def publish(levels, day: datetime.date):
    from risk.models import Assessment, AssessmentRun, RuleSet
    from risk.services.publication import publish_levels

    ruleset = RuleSet.objects.order_by("valid_from").first()
    AssessmentRun.objects.update_or_create(date=day, defaults={"ruleset": ruleset, "fingerprint": "bench"})
    Assessment.objects.bulk_create(
        [
            Assessment(area=area, date=day, ruleset=ruleset, level=level, computed_level=level, fingerprint="bench")
            for area, level in levels.items()
        ]
    )
    return publish_levels(
        data_date=day,
        effective_at=datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tzinfo=LOCAL),
        user=None,
        automatic=True,
    )


def main() -> int:
    args = parse_args()
    import django

    django.setup()
    import logging

    from django.conf import settings

    # aiosmtpd logs every SMTP command, and Celery every task: the benchmark measures the sending, not the logs.
    for name in ("mail.log", "celery", "alerts", "risk", "kombu"):
        logging.getLogger(name).setLevel(logging.WARNING)

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.ALERTS_BATCH_SIZE = args.batch
    settings.ALERTS_RETRY_DELAY = 1
    drop = own_database()
    try:
        return run(args, settings)
    finally:
        from django.db import connections

        connections.close_all()
        drop()


def run(args, settings) -> int:
    from alerts.models import Delivery
    from covidmaps.celery import app
    from tests.alerts.conftest import free_port
    from tests.seeds import restore_migrated_data

    restore_migrated_data()
    province, districts, communes = make_areas()
    addresses = make_subscribers(args.subscribers, communes)
    quiet = {area: 1 for area in [province, *districts, *communes]}
    publish(quiet, datetime.date(2021, 8, 1))

    context = multiprocessing.get_context("spawn")
    ready, stop, results = context.Event(), context.Event(), context.Queue()
    port = free_port()
    server = context.Process(target=smtp_server, args=(port, ready, stop, results), daemon=True)
    server.start()
    if not ready.wait(30):
        print("the SMTP server did not start")
        return 1
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    with ExitStack() as stack:
        if settings.REDIS_URL:
            app.control.purge()
            for number in range(args.workers):
                stack.enter_context(worker_process(number, args, port))
            if not wait_for_workers(app, args.workers):
                print("the Celery workers did not start")
                return 1
        mode = (
            f"{args.workers} Celery worker(s) × {args.threads} threads over Redis"
            if settings.REDIS_URL
            else "tasks in-process (no Redis)"
        )
        print(f"{args.subscribers} subscribers, {mode}, batches of {args.batch}")

        changed = {**quiet, **{district: 2 + i % 3 for i, district in enumerate(districts)}}
        started = time.perf_counter()
        publication = publish(changed, datetime.date(2021, 8, 2))
        published = time.perf_counter() - started
        while Delivery.objects.filter(publication=publication, status=Delivery.Status.SENT).count() < len(addresses):
            if time.perf_counter() - started > 3 * GOAL_SECONDS:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        statuses = Counter(Delivery.objects.filter(publication=publication).values_list("status", flat=True))

    stop.set()
    received = Counter(results.get(timeout=60))
    server.join(30)
    duplicates = [address for address, count in received.items() if count > 1]
    missing = set(addresses) - set(received)
    print(f"publish_levels (with queuing the alerts): {published:.2f} s")
    print(
        f"all {sum(received.values())} messages sent in {elapsed:.1f} s: {sum(received.values()) / elapsed:.0f} "
        f"messages/s (goal: {len(addresses)} within {GOAL_SECONDS:.0f} s)"
    )
    print(f"deliveries: {dict(statuses)}; duplicates: {len(duplicates)}; missing: {len(missing)}")
    ok = not duplicates and not missing and elapsed <= GOAL_SECONDS
    print("OK" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
