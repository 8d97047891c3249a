"""Record which data dates changed, in the writer's transaction, and tell the apps above once it commits."""

import datetime
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ..models import DataChange
from ..signals import data_changed

logger = logging.getLogger(__name__)


def days_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """Return the dates start … end, no later than today (later dates have no assessment to redo)."""
    end = min(end, timezone.localdate())
    return {start + datetime.timedelta(days=n) for n in range((end - start).days + 1)}


def recompute_after_commit(dates: Iterable[datetime.date]) -> None:
    """Record the changed data dates in the outbox now (same transaction as the data); signal after commit.

    The signal only makes the recomputation prompt: if its receiver fails, the rows stay in the outbox and the
    risk app's scheduled run takes them.
    """
    changed = sorted(set(dates))
    if not changed:
        return
    now = timezone.now()
    DataChange.objects.bulk_create([DataChange(date=day, recorded_at=now) for day in changed])
    transaction.on_commit(_announce)


def _announce() -> None:
    for receiver, outcome in data_changed.send_robust(sender=DataChange):
        if isinstance(outcome, Exception):
            logger.error(
                "ingest: %s failed on data_changed; the scheduled run takes the changes",
                getattr(receiver, "__qualname__", receiver),
                exc_info=outcome,
            )
