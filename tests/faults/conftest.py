"""Fixtures of the fault tests: Lạng Sơn with published levels, a Redis server of the test's own that it stops and
starts again, Celery worker processes that it kills, and helpers that wait (always with a deadline)."""

import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Shapely must load its bundled GEOS before SpatiaLite loads Debian's older one (see tests/risk/conftest.py).
import shapely  # noqa: F401
from django.conf import settings as django_settings

# The fault tests' own Redis servers; the shared one (6379) is never stopped.
REDIS_PORTS = range(6380, 6390)
PUBLISHED_DAY = datetime.date(2021, 6, 9)  # levels of this date are in force when a test starts
DAY = datetime.date(2021, 6, 10)  # the date clerks enter figures for
HUU_LUNG, HUU_LIEN, YEN_THINH = "186", "06388", "06391"
SHEET = "/admin/ingest/dailyreport/sheet/"
PASSWORD = "a-long-test-password"  # the personas' password (tests/conftest.py)

requires_worker_database = pytest.mark.skipif(
    not django_settings.USING_POSTGIS, reason="a worker process shares the test database only on PostGIS"
)
requires_redis_server = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is missing")


def wait_for(check, timeout: float, interval: float = 0.2) -> bool:
    """Poll check() until it is true or timeout seconds have passed; return whether it became true."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


# ── Lạng Sơn and its levels ──────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def province(langson):
    """Lạng Sơn's units with boundaries and adjacency (the session's copy, tests/conftest.py)."""
    return langson


@pytest.fixture
def published(province, approver, settings, tmp_path):
    """Levels of PUBLISHED_DAY computed from a report of Hữu Liên and published by the approver (in force now)."""
    from areas.models import Area
    from ingest.models import DailyReport
    from risk import selectors
    from risk.services.publication import publish_levels
    from risk.services.recompute import recompute

    settings.PUBLISHED_ROOT = tmp_path / "published"
    DailyReport.objects.create(
        area=Area.objects.get(code=HUU_LIEN), date=PUBLISHED_DAY, community_cases_unknown_source=1
    )
    recompute(dates=[PUBLISHED_DAY])
    return publish_levels(
        data_date=PUBLISHED_DAY,
        user=approver,
        effective_at=selectors.start_of(PUBLISHED_DAY + datetime.timedelta(days=1)),
        confirm_incomplete=True,
    )


def published_rows() -> set[tuple]:
    """Every published level, as plain values: equal sets mean that no publication changed."""
    import json

    from risk.models import PublishedLevel

    rows = PublishedLevel.objects.values_list("publication_id", "area_id", "level", "since", "reasons")
    return {(*values, json.dumps(reasons, sort_keys=True)) for *values, reasons in rows}


def assessed(day: datetime.date) -> int:
    from risk.models import Assessment

    return Assessment.objects.filter(date=day).count()


# ── The admin, as a browser uses it ──────────────────────────────────────────────────────────────────────────


class _SheetInputs(HTMLParser):
    """The named inputs of the entry sheet's form, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.inside, self.values = False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "sheet-form"
        elif tag == "input" and self.inside and attrs.get("name") and attrs.get("type") != "submit":
            self.values[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def sheet_url(day: datetime.date, district: str = HUU_LUNG) -> str:
    return f"{SHEET}?date={day.isoformat()}&district={district}"


def fill_sheet(client, day: datetime.date, values: dict[str, dict[str, object]], district: str = HUU_LUNG):
    """Open the day's sheet, type values (by area code), press "save"; return the response (redirects followed)."""
    from areas.models import Area

    url = sheet_url(day, district)
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    form = _SheetInputs()
    form.feed(page.content.decode())
    assert form.values, "the sheet has no form"
    pks = dict(Area.objects.filter(code__in=values).values_list("code", "pk"))
    for code, cells in values.items():
        for key, value in cells.items():
            form.values[f"c-{pks[code]}-{key}"] = str(value)
    return client.post(url, form.values, follow=True)


def log_in(client, user) -> None:
    """Log in through the admin's login form, as a person does (password, session cookie)."""
    response = client.post("/admin/login/?next=/admin/", {"username": user.get_username(), "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/", response.status_code


# ── Redis ────────────────────────────────────────────────────────────────────────────────────────────────────


class RedisServer:
    """A redis-server process of the test's own, without persistence: a restart comes back empty, the worst case."""

    def __init__(self, port: int, folder: Path):
        self.port, self.folder, self.process = port, folder, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def answers(self) -> bool:
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.2, socket_timeout=0.2)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if not wait_for(self.answers, 10, 0.05):
            self.stop()
            raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        """Shut the server down (SIGTERM; SIGKILL if it does not go within 10 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGCONT)  # a frozen server cannot handle SIGTERM
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)


def _free_port() -> int:
    for port in REDIS_PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip(f"every port from {REDIS_PORTS.start} to {REDIS_PORTS.stop - 1} is taken")


@pytest.fixture
def redis_server(tmp_path):
    """A running Redis of the test's own; stopped at the end whatever state the test left it in."""
    server = RedisServer(_free_port(), tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _reset_celery_connections(app) -> None:
    """Drop the pooled broker connections so that the next task goes to the broker now configured. Kombu keeps
    its pools in a registry keyed by URL: a closed pool left there would be handed to the next test that gets the
    same port, so the registry is emptied too (pools are made again on demand)."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def on_own_redis(settings, redis_server):
    """Point this process's cache and Celery broker at the test's Redis, as REDIS_URL does in production."""
    from covidmaps.celery import app

    settings.REDIS_URL = redis_server.url
    # The production cache settings (covidmaps/settings.py), on this server.
    settings.CACHES = {
        "default": {
            "BACKEND": "ops.cache.SharedClientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "covidmaps",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.CELERY_BROKER_URL = redis_server.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.RISK_RECOMPUTE_DELAY = 0  # no need to wait for a burst to end: one write per step here
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = redis_server.url, False
    _reset_celery_connections(app)
    try:
        yield redis_server
    finally:
        app.conf.broker_url, app.conf.task_always_eager = previous
        _reset_celery_connections(app)


# ── Celery workers ───────────────────────────────────────────────────────────────────────────────────────────


class Worker:
    """A Celery worker process (in its own process group, so that its pool processes go with it)."""

    def __init__(self, name: str, process: subprocess.Popen, log: Path):
        self.name, self.process, self.log = name, process, log

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_ready(self, timeout: float = 60) -> None:
        if not wait_for(lambda: " ready." in self.output() or self.process.poll() is not None, timeout):
            raise AssertionError(f"worker {self.name} not ready after {timeout:.0f} s:\n{self.output()[-3000:]}")
        if self.process.poll() is not None:
            raise AssertionError(f"worker {self.name} exited with {self.process.returncode}:\n{self.output()[-3000:]}")

    def pool_processes(self) -> list[int]:
        """The pids of the worker's pool processes (prefork), from /proc."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill(self) -> None:
        """SIGKILL the whole worker: no shutdown, no acknowledgement, open transactions cut."""
        self._signal_group(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                pass
        # The pool processes too, even when the main process is already gone.
        self._signal_group(signal.SIGKILL)
        if self.process.poll() is None:
            self.process.wait(10)

    def _signal_group(self, sig) -> None:
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass


@pytest.fixture
def start_worker(redis_server, tmp_path):
    """Start Celery workers on the test's Redis and database (`python -m celery -A tests.faults.worker_app worker`);
    every one is stopped at the end."""
    started: list[Worker] = []

    def start(name: str, *, pool: str = "solo", env: dict | None = None, wait: bool = True) -> Worker:
        db = django_settings.DATABASES["default"]
        log = tmp_path / f"worker-{name}.log"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "covidmaps.settings",
            "DATABASE_URL": f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": redis_server.url,
            "LOG_FORMAT": "plain",
            "LOG_LEVEL": "INFO",
            "PUBLISHED_ROOT": str(tmp_path / "published"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            **(env or {}),
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.faults.worker_app",
            "worker",
            "-P",
            pool,
            "-c",
            "1",
            "-n",
            f"{name}@%h",
            "-l",
            "INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                cwd=django_settings.BASE_DIR,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = Worker(name, process, log)
        started.append(worker)
        if wait:
            worker.wait_ready()
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()
