"""The client's address, as the reverse proxies in front of us saw it."""

from django.conf import settings


def client_ip(request) -> str:
    """Return the client address: the X-Forwarded-For entry added by our outermost trusted proxy.

    Each proxy appends the address it received the request from, so with PROXY_COUNT proxies the
    entry PROXY_COUNT from the right is the one no client can forge; anything left of it may be.
    """
    count = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
