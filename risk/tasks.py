"""Celery tasks: recompute pending dates after data changes, and today's levels at the scheduled times.

Both are safe to run twice: each date is written in one transaction and only where its result changed, and a
pending date is removed only after its recomputation committed. acks_late with reject_on_worker_lost means a task
whose worker died is delivered again. Both first take the ingest outbox, so that no committed change is missed.
"""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .forecasting import compute_forecast
from .models import PendingRecompute, Publication
from .scheduling import take_data_changes
from .selectors import engine_parameters, ruleset_in_force
from .services.recompute import recompute

logger = logging.getLogger(__name__)

SCHEDULED_KEY = "risk:recompute-scheduled"
RETRY_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (Exception,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


def delay_seconds() -> int:
    return settings.RISK_RECOMPUTE_DELAY


@shared_task(name="risk.drain_pending", **RETRY_OPTIONS)
def drain_pending() -> list[str]:
    """Recompute the dates queued by data changes."""
    take_data_changes()
    return [day.isoformat() for day in drain()]


@shared_task(name="risk.recompute_today", **RETRY_OPTIONS)
def recompute_today() -> list[str]:
    """Recompute today's assessments (Asia/Ho_Chi_Minh), and any date still pending."""
    today = timezone.localdate()
    take_data_changes()
    recompute(dates=[today])
    return [today.isoformat(), *(day.isoformat() for day in drain())]


@shared_task(name="risk.recompute_if_due", **RETRY_OPTIONS)
def recompute_if_due() -> list[str]:
    """Recompute today when this minute is one of the recompute times of today's rule set (the beat's clock)."""
    return recompute_today() if is_recompute_time(timezone.localtime()) else []


def is_recompute_time(now: datetime.datetime) -> bool:
    """Say whether now (local time) falls in a minute listed in the recompute_times of the rule set in force."""
    ruleset = ruleset_in_force(now.date())
    if ruleset is None:
        return False
    return f"{now:%H:%M}" in engine_parameters(ruleset).recompute_times


def drain() -> list[datetime.date]:
    """Recompute every pending date; keep those requested again meanwhile for the next drain."""
    cache.delete(SCHEDULED_KEY)  # requests from now on schedule a new drain
    snapshot = dict(PendingRecompute.objects.values_list("date", "token"))
    if not snapshot:
        return []
    recompute(dates=sorted(snapshot))
    done = [
        pk
        for pk, day, token in PendingRecompute.objects.filter(date__in=snapshot).values_list("pk", "date", "token")
        if snapshot[day] == token
    ]
    PendingRecompute.objects.filter(pk__in=done).delete()
    return sorted(snapshot)


def schedule_drain(sender=None, **kwargs) -> None:
    """Receive dates_queued (after commit): schedule one drain per burst, RISK_RECOMPUTE_DELAY seconds later."""
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


@shared_task(name="risk.forecast_publication", **RETRY_OPTIONS)
def forecast_publication(publication_id: int) -> str | None:
    """Compute and store the 7-day forecast of one publication (after it is published)."""
    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None:
        return None
    stored = compute_forecast(publication=publication)
    return stored.origin.isoformat() if stored else None


def queue_forecast(sender=None, *, publication, forecast: bool = True, **kwargs) -> None:
    """Receive levels_published (after commit): forecast the publication in a worker."""
    if forecast:
        forecast_publication.delay(publication.pk)
