"""Answer repeated public GETs from this process's memory, before the rest of the middleware runs.

The public pages and open data are the same for everyone and change only with the site's version, so the
response as it leaves the middleware stack (security headers included) is kept under (version, path, query)
and replayed for the next identical request. A miss, or anything not marked cacheable by its view
(public.views.caching.serve_cached), goes through the whole stack as usual. Open-data requests are still
counted against their client's allowance before being answered from memory.

Place it right after the request-logging middleware, before SecurityMiddleware.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified

from .freshness import site_version
from .softcache import MemoryTier

MARK = "public_cache"  # the attribute serve_cached sets on a response that may be kept: "page" or "api"
STORE = MemoryTier(max_bytes=48 * 1024 * 1024)
# Headers a 304 repeats (RFC 9110 §15.4.5), besides the security headers the stack added.
NOT_MODIFIED_DROPS = {"content-type", "content-length", "content-disposition", "content-encoding"}


@dataclass(frozen=True)
class Kept:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    kind: str


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or (settings.SECURE_SSL_REDIRECT and not request.is_secure()):
            return self.get_response(request)
        request.get_host()  # a host we do not serve is refused as usual (DisallowedHost → 400)
        key = f"{site_version().token}|{request.path}|{request.META.get('QUERY_STRING', '')}"
        kept = STORE.get(key)
        if kept is not None and not (kept.kind == "api" and _over_allowance(request)):
            return _replay(request, kept)
        response = self.get_response(request)
        kind = getattr(response, MARK, None)
        if kind and response.status_code == 200 and not response.streaming and not response.cookies:
            headers = tuple((name, value) for name, value in response.items() if name.lower() != "set-cookie")
            STORE.set(key, Kept(response.content, headers, response.get("ETag", ""), kind), len(response.content))
        return response


def _over_allowance(request) -> bool:
    from .api import over_allowance

    return over_allowance(request)


def _replay(request, kept: Kept) -> HttpResponse:
    asked = request.META.get("HTTP_IF_NONE_MATCH", "")
    if kept.etag and kept.etag in [tag.strip() for tag in asked.split(",")]:
        response = HttpResponseNotModified()
        for name, value in kept.headers:
            if name.lower() not in NOT_MODIFIED_DROPS:
                response[name] = value
        return response
    # A HEAD answer carries the headers of the GET one, without its body.
    response = HttpResponse(b"" if request.method == "HEAD" else kept.content)
    for name, value in kept.headers:
        response[name] = value
    return response
