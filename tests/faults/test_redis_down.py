"""Redis (cache and broker) stopped under a running site: the public pages and the API are served from the database,
the admin works, the figures entered are kept, and the recomputation they ask for happens once Redis is back."""

import datetime
import os
import re
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from areas.models import Area
from ingest.models import DailyReport, ReportImport
from risk.models import AssessmentRun, PendingRecompute, PublishedLevel

from .conftest import (
    DAY,
    HUU_LIEN,
    HUU_LUNG,
    PUBLISHED_DAY,
    YEN_THINH,
    assessed,
    fill_sheet,
    log_in,
    requires_redis_server,
    requires_worker_database,
    wait_for,
)

pytestmark = [pytest.mark.services, requires_redis_server]

# A page must still answer in seconds, not hang: every cache call gives up after 0.5 s (settings.CACHES); the
# bound leaves room for a loaded 2-core machine.
PAGE_SECONDS = 10.0
CATCH_UP_SECONDS = 120


def public_urls() -> list[str]:
    return [
        "/",
        f"/khu-vuc/{HUU_LIEN}/",
        f"/khu-vuc/{HUU_LUNG}/",
        "/tim-kiem/?q=huu",
        "/api/v1/levels.json",
        "/api/v1/areas.geojson?kind=commune",
        "/en/",
    ]


def get_in_time(client, url: str):
    start = time.monotonic()
    response = client.get(url)
    elapsed = time.monotonic() - start
    assert elapsed < PAGE_SECONDS, f"{url} took {elapsed:.1f} s"
    return response


def levels_in_force(publication) -> dict[str, int]:
    return dict(PublishedLevel.objects.filter(publication=publication).values_list("area__code", "level"))


def warm_up(client) -> None:
    """Visit every page once, as on a site that has been running: caches filled, map geometry built."""
    for url in public_urls():
        assert client.get(url).status_code in (200, 302), url


def assert_site_shows(client, publication) -> None:
    """Every public page answers 200 (the search: its redirect to the one result) with the levels of
    `publication`, read from the database, within PAGE_SECONDS."""
    expected = levels_in_force(publication)
    for url in public_urls():
        response = get_in_time(client, url)
        assert response.status_code in (200, 302), (url, response.status_code)
    api = get_in_time(client, "/api/v1/levels.json").json()
    assert api["publication"]["id"] == publication.pk
    assert {row["code"]: row["level"] for row in api["areas"]} == expected
    geojson = get_in_time(client, "/api/v1/areas.geojson?kind=commune").json()
    communes = Area.objects.internal().communes().exclude(display_geometry=None).count()
    assert len(geojson["features"]) == communes > 0
    assert all(f["properties"]["level"] == expected[f["id"]] for f in geojson["features"])
    home = get_in_time(client, "/").content.decode()
    assert Area.objects.get(code=HUU_LIEN).name in home
    page = get_in_time(client, f"/khu-vuc/{HUU_LIEN}/").content.decode()
    assert Area.objects.get(code=HUU_LIEN).name in page


@pytest.mark.django_db
def test_it_serves_the_public_site_from_the_database_while_redis_is_stopped(published, approver, on_own_redis, client):
    from risk import selectors
    from risk.services.publication import publish_levels
    from risk.services.recompute import recompute

    warm_up(client)
    on_own_redis.stop()
    assert not on_own_redis.answers()
    assert_site_shows(client, published)
    # Levels published during the outage show at once: nothing is answered from a stale copy.
    DailyReport.objects.create(area=Area.objects.get(code=YEN_THINH), date=DAY, community_cases_unknown_source=2)
    recompute(dates=[DAY])
    newer = publish_levels(
        data_date=DAY,
        effective_at=selectors.start_of(DAY + datetime.timedelta(days=1)),
        user=approver,
        confirm_incomplete=True,
    )
    assert levels_in_force(newer) != levels_in_force(published)
    assert_site_shows(client, newer)


@pytest.mark.django_db
def test_it_serves_the_public_site_in_time_while_redis_hangs(published, on_own_redis, client):
    """A frozen Redis (accepts connections, never answers) costs each cache call its 0.5 s timeout, not a page."""
    warm_up(client)
    on_own_redis.freeze()
    try:
        assert_site_shows(client, published)
    finally:
        on_own_redis.thaw()


