"""How current the figures a page shows are: their data date, whether it is too old, and the next scheduled update."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from . import selectors


@dataclass(frozen=True)
class Freshness:
    data_date: datetime.date | None  # the data date of the levels in force on the page
    days_old: int | None  # days between the data date and the day the page shows
    stale: bool
    next_update: datetime.datetime | None  # the next scheduled recomputation (None on a page of the past)


def freshness(*, day: datetime.date | None, now: datetime.datetime | None = None) -> Freshness:
    """Return the freshness of a page showing now (day None) or the end of a past day."""
    now = now or timezone.now()
    at = selectors.moment(day, now=now)
    shown_day = timezone.localdate(at)
    publication = selectors.publication_in_force(at=at)
    data_date = publication.data_date if publication else None
    days_old = (shown_day - data_date).days if data_date else None
    stale = days_old is not None and days_old > settings.PUBLIC_STALE_AFTER_DAYS
    return Freshness(
        data_date=data_date,
        days_old=days_old,
        stale=stale,
        next_update=None if day else selectors.next_scheduled_update(now),
    )
