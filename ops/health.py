"""Health of the parts the site depends on: database, cache, broker, and how fresh the computed levels are."""

import datetime
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Max
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from risk.models import Assessment, AssessmentRun

# A check must answer quickly even when Redis hangs: monitoring and load balancers have short timeouts.
REDIS_TIMEOUT_SECONDS = 0.5


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    up: bool
    state: str  # public word: "up", "down" or "eager"
    detail: str  # for operators: backend, timing or error; never published


@dataclass(frozen=True)
class HealthReport:
    database: ComponentStatus
    cache: ComponentStatus
    broker: ComponentStatus
    last_recomputation: datetime.datetime | None
    checked_at: datetime.datetime

    @property
    def components(self) -> tuple[ComponentStatus, ...]:
        return (self.database, self.cache, self.broker)

    @property
    def recomputation_age(self) -> datetime.timedelta | None:
        return self.checked_at - self.last_recomputation if self.last_recomputation else None

    def as_public_dict(self) -> dict:
        """Return what /healthz shows: states and timestamps, no addresses or error texts."""
        if not self.database.up:
            status = "down"
        elif all(component.up for component in self.components):
            status = "ok"
        else:
            status = "degraded"
        age = self.recomputation_age
        return {
            "status": status,
            "checks": {component.name: component.state for component in self.components},
            "last_recomputation": self._recomputation_text(),
            "last_recomputation_age_seconds": round(age.total_seconds()) if age is not None else None,
            "checked_at": self.checked_at.isoformat(),
        }

    def _recomputation_text(self) -> str:
        if not self.database.up:
            return "unknown"
        return self.last_recomputation.isoformat() if self.last_recomputation else "never"


def _elapsed_ms(start: float) -> int:
    return round((time.perf_counter() - start) * 1000)


def _error_text(exc: Exception) -> str:
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__


def _redis_location(url: str) -> str:
    """Describe a Redis URL without its password."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 6379}{parts.path or '/0'}"


def check_database(*, using: str = DEFAULT_DB_ALIAS) -> ComponentStatus:
    """Run a trivial query on the database."""
    start = time.perf_counter()
    connection = connections[using]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure to answer means "down"; the text goes to the operator
        # A broken connection would otherwise be reused by the next check in this thread.
        connection.close()
        return ComponentStatus("database", False, "down", _error_text(exc))
    return ComponentStatus("database", True, "up", f"{connection.vendor} answered in {_elapsed_ms(start)} ms")


def check_cache() -> ComponentStatus:
    """Write, read and delete a key in the default cache."""
    cache = caches["default"]
    backend = type(cache).__name__
    start = time.perf_counter()
    key = f"healthcheck:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # the cache client raises its own connection and timeout errors
        return ComponentStatus("cache", False, "down", f"{backend}: {_error_text(exc)}")
    if found != "1":
        return ComponentStatus("cache", False, "down", f"{backend}: a key just written could not be read back")
    return ComponentStatus("cache", True, "up", f"{backend} answered in {_elapsed_ms(start)} ms")


def check_broker() -> ComponentStatus:
    """Ping the Celery broker, or say that tasks run eagerly in-process."""
    url = settings.CELERY_BROKER_URL
    if settings.CELERY_TASK_ALWAYS_EAGER or url.startswith("memory://"):
        return ComponentStatus("broker", True, "eager", "no broker: tasks run in-process (REDIS_URL is not set)")
    start = time.perf_counter()
    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except Exception as exc:  # connection refused, timeout, authentication: all mean no tasks get queued
        return ComponentStatus("broker", False, "down", f"Redis at {_redis_location(url)}: {_error_text(exc)}")
    finally:
        client.close()
    return ComponentStatus("broker", True, "up", f"Redis at {_redis_location(url)} answered in {_elapsed_ms(start)} ms")


def last_recomputation(*, using: str = DEFAULT_DB_ALIAS) -> datetime.datetime | None:
    """Return when levels were last computed, or None if never.

    A recomputation that changes no level writes no Assessment but still records its run, so both count.
    """
    times = [
        model.objects.using(using).aggregate(newest=Max("computed_at"))["newest"]
        for model in (Assessment, AssessmentRun)
    ]
    return max((t for t in times if t is not None), default=None)


def health_report(*, using: str = DEFAULT_DB_ALIAS) -> HealthReport:
    """Check every component; never raises for a component that is down."""
    database = check_database(using=using)
    newest = None
    if database.up:
        try:
            newest = last_recomputation(using=using)
        except DatabaseError as exc:
            # A database that answers without the site's tables (not migrated, wrong name) cannot serve the site.
            database = ComponentStatus("database", False, "down", f"answers, but {_error_text(exc)}")
    return HealthReport(
        database=database,
        cache=check_cache(),
        broker=check_broker(),
        last_recomputation=newest,
        checked_at=timezone.now(),
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 while the database answers (the site can serve from it alone), 503 otherwise."""
    report = health_report()
    return JsonResponse(report.as_public_dict(), status=200 if report.database.up else 503)
