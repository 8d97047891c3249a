"""Celery tasks: recompute pending dates after data changes, and today's levels at the scheduled times.

Both are safe to run twice: each date is written in one transaction and only where its result changed, and a
pending date is removed only after its recomputation committed. acks_late with reject_on_worker_lost means a task
whose worker died is delivered again.
"""

from celery import shared_task
from django.utils import timezone

RETRY_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (Exception,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


@shared_task(name="risk.drain_pending", **RETRY_OPTIONS)
def drain_pending() -> list[str]:
    """Recompute the dates queued by data changes."""
    from .scheduling import drain

    return [day.isoformat() for day in drain()]


@shared_task(name="risk.recompute_today", **RETRY_OPTIONS)
def recompute_today() -> list[str]:
    """Recompute today's assessments (Asia/Ho_Chi_Minh), and any date still pending."""
    from .scheduling import drain
    from .services.recompute import recompute

    today = timezone.localdate()
    recompute(dates=[today])
    return [today.isoformat(), *(day.isoformat() for day in drain())]


@shared_task(name="risk.forecast_publication", **RETRY_OPTIONS)
def forecast_publication(publication_id: int) -> str | None:
    """Compute and store the 7-day forecast of one publication (after it is published)."""
    from .forecasting import compute_forecast
    from .models import Publication

    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None:
        return None
    stored = compute_forecast(publication=publication)
    return stored.origin.isoformat() if stored else None
