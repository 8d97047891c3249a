"""`/healthz` and `manage.py healthcheck` with Redis dead: they say so, and still tell how old the levels are (the
operations tests cover each part alone: components up/down/frozen, the age of a stored assessment)."""

import datetime
import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.utils import timezone

from areas.models import Area
from ops.health import health_report
from ingest.models import DailyReport
from risk.models import Assessment, AssessmentRun

from .conftest import PUBLISHED_DAY, requires_redis_server


def healthcheck(*args) -> str:
    out = io.StringIO()
    call_command("healthcheck", *args, stdout=out)
    return out.getvalue()


@pytest.mark.services
@requires_redis_server
@pytest.mark.django_db
def test_it_reports_the_dead_redis_and_the_age_of_the_last_recomputation(published, on_own_redis, client):
    newest = Assessment.objects.aggregate(newest=Max("computed_at"))["newest"]
    two_hours_ago = newest - datetime.timedelta(hours=2)
    Assessment.objects.update(computed_at=two_hours_ago)
    AssessmentRun.objects.update(computed_at=two_hours_ago)
    on_own_redis.stop()

    start = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - start < 3
    assert response.status_code == 200  # the site serves from the database: keep this container in the pool
    health = response.json()
    assert health["status"] == "degraded"
    assert health["checks"] == {"database": "up", "cache": "down", "broker": "down"}
    assert datetime.datetime.fromisoformat(health["last_recomputation"]) == two_hours_ago
    assert 2 * 3600 <= health["last_recomputation_age_seconds"] < 2 * 3600 + 120

    # Redis is not required for the levels to be fresh: with only the database required, the levels' age decides.
    out = healthcheck("--require", "database", "--max-age", "3")
    local = timezone.localtime(two_hours_ago)
    assert f"last recomputation {local:%d/%m/%Y %H:%M} (2 h 00 min ago)" in " ".join(out.split())
    assert "cache down" in " ".join(out.split()) and "broker down" in " ".join(out.split())
    assert out.rstrip().endswith("healthy")
    with pytest.raises(CommandError, match=r"^cache is down; broker is down\.$"):
        healthcheck("--max-age", "3")
    with pytest.raises(CommandError, match=r"^the last recomputation is older than 1 h\.$"):
        healthcheck("--require", "database", "--max-age", "1")


@pytest.mark.core
def test_it_counts_a_recomputation_that_changed_no_level(published):
    """New figures that change no level are still recomputed: the levels are as fresh as that recomputation."""
    from risk.services.recompute import recompute

    three_hours_ago = timezone.now() - datetime.timedelta(hours=3)
    Assessment.objects.update(computed_at=three_hours_ago)
    AssessmentRun.objects.update(computed_at=three_hours_ago)
    # Cases found in quarantine: an input of the rules, which changes no level here.
    DailyReport.objects.create(area=Area.objects.get(code="06166"), date=PUBLISHED_DAY, quarantined_cases=1)
    result = recompute(dates=[PUBLISHED_DAY])
    assert result.evaluated == [PUBLISHED_DAY] and result.written == 0
    assert health_report().recomputation_age < datetime.timedelta(minutes=1)
