"""The health checks with a real Redis that is stopped, or frozen, under them."""

import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.core.management import CommandError, call_command

from ops.health import health_report

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
]

# Ports reserved for the operations tests' own Redis servers.
PORTS = range(6390, 6400)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("every port from 6390 to 6399 is taken")


@pytest.fixture
def own_redis(settings):
    """A Redis server of our own, with the settings' cache and broker pointed at it."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    url = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "ops.cache.SharedClientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "covidmaps",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGCONT)
            process.terminate()
            process.wait(timeout=10)


def test_it_reports_redis_up_while_it_runs(db, own_redis):
    report = health_report()
    assert [c.state for c in report.components] == ["up", "up", "up"]


def test_it_reports_cache_and_broker_down_when_redis_is_stopped(db, own_redis, client, capsys):
    own_redis.terminate()
    own_redis.wait(timeout=10)
    report = health_report()
    assert (report.database.state, report.cache.state, report.broker.state) == ("up", "down", "down")
    assert "Connection refused" in report.broker.detail
    # The site still serves from the database: load balancers must keep this container.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"] == {"database": "up", "cache": "down", "broker": "down"}
    with pytest.raises(CommandError, match="cache is down; broker is down"):
        call_command("healthcheck")
    call_command("healthcheck", "--require", "database")
    assert "healthy" in capsys.readouterr().out


def test_it_answers_within_seconds_when_redis_hangs(db, own_redis):
    own_redis.send_signal(signal.SIGSTOP)
    start = time.monotonic()
    report = health_report()
    elapsed = time.monotonic() - start
    assert (report.database.state, report.cache.state, report.broker.state) == ("up", "down", "down")
    assert "Timeout" in report.broker.detail
    assert elapsed < 3, f"the health check took {elapsed:.1f} s with a frozen Redis"
