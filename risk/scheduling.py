"""Recompute assessments when data changes: queue the affected dates, coalesce bursts into one recomputation.

The ingest app records each changed data date in its outbox (ingest.DataChange) in the same transaction as the
data, and sends `data_changed` after commit; `take_data_changes` turns the outbox rows into pending assessment
dates (PendingRecompute, which survives a cache or broker outage) and removes them, in one transaction. Overrides
and rule sets queue their dates here directly. After commit, `dates_queued` makes risk.tasks schedule one drain
per burst, RISK_RECOMPUTE_DELAY seconds later; the beat run every minute takes the outbox and drains too, so a
committed change whose after-commit step failed is still recomputed.
"""

import datetime
import logging
import uuid

from django.db import transaction
from django.utils import timezone

from ingest.models import DataChange

from .models import PendingRecompute
from .selectors import longest_window_days
from .signals import dates_queued

logger = logging.getLogger(__name__)


def affected_dates(changed_dates: set[datetime.date], *, today: datetime.date | None = None) -> set[datetime.date]:
    """Return the assessment dates whose inputs include data of changed_dates (D … D+window-1, up to today)."""
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
    """Mark these assessment dates for recomputation; announce them after commit."""
    if not dates:
        return
    token, now = uuid.uuid4().hex, timezone.now()
    PendingRecompute.objects.bulk_create(
        [PendingRecompute(date=d, token=token, requested_at=now) for d in sorted(dates)],
        update_conflicts=True,
        unique_fields=["date"],
        update_fields=["token", "requested_at"],
    )
    queued = set(dates)
    transaction.on_commit(lambda: dates_queued.send(sender=PendingRecompute, dates=queued))


def take_data_changes() -> set[datetime.date]:
    """Move the ingest outbox into the pending assessment dates, in one transaction; return the data dates."""
    with transaction.atomic():
        rows = list(DataChange.objects.select_for_update(skip_locked=True).values_list("pk", "date"))
        if not rows:
            return set()
        changed = {day for _pk, day in rows}
        request_recompute(changed_dates=changed)
        DataChange.objects.filter(pk__in=[pk for pk, _day in rows]).delete()
    return changed


def on_data_changed(sender, **kwargs) -> None:
    """Receive ingest's data_changed (after its commit): take the outbox now rather than at the next beat run."""
    take_data_changes()