def upload_and_commit(client, rows: list[str]) -> str:
    """Upload a CSV through the admin and confirm it; return the page shown after confirmation."""
    content = (
        "commune_code,date,community_cases_known_source,community_cases_unknown_source,unknown_source_clusters,"
        "hard_to_control_source_cases,quarantined_cases,community_f1\r\n" + "".join(f"{row}\r\n" for row in rows)
    ).encode()
    response = client.post("/admin/ingest/reportimport/add/", {"file": SimpleUploadedFile("so-lieu.csv", content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    report_import = ReportImport.objects.latest("pk")
    assert report_import.status == ReportImport.Status.PREVIEWED, report_import.message
    return client.post(f"/admin/ingest/reportimport/{report_import.pk}/commit/", follow=True).content.decode()


def enter_figures_while_redis_is_down(client, clerk) -> set[datetime.date]:
    """Log in, list the reports, save the entry sheet and upload a file, all with Redis stopped; return the
    assessment dates that wait for recomputation."""
    log_in(client, clerk)
    assert client.get("/admin/").status_code == 200
    changelist = client.get("/admin/ingest/dailyreport/")
    assert changelist.status_code == 200 and Area.objects.get(code=HUU_LIEN).name in changelist.content.decode()
    page = fill_sheet(client, DAY, {HUU_LIEN: {"community_cases_unknown_source": 2}, YEN_THINH: {"community_f1": 4}})
    assert "Đã lưu số liệu ngày 10/06/2021: 2 tạo mới, 0 cập nhật, 0 không đổi." in page.content.decode()
    later = DAY + datetime.timedelta(days=2)
    page = upload_and_commit(client, [f"06385,{later:%d/%m/%Y},1,0,0,0,0,7"])
    assert "Đã ghi: 1 tạo mới, 0 cập nhật, 0 không đổi." in page
    # Nothing entered is lost: every figure is in the database.
    saved = {(r.area.code, r.date): r for r in DailyReport.objects.filter(date__in=[DAY, later]).select_related("area")}
    assert saved[HUU_LIEN, DAY].community_cases_unknown_source == 2 and saved[YEN_THINH, DAY].community_f1 == 4
    assert saved["06385", later].community_f1 == 7 and saved["06385", later].community_cases_known_source == 1
    assert all(r.entered_by == clerk for r in saved.values())
    # The dates to recompute wait in the database; none was recomputed yet.
    pending = set(PendingRecompute.objects.values_list("date", flat=True))
    assert {DAY, later, DAY + datetime.timedelta(days=13)} <= pending
    assert not AssessmentRun.objects.filter(date__in=pending).exists()
    return pending


def assert_caught_up(pending: set[datetime.date]) -> None:
    """Every pending date was recomputed, with exactly what the engine makes of the figures now stored."""
    from risk.services.recompute import recompute

    assert wait_for(lambda: not PendingRecompute.objects.exists(), CATCH_UP_SECONDS), sorted(
        PendingRecompute.objects.values_list("date", flat=True)
    )
    assert set(AssessmentRun.objects.filter(date__in=pending).values_list("date", flat=True)) == pending
    assert all(assessed(day) == assessed(PUBLISHED_DAY) for day in pending)
    again = recompute(dates=sorted(pending))  # the same inputs: nothing left to write
    assert again.written == 0 and sorted(again.unchanged) == sorted(pending)


@requires_worker_database
@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_admin_and_the_figures_while_redis_is_down_then_catches_up_with_the_scheduled_run(
    published, data_clerk, on_own_redis, start_worker, client, settings
):
    from covidmaps.celery import app

    worker = start_worker("through-the-outage")  # it lives through the outage and must reconnect by itself
    on_own_redis.stop()
    pending = enter_figures_while_redis_is_down(client, data_clerk)
    on_own_redis.start()  # back, empty: as after a restart without its volume
    # What beat sends at 08:00, 13:00 and 20:00 (risk/schedule.py).
    # The beat's every-minute entry runs recompute_today at the rule set's times: send what it sends when due.
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "risk.recompute_if_due")
    app.send_task("risk.recompute_today", **entry.get("options", {}))
    assert_caught_up(pending)
    assert re.search(r"risk\.recompute_today\[[0-9a-f-]+\] succeeded", worker.output()), worker.output()[-3000:]
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["last_recomputation_age_seconds"] < CATCH_UP_SECONDS


@requires_worker_database
@pytest.mark.django_db(transaction=True)
def test_it_recomputes_the_dates_of_the_outage_with_the_next_change_once_redis_is_back(
    published, data_clerk, on_own_redis, start_worker, client
):
    start_worker("through-the-outage")
    on_own_redis.stop()
    pending = enter_figures_while_redis_is_down(client, data_clerk)
    on_own_redis.start()
    # The next figure entered schedules one recomputation, which takes the dates left from the outage too.
    page = fill_sheet(client, DAY + datetime.timedelta(days=1), {HUU_LIEN: {"tests": 50}})
    assert "1 tạo mới" in page.content.decode()
    assert_caught_up(pending)


@requires_worker_database
@pytest.mark.django_db(transaction=True)
def test_it_catches_up_by_itself_soon_after_redis_is_back(
    published, data_clerk, on_own_redis, start_worker, client, approver, tmp_path
):
    """With worker and beat running, the approver can publish the outage's dates minutes after Redis is back,
    without waiting for another figure or for the next scheduled run (up to 12 hours at night)."""
    from django.conf import settings as django_settings

    start_worker("through-the-outage")
    beat_log = tmp_path / "beat.log"
    with beat_log.open("wb") as out:
        beat = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.faults.worker_app",
                "beat",
                "-l",
                "INFO",
                "-s",
                str(tmp_path / "beat-schedule"),
            ],
            cwd=django_settings.BASE_DIR,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "REDIS_URL": on_own_redis.url, "LOG_FORMAT": "plain"},
        )
    try:
        on_own_redis.stop()
        pending = enter_figures_while_redis_is_down(client, data_clerk)
        on_own_redis.start()
        # A few minutes at most: the publication page tells the approver to "try again in a few minutes".
        assert wait_for(lambda: not PendingRecompute.objects.exists(), 90), (
            f"{len(pending)} dates still pending 90 s after Redis came back"
        )
    finally:
        beat.terminate()
        try:
            beat.wait(20)
        except subprocess.TimeoutExpired:
            beat.kill()
            beat.wait(10)
