"""The version of the public pages: a token that changes whenever anything they show may have changed.

Pages are cached under it, and it is their ETag, so a publication (or a notice, a measure, an announced level
taking effect) shows at once: publishing clears it from the shared cache, and it never outlives the next change
that comes by itself with time. Without a shared cache each process reads the state again after MAX_AGE.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from areas.models import Area
from ingest.models import DailyReport, DeclaredLevel
from notices.models import Measure, Notice, PublicText
from risk.models import Publication, PublicationForecast, PublishedLevel, RuleSet

from . import softcache
from .selectors import content_state

VERSION_KEY = "public:version"
MAX_AGE = datetime.timedelta(seconds=10)


@dataclass(frozen=True)
class SiteVersion:
    token: str
    last_modified: datetime.datetime
    valid_until: datetime.datetime


def site_version(*, now: datetime.datetime | None = None) -> SiteVersion:
    """Return the current version of the public pages."""
    return current_version(softcache.get(VERSION_KEY), now=now)


def current_version(found: SiteVersion | None, *, now: datetime.datetime | None = None) -> SiteVersion:
    """Return found, the version read from the cache under VERSION_KEY, while it holds; else read the state anew.

    For callers that read the version together with other keys, in one round trip to the cache.
    """
    now = now or timezone.now()
    if isinstance(found, SiteVersion) and found.valid_until > now:
        return found
    state = content_state(now=now)
    valid_until = now + MAX_AGE
    if state.next_change is not None:
        valid_until = min(valid_until, state.next_change)
    version = SiteVersion(
        token=hashlib.sha256(repr(state.parts).encode()).hexdigest()[:16],
        last_modified=state.last_modified,
        valid_until=valid_until,
    )
    softcache.set(VERSION_KEY, version, max(1.0, (valid_until - now).total_seconds()))
    return version


def _forget() -> None:
    softcache.delete(VERSION_KEY)


def forget_site_version() -> None:
    """Make the next request read the state again: now, and once the current transaction commits.

    The second time matters: a page asked for in between would have read the state before the commit. A
    transaction that saves many rows one by one forgets once per row after commit: one cache delete each, cheap
    (bulk writes send no signal and wait MAX_AGE).
    """
    _forget()
    transaction.on_commit(_forget)


def _on_write(sender, **kwargs) -> None:
    forget_site_version()


def watch_writes() -> None:
    """Forget the version whenever a row the public pages show is saved or deleted (bulk writes wait MAX_AGE).

    Connected in PublicConfig.ready()."""
    for model in (
        Area,
        DailyReport,
        DeclaredLevel,
        Measure,
        Notice,
        PublicText,
        Publication,
        PublishedLevel,
        RuleSet,
        PublicationForecast,
    ):
        post_save.connect(_on_write, sender=model, dispatch_uid=f"freshness-save-{model._meta.label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"freshness-delete-{model._meta.label}")
    m2m_changed.connect(_on_write, sender=Notice.areas.through, dispatch_uid="freshness-notice-areas")
