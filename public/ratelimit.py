"""The open-data allowance per client address (API_RATE_LIMIT): a count per address and fixed window.

The count is kept in the store RATELIMIT_USE_CACHE names: Redis, shared by every worker; without Redis, the database
(ops.ratecache), shared too. A replayed answer reads the kept response and counts the request in one round trip to
Redis (`read_counting`), which is why this is not django-ratelimit: its count takes two round trips of its own,
more than the replay itself. The alerts' sign-up throttle, which no replay meets, still uses django-ratelimit.
"""

import functools
import re
import time

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.utils.module_loading import import_string

from . import softcache

# The usage of this request, kept on it so that the cache middleware and the view count it once.
COUNTED = "_open_data_usage"
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def rate_limit() -> str:
    """Return the open-data allowance per client address, as written in the settings ("300/m")."""
    return settings.API_RATE_LIMIT


@functools.lru_cache(maxsize=16)
def allowance(rate: str) -> tuple[int, int]:
    """Return (requests, seconds) of a rate written "300/m", "20/5m": requests per window of that many seconds."""
    match = RATE.match(rate)
    if match is None:
        raise ValueError(f"API_RATE_LIMIT must read like 300/m or 20/5m (s, m, h, d), not {rate!r}.")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * PERIODS[unit]


def check_rate_limit(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Refuse to start with an allowance written in a way this module cannot read (registered in PublicConfig)."""
    try:
        allowance(rate_limit())
    except ValueError as exc:
        return [checks.Error(str(exc), id="public.E001")]
    return []


@functools.cache
def _client_address_function(path: str):
    return import_string(path)


def client_address(request) -> str:
    """Return the client's address by the proxy rule of the settings (RATELIMIT_IP_META_KEY, ops.clientip)."""
    return _client_address_function(settings.RATELIMIT_IP_META_KEY)(request)


def _window(request) -> tuple[str, int, int, int]:
    """Return the counter's key for this request's address and window, the limit, the window's length and end."""
    limit, seconds = allowance(rate_limit())
    now = int(time.time())
    start = now - now % seconds
    return f"open-data:{seconds}:{start}:{client_address(request)}", limit, seconds, start + seconds


def _usage(count: int | None, limit: int, ends: int) -> dict | None:
    # A count the store could not keep is no reason to refuse: the data is served unlimited while it is down.
    if count is None:
        return None
    return {"count": count, "limit": limit, "should_limit": count > limit, "time_left": ends - int(time.time())}


def read_counting(request, keys: list[str]) -> dict:
    """Read keys from the shared cache and count this request against its allowance: one round trip with Redis."""
    counter, limit, seconds, ends = _window(request)
    store = caches[settings.RATELIMIT_USE_CACHE]
    if settings.RATELIMIT_USE_CACHE == "default" and hasattr(store, "get_many_and_incr"):
        try:
            found, count = store.get_many_and_incr(keys, counter, seconds)
        except Exception as exc:  # the cache is an optimisation: read as a miss, serve unlimited
            softcache.warn(exc)
            found, count = {}, None
    else:
        found, count = softcache.get_many(keys), _count(store, counter, seconds)
    setattr(request, COUNTED, _usage(count, limit, ends))
    return found


def over_limit(request) -> dict | None:
    """Count this request against its client's allowance (once); return the usage when it is over the limit."""
    if not hasattr(request, COUNTED):
        counter, limit, seconds, ends = _window(request)
        setattr(request, COUNTED, _usage(_count(caches[settings.RATELIMIT_USE_CACHE], counter, seconds), limit, ends))
    usage = getattr(request, COUNTED)
    return usage if usage is not None and usage["should_limit"] else None


def _count(store, counter: str, seconds: int) -> int | None:
    """Count one more request in counter, started at 1 with the window's length as expiry; None if the store fails."""
    try:
        if store.add(counter, 1, seconds):
            return 1
        try:
            return store.incr(counter)
        except ValueError:  # the window's key expired between the two: it is a new window
            return 1 if store.add(counter, 1, seconds) else store.incr(counter)
    except Exception:
        return None


def retry_after(usage: dict) -> int:
    """Return the seconds to wait: never 0, even when the window ends within this second (RFC 9110 §10.2.3)."""
    return max(1, int(usage["time_left"]))
