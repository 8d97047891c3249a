"""The Celery app of the fault tests' worker processes: the project's own app, with two test-only knobs read from
the environment (a production worker never sets them):

- FAULTS_SLOW_DATE_SECONDS: sleep this long at the end of each date's recomputation, inside its transaction (after
  the date's assessments are written, before its run is recorded), so that a test can kill the worker there;
  with FAULTS_SLOW_WHILE_FILE, only while that file exists (the test deletes it to let the retry run at full speed);
- FAULTS_VISIBILITY_TIMEOUT: give back the unacknowledged task of a dead worker after this many seconds instead
  of the production setting's minutes (CELERY_BROKER_TRANSPORT_OPTIONS).

Started as `python -m celery -A tests.faults.worker_app worker …` from the project folder.
"""

import os
import time

from celery.signals import task_postrun, task_prerun

from covidmaps.celery import app  # noqa: F401  (the app Celery's -A option looks for)

SLOW_SECONDS = float(os.environ.get("FAULTS_SLOW_DATE_SECONDS") or 0)
SLOW_WHILE_FILE = os.environ.get("FAULTS_SLOW_WHILE_FILE")
VISIBILITY_TIMEOUT = os.environ.get("FAULTS_VISIBILITY_TIMEOUT")
# The statement that closes a date: its AssessmentRun is written last, in the date's transaction.
END_OF_DATE = ('INSERT INTO "risk_assessmentrun"', 'UPDATE "risk_assessmentrun"')

if VISIBILITY_TIMEOUT:
    app.conf.broker_transport_options = {
        "visibility_timeout": float(VISIBILITY_TIMEOUT),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }


def _slow_end_of_date(execute, sql, params, many, context):
    if sql.lstrip().startswith(END_OF_DATE) and (not SLOW_WHILE_FILE or os.path.exists(SLOW_WHILE_FILE)):
        time.sleep(SLOW_SECONDS)
    return execute(sql, params, many, context)


if SLOW_SECONDS:

    @task_prerun.connect(weak=False)
    def _slow_down(**kwargs):
        from django.db import connection

        if _slow_end_of_date not in connection.execute_wrappers:
            connection.execute_wrappers.append(_slow_end_of_date)

    @task_postrun.connect(weak=False)
    def _back_to_speed(**kwargs):
        from django.db import connection

        if _slow_end_of_date in connection.execute_wrappers:
            connection.execute_wrappers.remove(_slow_end_of_date)
