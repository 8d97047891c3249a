"""Recompute assessments when data changes: queue the affected dates, coalesce bursts into one recomputation.

Writers of reports, flags, declared levels and overrides call `request_recompute` once per committed write
(through `transaction.on_commit`). The dates wait in the PendingRecompute table, which survives a cache or broker
outage; a cache key makes sure that only one drain task is scheduled per burst, `RISK_RECOMPUTE_DELAY` seconds
later. Without Redis, Celery runs eagerly and the drain happens at once, in the caller's process.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import PendingRecompute

logger = logging.getLogger(__name__)

SCHEDULED_KEY = "risk:recompute-scheduled"
DEFAULT_DELAY_SECONDS = 5


def delay_seconds() -> int:
    return int(getattr(settings, "RISK_RECOMPUTE_DELAY", DEFAULT_DELAY_SECONDS))


def affected_dates(changed_dates: set[datetime.date], *, today: datetime.date | None = None) -> set[datetime.date]:
    """Return the assessment dates whose inputs include data of changed_dates (D … D+window-1, up to today)."""
    from .selectors import longest_window_days

    today = today or timezone.localdate()
    window = longest_window_days()
    dates: set[datetime.date] = set()
    for changed in changed_dates:
        last = min(changed + datetime.timedelta(days=window - 1), today)
        dates.update(changed + datetime.timedelta(days=n) for n in range((last - changed).days + 1))
    return dates


def request_recompute(*, changed_dates: set[datetime.date]) -> None:
    """Queue the assessment dates affected by data of changed_dates; one recomputation follows per burst."""
    queue_assessment_dates(affected_dates(set(changed_dates)))


def queue_assessment_dates(dates: set[datetime.date]) -> None:
    """Mark these assessment dates for recomputation and schedule a drain after commit."""
    if not dates:
        return
    token, now = uuid.uuid4().hex, timezone.now()
    PendingRecompute.objects.bulk_create(
        [PendingRecompute(date=d, token=token, requested_at=now) for d in sorted(dates)],
        update_conflicts=True, unique_fields=["date"], update_fields=["token", "requested_at"],
    )
    transaction.on_commit(_schedule_drain)


def _schedule_drain() -> None:
    from .tasks import drain_pending

    try:
        if not cache.add(SCHEDULED_KEY, 1, timeout=delay_seconds() + 300):
            return  # a drain is already scheduled and has not started: it will take these dates too
        drain_pending.apply_async(countdown=delay_seconds())
    except Exception:
        # The data is saved and the dates stay pending: the next request or the beat run picks them up.
        logger.exception("risk: recomputation could not be run; the dates stay pending")
        try:
            cache.delete(SCHEDULED_KEY)
        except Exception:
            logger.exception("risk: the cache is unavailable")


def drain() -> list[datetime.date]:
    """Recompute every pending date; keep those requested again meanwhile for the next drain."""
    from .services.recompute import recompute

    cache.delete(SCHEDULED_KEY)  # requests from now on schedule a new drain
    snapshot = dict(PendingRecompute.objects.values_list("date", "token"))
    if not snapshot:
        return []
    recompute(dates=sorted(snapshot))
    done = [
        pk for pk, day, token in PendingRecompute.objects.filter(date__in=snapshot).values_list("pk", "date", "token")
        if snapshot[day] == token
    ]
    PendingRecompute.objects.filter(pk__in=done).delete()
    return sorted(snapshot)
