"""Tell the risk app which data dates changed, once the write has committed."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone


def days_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """Return the dates start … end, no later than today (later dates have no assessment to redo)."""
    end = min(end, timezone.localdate())
    return {start + datetime.timedelta(days=n) for n in range((end - start).days + 1)}


def recompute_after_commit(dates: Iterable[datetime.date]) -> None:
    """Ask for one recomputation of the levels that data of these dates affects, after the transaction commits."""
    changed = set(dates)
    if not changed:
        return

    def request() -> None:
        from risk.scheduling import request_recompute

        request_recompute(changed_dates=changed)

    # robust: the data is saved whatever happens here; the risk app's scheduled runs catch up.
    transaction.on_commit(request, robust=True)
