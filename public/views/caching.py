"""Public responses cached per version of the site, with ETag and Last-Modified so that clients revalidate cheaply."""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .. import softcache
from ..freshness import site_version
from ..pagecache import MARK as PAGECACHE_MARK
from .common import HISTORY_PARAM, BadRequest, bad_request, history_day

TTL = 24 * 3600
# Pages and API answers most asked for stay in each process's memory too (the shared cache is a round trip away).
MEMORY = softcache.MemoryTier(max_bytes=32 * 1024 * 1024)
# Query values longer than this are not ones our forms make; they are cut so that a key stays small.
MAX_PARAM_LENGTH = 40
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def query_parts(request, names: tuple[str, ...]) -> tuple:
    """Return the values of the named query parameters, the only ones that may change a cached response."""
    return tuple((name, request.GET.get(name, "")[:MAX_PARAM_LENGTH]) for name in names)


def serve_cached(request, *, parts: tuple, build: Callable[[], HttpResponse], kind: str = "page") -> HttpResponse:
    """Answer from the cache, with 304 when the client has this version, else build and keep a 200 response.

    `kind` ("page" or "api") marks the response for public.pagecache, which keeps it in memory.
    """
    if request.method not in ("GET", "HEAD"):
        return build()
    version = site_version()
    digest = hashlib.sha256(repr((version.token, translation.get_language(), request.path, parts)).encode()).hexdigest()
    key, etag = f"public:{digest[:32]}", f'"{digest[:24]}"'
    last_modified = version.last_modified.timestamp()
    response = get_conditional_response(request, etag=etag, last_modified=int(last_modified))
    if response is None:
        hit = MEMORY.get(key)
        if hit is None:
            hit = softcache.get(key)
            if hit is not None:
                MEMORY.set(key, hit, len(hit[0]))
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
        else:
            response = build()
            if response.status_code != 200 or response.streaming:
                return response
            kept = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            softcache.set(key, (response.content, kept), TTL)
            MEMORY.set(key, (response.content, kept), len(response.content))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    setattr(response, PAGECACHE_MARK, kind)
    # Shared caches may keep a response, but must ask again each time: a publication must show at once.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


def public_page(*, params: tuple[str, ...] = (), cache: bool = True):
    """Parse the page's date (?ngay=, 400 when bad) and pass it as `day`; cache the page per site version.

    `params` names the query parameters that change the page (besides ?ngay=); any other is ignored.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                day = history_day(request)
            except BadRequest as exc:
                return bad_request(request, exc.message)
            if not cache:
                return view(request, *args, day=day, **kwargs)
            return serve_cached(
                request, parts=query_parts(request, (HISTORY_PARAM, *params)),
                build=lambda: view(request, *args, day=day, **kwargs),
            )

        return wrapper

    return decorate
