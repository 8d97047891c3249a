"""A Celery worker in its own process, for the redelivery test; `--stall FILE` makes it hang in the middle of
writing a date's assessments (after touching FILE), so that the test can kill it there."""

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "covidmaps.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
django.setup()

from covidmaps.celery import app  # noqa: E402

# Give back a dead worker's unacknowledged task within seconds instead of the hour Kombu waits by default.
app.conf.broker_transport_options = {
    "visibility_timeout": 2,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

if "--stall" in sys.argv:
    from risk.models import Assessment

    marker = Path(sys.argv[sys.argv.index("--stall") + 1])

    def stall(*args, **kwargs):
        marker.touch()
        time.sleep(3600)

    Assessment.objects.bulk_update = stall  # the manager is one instance: this catches the service's call

name = sys.argv[1]
app.worker_main(
    [
        "worker",
        "-P",
        "solo",
        "-c",
        "1",
        "-n",
        f"{name}@%h",
        "-l",
        "WARNING",
        "--without-heartbeat",
        "--without-mingle",
        "--without-gossip",
    ]
)
