"""The cache as an optimisation only: when it is down, a read is a miss and a write is skipped.

The public pages must stay up when Redis is not (they are then served from the database).
"""

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from django.core.cache import cache

log = logging.getLogger(__name__)
_MISSING = object()
_last_warning = 0.0


def _warn(exc: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        log.warning("cache unavailable, serving from the database: %s", exc)


def get(key: str, default: Any = None) -> Any:
    try:
        value = cache.get(key, _MISSING)
    except Exception as exc:  # Any backend failure (connection refused, timeout) is a miss.
        _warn(exc)
        return default
    return default if value is _MISSING else value


def set(key: str, value: Any, timeout: float) -> None:  # noqa: A001 (mirrors the cache API)
    try:
        cache.set(key, value, timeout)
    except Exception as exc:
        _warn(exc)


def delete(key: str) -> None:
    try:
        cache.delete(key)
    except Exception as exc:
        _warn(exc)


class MemoryTier:
    """The most recently used values of this process, up to a number of bytes; a miss says nothing.

    For values whose key already names their version (a page under the site's version): no invalidation needed.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._values: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            found = self._values.get(key)
            if found is None:
                return None
            self._values.move_to_end(key)
            return found[0]

    def set(self, key: str, value: Any, size: int) -> None:
        if size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._values.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._values[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._values.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._bytes = 0
