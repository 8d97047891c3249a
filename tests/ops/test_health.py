import datetime
import socket

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import timezone

from areas.models import Area
from ops.health import health_report
from risk.models import Assessment, RuleSet


def expected_broker_state() -> str:
    return "up" if settings.REDIS_URL else "eager"


def assess(*, computed_at: datetime.datetime) -> Assessment:
    area = Area.objects.create(code="99", kind="province", name="Tỉnh Thử", type_label="Tỉnh")
    ruleset = RuleSet.objects.create(code="TEST-HEALTH", name="Bộ quy tắc thử", valid_from=datetime.date(2021, 1, 1))
    return Assessment.objects.create(
        area=area,
        date=datetime.date(2021, 6, 15),
        ruleset=ruleset,
        level=2,
        computed_level=2,
        fingerprint="f" * 64,
        computed_at=computed_at,
    )


@pytest.fixture
def dead_database():
    """Swap the default connection for one to a database that cannot be reached."""
    live = connections["default"]
    if live.vendor == "sqlite":
        unreachable = {**live.settings_dict, "NAME": "/nonexistent-folder/covidmaps.sqlite3"}
    else:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            closed_port = sock.getsockname()[1]
        unreachable = {**live.settings_dict, "HOST": "127.0.0.1", "PORT": closed_port}
    dead = type(live)(unreachable, "default")
    connections["default"] = dead
    try:
        yield dead
    finally:
        connections["default"] = live
        dead.close()


def test_it_reports_every_component_up_and_levels_never_computed(db):
    report = health_report()
    assert (report.database.state, report.cache.state, report.broker.state) == ("up", "up", expected_broker_state())
    assert report.last_recomputation is None
    assert report.as_public_dict()["last_recomputation"] == "never"


def test_it_reports_the_age_of_the_last_recomputation(db):
    computed_at = timezone.now() - datetime.timedelta(hours=3)
    assess(computed_at=computed_at)
    report = health_report()
    assert report.last_recomputation == computed_at
    assert 3 * 3600 <= report.as_public_dict()["last_recomputation_age_seconds"] < 3 * 3600 + 60


def test_healthz_answers_200_with_json(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok" and body["last_recomputation"] == "never"
    assert body["checks"] == {"database": "up", "cache": "up", "broker": expected_broker_state()}


def test_healthz_is_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/admin/login/").status_code == 301


def test_healthz_answers_503_when_the_database_is_down(client, db, dead_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down" and body["checks"]["database"] == "down"
    assert body["last_recomputation"] == "unknown"
    # Operators read the error with the healthcheck command; the public endpoint does not leak it.
    assert "nonexistent" not in response.content.decode() and "127.0.0.1" not in response.content.decode()


def test_the_command_reports_and_exits_0_when_healthy(db, capsys):
    call_command("healthcheck")
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:2] == ["database", "up"]
    assert "last recomputation never" in " ".join(out.split())
    assert out.strip().endswith("healthy")


def test_the_command_exits_1_when_the_database_is_down(db, dead_database, capsys):
    with pytest.raises(CommandError, match="database is down") as raised:
        call_command("healthcheck")
    assert raised.value.returncode == 1
    assert "unknown (database down)" in capsys.readouterr().out


def test_the_command_fails_on_stale_or_missing_levels_when_asked(db, capsys):
    with pytest.raises(CommandError, match="levels were never computed"):
        call_command("healthcheck", "--max-age", "26")
    assess(computed_at=timezone.now() - datetime.timedelta(hours=30))
    with pytest.raises(CommandError, match="older than 26 h"):
        call_command("healthcheck", "--max-age", "26")
    call_command("healthcheck", "--max-age", "31")
    assert "(30 h 00 min ago)" in capsys.readouterr().out
