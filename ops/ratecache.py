"""A cache backend that only counts, in the database: django-ratelimit's counter shared by every worker process.

Without Redis the default cache is per process (local memory), so two gunicorn workers each let the whole
allowance through. django-ratelimit needs only `add` (start a window's count) and `incr` (count one more request);
here both are single SQL statements on ops.RateCounter (an INSERT, an UPDATE … SET value = value + 1), atomic on
PostgreSQL and SQLite alike, so no count is lost between processes.
"""

import datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

FOREVER = datetime.timedelta(days=3650)


class DatabaseCounterCache(BaseCache):
    """Integers with an expiry, kept in ops.RateCounter."""

    def __init__(self, location, params):
        super().__init__(params)

    @staticmethod
    def _model():
        # Cache backends are built while settings load, before the app registry can import models.
        from .models import RateCounter

        return RateCounter

    def _expiry(self, timeout) -> datetime.datetime:
        # BaseCache gives the moment of expiry as a Unix time (already past for a timeout of 0), None for never.
        moment = self.get_backend_timeout(timeout)
        if moment is None:
            return timezone.now() + FOREVER
        return datetime.datetime.fromtimestamp(moment, tz=datetime.timezone.utc)

    def _live(self, key):
        return self._model().objects.filter(key=key, expires_at__gt=timezone.now())

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        RateCounter = self._model()
        now = timezone.now()
        if self._live(key).exists():
            return False
        # Windows that have ended are never read again.
        RateCounter.objects.filter(expires_at__lte=now).delete()
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=key, value=int(value), expires_at=self._expiry(timeout))
        except IntegrityError:  # another process started this window first
            return False
        return True

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        value = self._live(key).values_list("value", flat=True).first()
        return default if value is None else value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._model().objects.update_or_create(
            key=key, defaults={"value": int(value), "expires_at": self._expiry(timeout)}
        )

    def incr(self, key, delta=1, version=None) -> int:
        key = self.make_and_validate_key(key, version=version)
        if not self._live(key).update(value=F("value") + delta):
            raise ValueError(f"Key '{key}' not found")
        return self._live(key).values_list("value", flat=True).first()

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return bool(self._live(key).update(expires_at=self._expiry(timeout)))

    def delete(self, key, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return bool(self._model().objects.filter(key=key).delete()[0])

    def has_key(self, key, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._live(key).exists()

    def clear(self) -> None:
        self._model().objects.all().delete()
