"""The open-data allowance per client address (API_RATE_LIMIT), counted in the one cache store.

With Redis the count is shared by every worker; without it (local memory) each process counts for itself, so the
effective allowance is the limit times the number of processes (the README says so).
"""

from django.conf import settings
from django_ratelimit.core import get_usage

# The usage of this request, kept on it so that the cache middleware and the view count it once.
COUNTED = "_open_data_usage"


def rate_limit() -> str:
    """Return the open-data allowance per client address, as django-ratelimit reads it ("300/m")."""
    return settings.API_RATE_LIMIT


def over_limit(request) -> dict | None:
    """Count this request against its client's allowance (once); return the usage when it is over the limit."""
    if not hasattr(request, COUNTED):
        setattr(request, COUNTED, _count(request))
    return getattr(request, COUNTED)


def _count(request) -> dict | None:
    try:
        usage = get_usage(request, group="open-data", key="ip", rate=rate_limit(), increment=True)
    except Exception:  # The counter lives in the cache: when the cache is down, the data is served unlimited.
        return None
    # A count the cache could not keep comes back as a limit with no time left: serve it rather than refuse.
    return usage if usage and usage["should_limit"] and usage["time_left"] >= 0 else None


def retry_after(usage: dict) -> int:
    """Return the seconds to wait: never 0, even when the window ends within this second (RFC 9110 §10.2.3)."""
    return max(1, int(usage["time_left"]))
