"""The one cache store (Django's cache framework) as an optimisation only: when it is down, a read is a miss and a
write is skipped.

The public pages must stay up when Redis is not (they are then served from the database).
"""

import logging
import time
from typing import Any

from django.core.cache import cache

log = logging.getLogger(__name__)
_MISSING = object()
_last_warning = 0.0


def warn(exc: Exception) -> None:
    """Log that the store failed, once a minute at most."""
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        log.warning("cache unavailable, serving from the database: %s", exc)


def get(key: str, default: Any = None) -> Any:
    try:
        value = cache.get(key, _MISSING)
    except Exception as exc:  # Any backend failure (connection refused, timeout) is a miss.
        warn(exc)
        return default
    return default if value is _MISSING else value


def get_many(keys: list[str]) -> dict[str, Any]:
    """Return the values found of these keys, in one round trip to the store."""
    try:
        return cache.get_many(keys)
    except Exception as exc:
        warn(exc)
        return {}


def set(key: str, value: Any, timeout: float) -> None:  # noqa: A001 (mirrors the cache API)
    try:
        cache.set(key, value, timeout)
    except Exception as exc:
        warn(exc)


def delete(key: str) -> None:
    try:
        cache.delete(key)
    except Exception as exc:
        warn(exc)


def clear() -> None:
    try:
        cache.clear()
    except Exception as exc:
        warn(exc)
